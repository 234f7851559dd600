package io.missioncontrol.job;

import java.time.Instant;

/**
 * A job as grids list it.
 *
 * @param lastSeenAt       when SLURM last listed the job
 * @param statusStaleSince when its cluster stopped answering, while that lasts (else {@code null})
 */
public record JobSummary(String id, String name, String projectId, String projectName, String cluster,
                         JobStatus status, String slurmJobId, Instant submittedAt, Instant updatedAt,
                         Instant lastSeenAt, Instant statusStaleSince) {

    /** When the shown state was last confirmed (as {@link Job#getStateAsOf()}). */
    public Instant stateAsOf() {
        return lastSeenAt == null || updatedAt.isAfter(lastSeenAt) ? updatedAt : lastSeenAt;
    }
}
