package io.missioncontrol.cluster.slurm;

import java.time.Duration;
import java.time.LocalDateTime;

/**
 * One job as {@code sacct} records it ({@link SlurmCommands#ACCOUNTING_FIELDS}).
 *
 * @param jobId     SLURM job id
 * @param state     state, with details such as {@code by 1001} removed ({@code CANCELLED by 1001} → CANCELLED)
 * @param rawState  state as printed
 * @param exitCode  the batch script's exit code ({@code 3:0} → 3)
 * @param signal    the signal that ended it, 0 when none ({@code 0:9} → 9)
 * @param elapsed   run time
 * @param start     start time in the cluster's local time, {@code null} when it has not started
 * @param end       end time in the cluster's local time, {@code null} while running
 * @param reason    SLURM's reason field ({@code None} when none)
 * @param comment   the job's comment, {@code null} when none
 */
public record AccountingEntry(String jobId, SlurmJobState state, String rawState, int exitCode, int signal,
                              Duration elapsed, LocalDateTime start, LocalDateTime end, String reason,
                              String comment) {
}
