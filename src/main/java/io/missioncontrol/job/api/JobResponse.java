package io.missioncontrol.job.api;

import io.missioncontrol.job.Job;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A job as the REST API shows it: the seed's Job model (snake_case) plus resources and outcome; {@code account},
 * {@code qos} and {@code constraint} are SLURM's {@code --account}, {@code --qos} and {@code --constraint} (null
 * when left to SLURM).
 * {@code last_seen_at} is when SLURM last listed the job; {@code status_stale_since}, when its cluster stopped
 * answering, while that has lasted more than two poll intervals ({@code null} while the state is fresh).
 */
public record JobResponse(String id, String projectId, String name, String description, String commitSha,
                          boolean launchedDirty, String cluster, String partition, String gpuType, int numNodes,
                          int gpusPerNode, Integer cpusPerTask, String memory, String timeLimit, String account,
                          String qos, String constraint, Map<String, String> hydraOverrides, List<String> extraOverrides, String slurmJobId,
                          String slurmStatus, String statusReason, Integer exitCode, String jobDir,
                          String stdoutPath, String stderrPath, String wandbRunUrl, String mlflowRunUrl,
                          Instant submittedAt, Instant updatedAt, Instant startedAt, Instant finishedAt,
                          Instant lastSeenAt, Instant statusStaleSince, String renderedScript) {

    public static JobResponse of(Job j) {
        return new JobResponse(j.getId(), j.getProjectId(), j.getName(), j.getDescription(), j.getCommitSha(),
                j.isLaunchedDirty(), j.getCluster(), j.getPartition(), j.getGpuType(), j.getNumNodes(),
                j.getGpusPerNode(), j.getCpusPerTask(), j.getMemory(), j.getTimeLimit(), j.getChargeAccount(),
                j.getQos(), j.getNodeConstraint(), j.getHydraOverrides(),
                j.getExtraOverrides(), j.getSlurmJobId(), j.getStatus().name(), j.getStatusReason(), j.getExitCode(),
                j.getJobDir(), j.getStdoutPath(), j.getStderrPath(), j.getWandbRunUrl(), j.getMlflowRunUrl(),
                j.getSubmittedAt(), j.getUpdatedAt(), j.getStartedAt(), j.getFinishedAt(), j.getLastSeenAt(),
                j.getStatusStaleSince(), j.getRenderedScript());
    }
}
