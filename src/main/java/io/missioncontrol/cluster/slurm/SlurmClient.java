package io.missioncontrol.cluster.slurm;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.ssh.ExecResult;
import io.missioncontrol.cluster.ssh.RemoteCommand;
import io.missioncontrol.cluster.ssh.RemoteExec;

/**
 * Runs SLURM's commands on a cluster and parses what they print. Failures come as
 * {@link io.missioncontrol.cluster.ssh.ClusterUnreachableException} (no SSH),
 * {@link io.missioncontrol.cluster.ssh.RemoteCommandTimeoutException}, or a {@link SlurmException} subtype
 * chosen from SLURM's stderr.
 */
public final class SlurmClient {

    private final RemoteExec exec;
    private final Duration timeout;

    /** Uses the pool's default command timeout. */
    public SlurmClient(RemoteExec exec) {
        this(exec, exec.pool().settings().commandTimeout());
    }

    public SlurmClient(RemoteExec exec, Duration timeout) {
        this.exec = Objects.requireNonNull(exec);
        this.timeout = Objects.requireNonNull(timeout);
    }

    public RemoteExec remoteExec() {
        return exec;
    }

    public List<Partition> partitions(ClusterDefinition cluster) {
        RemoteCommand cmd = SlurmCommands.partitions();
        return parse(cluster, cmd, run(cluster, cmd), PartitionParser::parse);
    }

    /** One row per node and partition, with configured and allocated GPUs. */
    public List<NodeGres> nodeGres(ClusterDefinition cluster) {
        RemoteCommand cmd = SlurmCommands.nodeGres();
        return parse(cluster, cmd, run(cluster, cmd), NodeGresParser::parse);
    }

    /**
     * Submits an uploaded batch script.
     *
     * @return the SLURM job id
     * @throws SlurmSubmitRejectedException when SLURM refuses the request (nothing was queued)
     */
    public String submit(ClusterDefinition cluster, String scriptPath, String workDir) {
        RemoteCommand cmd = SlurmCommands.submit(scriptPath, workDir);
        return parse(cluster, cmd, run(cluster, cmd), SlurmJobParsers::parseSubmittedJobId);
    }

    /**
     * The listed jobs that SLURM still holds in its queue (including recently finished ones, until
     * {@code MinJobAge}); jobs it no longer knows are simply absent.
     */
    public List<QueueEntry> queue(ClusterDefinition cluster, Collection<String> jobIds) {
        List<QueueEntry> out = new ArrayList<>();
        for (RemoteCommand cmd : SlurmCommands.queue(jobIds)) {
            ExecResult r = exec.exec(cluster, cmd, timeout);
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
    }

    /** Queued jobs of the cluster's user whose comment is exactly {@code comment}. */
    public List<QueueEntry> queueByComment(ClusterDefinition cluster, String comment) {
        RemoteCommand cmd = SlurmCommands.queueOfUser(cluster.account());
        return parse(cluster, cmd, run(cluster, cmd), SlurmJobParsers::parseQueue).stream()
                .filter(e -> comment.equals(e.comment())).toList();
    }

    /** Accounting records of the listed jobs (empty for ids the database does not hold). */
    public List<AccountingEntry> accounting(ClusterDefinition cluster, Collection<String> jobIds) {
        List<AccountingEntry> out = new ArrayList<>();
        for (RemoteCommand cmd : SlurmCommands.accounting(jobIds)) {
            out.addAll(parse(cluster, cmd, run(cluster, cmd), SlurmJobParsers::parseAccounting));
        }
        return out;
    }

    /** Accounting records of the user's jobs since {@code since} (cluster-local time) whose comment matches. */
    public List<AccountingEntry> accountingByComment(ClusterDefinition cluster, String comment, LocalDateTime since) {
        RemoteCommand cmd = SlurmCommands.accountingOfUser(cluster.account(), since);
        return parse(cluster, cmd, run(cluster, cmd), SlurmJobParsers::parseAccounting).stream()
                .filter(e -> comment.equals(e.comment())).toList();
    }

    /** The associations {@code user} may charge on the cluster (none: an empty list). */
    public Associations associations(ClusterDefinition cluster, String user) {
        RemoteCommand cmd = SlurmCommands.associations(user);
        return new Associations(user, parse(cluster, cmd, run(cluster, cmd), AssociationParser::parse));
    }

    /** Cancels the jobs; ids SLURM no longer knows are ignored by scancel. */
    public void cancel(ClusterDefinition cluster, Collection<String> jobIds) {
        for (RemoteCommand cmd : SlurmCommands.cancel(jobIds)) {
            run(cluster, cmd);
        }
    }

    private String run(ClusterDefinition cluster, RemoteCommand cmd) {
        ExecResult r = exec.exec(cluster, cmd, timeout);
        if (!r.isSuccess()) {
            throw SlurmErrors.map(cluster.name(), cmd, r);
        }
        return r.stdout();
    }

    private static <T> T parse(ClusterDefinition cluster, RemoteCommand cmd, String stdout,
                               java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(stdout);
        } catch (IllegalArgumentException e) {
            throw new SlurmCommandFailedException(cluster.name(), "cluster '" + cluster.name()
                    + "': could not read the output of `" + cmd.program() + "`: " + e.getMessage(),
                    cmd.render(), "", 0);
        }
    }
}
