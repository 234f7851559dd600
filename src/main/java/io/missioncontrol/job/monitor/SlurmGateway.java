package io.missioncontrol.job.monitor;

import io.missioncontrol.cluster.slurm.AccountingEntry;
import io.missioncontrol.cluster.slurm.QueueEntry;
import java.util.Collection;
import java.util.List;

/**
 * The two questions the poller asks a cluster, each answered by ONE remote command however many ids are asked
 * about (up to {@link ClusterSlurmGateway#IDS_PER_COMMAND}). Failures are thrown as
 * {@link io.missioncontrol.base.UnavailableException} (cluster down, SLURM not answering).
 */
public interface SlurmGateway {

    /** The listed jobs that squeue still holds (finished ones too, until MinJobAge); unknown ids are absent. */
    List<QueueEntry> queue(String cluster, Collection<String> slurmJobIds);

    /** Accounting records of the listed jobs; ids the accounting database does not hold are absent. */
    List<AccountingEntry> accounting(String cluster, Collection<String> slurmJobIds);

    /** Remote commands run on the cluster so far (for the poll report). */
    long commandCount(String cluster);
}
