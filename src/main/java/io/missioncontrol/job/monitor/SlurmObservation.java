package io.missioncontrol.job.monitor;

import io.missioncontrol.job.JobStatus;
import java.time.Duration;

/**
 * What SLURM said about one job in one poll, already in the portal's terms.
 *
 * @param slurmJobId the SLURM job id
 * @param status     the portal state, or {@code null} when SLURM printed a state this version does not know
 * @param rawState   the state as SLURM printed it
 * @param reason     why it is in that state ({@code Priority}, {@code NonZeroExitCode}, {@code TimeLimit},
 *                   {@code cancelled by uid 1001} ...), {@code null} when there is nothing to say
 * @param exitCode   the batch script's exit code when SLURM's accounting knows it, else {@code null}
 * @param elapsed    run time so far (zero when it has not started)
 * @param fromAccounting whether the exit code came from {@code sacct} (squeue does not print one)
 */
public record SlurmObservation(String slurmJobId, JobStatus status, String rawState, String reason, Integer exitCode,
                               Duration elapsed, boolean fromAccounting) {

    public boolean isTerminal() {
        return status != null && !status.isActive();
    }
}
