package io.missioncontrol.job;

import java.time.Instant;

/** A job as grids list it. */
public record JobSummary(String id, String name, String projectId, String projectName, String cluster,
                         JobStatus status, String slurmJobId, Instant submittedAt, Instant updatedAt) {
}
