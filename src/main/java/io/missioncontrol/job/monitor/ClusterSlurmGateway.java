package io.missioncontrol.job.monitor;

import io.missioncontrol.cluster.ClusterGateway;
import io.missioncontrol.cluster.slurm.AccountingEntry;
import io.missioncontrol.cluster.slurm.QueueEntry;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * {@link SlurmGateway} over the portal's SSH pool: the cluster layer's squeue and sacct, whose id lists
 * are split only past {@link io.missioncontrol.cluster.slurm.SlurmCommands#CHUNK} ids, so a poll cycle
 * costs one squeue and at most one sacct per cluster.
 */
@Component
class ClusterSlurmGateway implements SlurmGateway {

    private final ClusterGateway clusters;

    ClusterSlurmGateway(ClusterGateway clusters) {
        this.clusters = clusters;
    }

    @Override
    public List<QueueEntry> queue(String clusterName, Collection<String> slurmJobIds) {
        return clusters.queue(clusters.serviceAccount(clusterName), slurmJobIds);
    }

    @Override
    public List<AccountingEntry> accounting(String clusterName, Collection<String> slurmJobIds) {
        return clusters.accounting(clusters.serviceAccount(clusterName), slurmJobIds);
    }

    @Override
    public long commandCount(String cluster) {
        return clusters.commandCount(cluster);
    }
}
