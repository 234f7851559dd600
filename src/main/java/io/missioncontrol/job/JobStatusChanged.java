package io.missioncontrol.job;

import java.time.Instant;

/**
 * Published (as a Spring application event, after the change is committed) whenever a job moves to
 * another state. Views subscribe through {@link JobEvents}.
 */
public record JobStatusChanged(String jobId, String projectId, String jobName, JobStatus previous,
                               JobStatus current, String reason, Instant at) {
}
