package io.missioncontrol.job.monitor;

import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.ClusterService;
import io.missioncontrol.cluster.slurm.AccountingEntry;
import io.missioncontrol.cluster.slurm.QueueEntry;
import io.missioncontrol.cluster.slurm.SlurmCommandFailedException;
import io.missioncontrol.cluster.slurm.SlurmCommands;
import io.missioncontrol.cluster.slurm.SlurmErrors;
import io.missioncontrol.cluster.slurm.SlurmException;
import io.missioncontrol.cluster.slurm.SlurmInvalidJobIdException;
import io.missioncontrol.cluster.slurm.SlurmJobParsers;
import io.missioncontrol.cluster.ssh.ExecResult;
import io.missioncontrol.cluster.ssh.RemoteCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * {@link SlurmGateway} over the portal's SSH pool. Unlike {@code SlurmClient#queue}, which splits id lists
 * every 100 ids, this asks about up to {@value #IDS_PER_COMMAND} ids in one command line (about 8 KB), so that
 * a poll cycle costs one squeue and at most one sacct per cluster for any realistic number of active jobs.
 * The format strings and parsers are the cluster layer's.
 */
@Component
class ClusterSlurmGateway implements SlurmGateway {

    /** Job ids per squeue/sacct command line. */
    static final int IDS_PER_COMMAND = 1000;
    /** Time one squeue or sacct may take. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final ClusterService clusters;

    ClusterSlurmGateway(ClusterService clusters) {
        this.clusters = clusters;
    }

    @Override
    public List<QueueEntry> queue(String clusterName, Collection<String> slurmJobIds) {
        ClusterDefinition cluster = clusters.require(clusterName);
        return clusters.ask(cluster, () -> {
            List<QueueEntry> out = new ArrayList<>();
            for (List<String> chunk : chunks(slurmJobIds)) {
                RemoteCommand cmd = RemoteCommand.of("squeue").arg("-h").arg("-t").arg("all")
                        .arg("-j").arg(String.join(",", chunk)).arg("-o").arg(SlurmCommands.QUEUE_FORMAT);
                ExecResult r = clusters.remote().exec(cluster, cmd, COMMAND_TIMEOUT);
                if (!r.isSuccess()) {
                    SlurmException e = SlurmErrors.map(cluster.name(), cmd, r);
                    if (e instanceof SlurmInvalidJobIdException) {
                        continue; // squeue's answer when none of the ids is known any more
                    }
                    throw e;
                }
                out.addAll(parse(cluster, cmd, r.stdout(), SlurmJobParsers::parseQueue));
            }
            return out;
        });
    }

    @Override
    public List<AccountingEntry> accounting(String clusterName, Collection<String> slurmJobIds) {
        ClusterDefinition cluster = clusters.require(clusterName);
        return clusters.ask(cluster, () -> {
            List<AccountingEntry> out = new ArrayList<>();
            for (List<String> chunk : chunks(slurmJobIds)) {
                RemoteCommand cmd = RemoteCommand.of("sacct").arg("-X").arg("-n").arg("-P")
                        .arg("-j").arg(String.join(",", chunk)).arg("-o").arg(SlurmCommands.ACCOUNTING_FIELDS);
                ExecResult r = clusters.remote().exec(cluster, cmd, COMMAND_TIMEOUT);
                if (!r.isSuccess()) {
                    throw SlurmErrors.map(cluster.name(), cmd, r);
                }
                out.addAll(parse(cluster, cmd, r.stdout(), SlurmJobParsers::parseAccounting));
            }
            return out;
        });
    }

    @Override
    public long commandCount(String cluster) {
        return clusters.commandCount(cluster);
    }

    static List<List<String>> chunks(Collection<String> ids) {
        List<String> all = ids.stream().map(SlurmCommands::requireJobId).distinct().toList();
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += IDS_PER_COMMAND) {
            out.add(all.subList(i, Math.min(all.size(), i + IDS_PER_COMMAND)));
        }
        return out;
    }

    private static <T> T parse(ClusterDefinition cluster, RemoteCommand cmd, String stdout, Function<String, T> parser) {
        try {
            return parser.apply(stdout);
        } catch (IllegalArgumentException e) {
            throw new SlurmCommandFailedException(cluster.name(), "cluster '" + cluster.name()
                    + "': could not read the output of `" + cmd.program() + "`: " + e.getMessage(),
                    cmd.render(), "", 0);
        }
    }
}
