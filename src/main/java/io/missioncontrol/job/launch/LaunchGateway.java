package io.missioncontrol.job.launch;

import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.gpu.GpuAvailability;
import io.missioncontrol.cluster.slurm.AccountingEntry;
import io.missioncontrol.cluster.slurm.Associations;
import io.missioncontrol.cluster.slurm.Partition;
import io.missioncontrol.cluster.slurm.QueueEntry;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Everything the launch asks of a cluster, as the launch's steps see it. Remote failures are thrown as
 * {@link io.missioncontrol.cluster.ClusterException}; a refusal by sbatch as
 * {@link io.missioncontrol.cluster.slurm.SlurmSubmitRejectedException} (nothing was queued).
 */
public interface LaunchGateway {

    /** The configured cluster of that name. */
    Optional<ClusterDefinition> find(String cluster);

    /** The names of all configured clusters (for "no cluster named …" messages). */
    List<String> clusterNames();

    List<Partition> partitions(ClusterDefinition cluster);

    GpuAvailability gpuAvailability(ClusterDefinition cluster);

    /** The SLURM associations (charge accounts, QoS) the launching identity may use on the cluster. */
    Associations associations(ClusterDefinition cluster);

    /**
     * Whether the launching identity can read the project's Git remote from the cluster: empty when it can, else
     * why not (then the commit travels as a bundle). Asked at most once per cluster, identity and URL in 10 min.
     */
    Optional<String> gitRemoteProblem(ClusterDefinition cluster, String url);

    /** Writes {@code content} to {@code remotePath}, creating missing parent folders. */
    void upload(ClusterDefinition cluster, byte[] content, String remotePath);

    /** Copies a local file to {@code remotePath}, creating missing parent folders. */
    void upload(ClusterDefinition cluster, Path local, String remotePath);

    /** Runs sbatch on an uploaded script; returns the SLURM job id. */
    String submit(ClusterDefinition cluster, String scriptPath, String workDir);

    /** Queued jobs whose comment is exactly {@code comment}. */
    List<QueueEntry> queueByComment(ClusterDefinition cluster, String comment);

    /** Accounting records since {@code since} (cluster-local time) whose comment is exactly {@code comment}. */
    List<AccountingEntry> accountingByComment(ClusterDefinition cluster, String comment, LocalDateTime since);
}
