package io.missioncontrol.cluster.slurm;

import java.time.Duration;
import java.util.Optional;

/**
 * One job as {@code squeue} lists it ({@link SlurmCommands#QUEUE_FORMAT}).
 *
 * @param jobId      SLURM job id
 * @param state      state ({@link SlurmJobState#UNKNOWN} for names this version does not know)
 * @param rawState   state as printed
 * @param reason     why it is pending / how it ended ({@code None}, {@code Priority}, {@code Resources}, ...)
 * @param elapsed    time used so far ({@code %M})
 * @param timeLimit  time limit as printed ({@code %l}: {@code 1:00:00}, {@code UNLIMITED})
 * @param nodes      node count ({@code %D})
 * @param tresPerNode generic resources per node as printed ({@code %b}: {@code gres:gpu:a6000:2}, {@code N/A})
 * @param comment    the job's comment, {@code null} when none (the portal stores its job id there)
 */
public record QueueEntry(String jobId, SlurmJobState state, String rawState, String reason, Duration elapsed,
                         String timeLimit, int nodes, String tresPerNode, String comment) {

    public Optional<String> commentValue() {
        return Optional.ofNullable(comment);
    }
}
