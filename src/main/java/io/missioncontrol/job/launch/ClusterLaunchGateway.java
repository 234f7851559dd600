package io.missioncontrol.job.launch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.ClusterGateway;
import io.missioncontrol.cluster.ClusterIdentity;
import io.missioncontrol.cluster.ClusterService;
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
 * {@link LaunchGateway} over the cluster feature: the configured clusters from {@link ClusterService}, every
 * remote action through {@link ClusterGateway} as the cluster's configured account. The only place the launch
 * calls into {@code cluster} (made by {@link JobLaunchService}'s Spring constructor).
 */
final class ClusterLaunchGateway implements LaunchGateway {

    private final ClusterService clusters;
    private final ClusterGateway gateway;
    /** git ls-remote answers per (identity, URL): a remote's readability seldom changes within minutes. */
    private final Cache<List<Object>, Optional<String>> remoteProblems = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(10)).maximumSize(1_000).build();

    ClusterLaunchGateway(ClusterService clusters, ClusterGateway gateway) {
        this.clusters = clusters;
        this.gateway = gateway;
    }

    @Override
    public Optional<String> gitRemoteProblem(ClusterDefinition cluster, String url) {
        ClusterIdentity who = ClusterIdentity.of(cluster);
        return remoteProblems.get(List.of(who, url), key -> gateway.gitRemoteProblem(who, url));
    }

    @Override
    public Optional<ClusterDefinition> find(String cluster) {
        return clusters.find(cluster);
    }

    @Override
    public List<String> clusterNames() {
        return clusters.clusters().stream().map(ClusterDefinition::name).toList();
    }

    @Override
    public List<Partition> partitions(ClusterDefinition cluster) {
        return gateway.partitions(ClusterIdentity.of(cluster), false);
    }

    @Override
    public GpuAvailability gpuAvailability(ClusterDefinition cluster) {
        return gateway.gpuAvailability(ClusterIdentity.of(cluster), false);
    }

    @Override
    public Associations associations(ClusterDefinition cluster) {
        return gateway.associations(ClusterIdentity.of(cluster));
    }

    @Override
    public void upload(ClusterDefinition cluster, byte[] content, String remotePath) {
        gateway.upload(ClusterIdentity.of(cluster), content, remotePath);
    }

    @Override
    public void upload(ClusterDefinition cluster, Path local, String remotePath) {
        gateway.upload(ClusterIdentity.of(cluster), local, remotePath);
    }

    @Override
    public String submit(ClusterDefinition cluster, String scriptPath, String workDir) {
        return gateway.submit(ClusterIdentity.of(cluster), scriptPath, workDir);
    }

    @Override
    public List<QueueEntry> queueByComment(ClusterDefinition cluster, String comment) {
        return gateway.queueByComment(ClusterIdentity.of(cluster), comment);
    }

    @Override
    public List<AccountingEntry> accountingByComment(ClusterDefinition cluster, String comment,
                                                     LocalDateTime since) {
        return gateway.accountingByComment(ClusterIdentity.of(cluster), comment, since);
    }
}
