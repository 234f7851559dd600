package io.missioncontrol.bench;

import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.ClusterGateway;
import io.missioncontrol.cluster.ClusterIdentity;
import io.missioncontrol.cluster.slurm.SlurmCommands;
import io.missioncontrol.cluster.ssh.RemoteCommand;
import io.missioncontrol.job.monitor.JobPoller;
import io.missioncontrol.job.monitor.PollReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * 1000 real SLURM jobs, held so they never run ({@code sbatch --hold}), recorded in the portal's database as
 * PENDING; then one poll cycle ({@link JobPoller#pollOnce()}) timed and its remote commands counted, against
 * {@code ssh cluster squeue -h -t all -j <the 1000 ids> -o …} on a new connection. Portal cycles and raw squeues
 * alternate. The held jobs are cancelled at the end, whatever happened.
 */
final class PollBench {

    /**
     * @param pooledSqueueMs the same squeue over the portal's pooled connection alone (what the cycle spends on
     *                       SLURM; the rest is the database)
     */
    record Result(List<Double> portalMs, List<Double> rawMs, List<Long> execs, int jobs, List<Double> pooledSqueueMs) {
    }

    static final String JOB_NAME = "mc-bench-held";

    private final Path dataDir;
    private final Path clustersFile;
    private final ClusterDefinition cluster;
    private final PrintStream log;

    PollBench(Path dataDir, Path clustersFile, ClusterDefinition cluster, PrintStream log) {
        this.dataDir = dataDir;
        this.clustersFile = clustersFile;
        this.cluster = cluster;
        this.log = log;
    }

    Result run(int jobs, int warmup, int reps) throws Exception {
        RawSsh ssh = new RawSsh(cluster);
        // held jobs of an earlier run that died before cleaning up
        HeldJobs.cancelByName(ssh, cluster.user(), JOB_NAME);
        List<String> ids = new ArrayList<>();
        try (ConfigurableApplicationContext ctx = BenchContext.start(dataDir, clustersFile)) {
            long t0 = System.nanoTime();
            ids.addAll(submitHeld(ssh, jobs));
            log.printf("poll: %d held jobs submitted in one ssh command in %.1f s (ids %s..%s)%n", ids.size(),
                    (System.nanoTime() - t0) / 1e9, ids.getFirst(), ids.getLast());
            record(ctx.getBean(DataSource.class), ids);

            JobPoller poller = ctx.getBean(JobPoller.class);
            ClusterGateway clusters = ctx.getBean(ClusterGateway.class);
            String rawLine = RemoteCommand.of("squeue").arg("-h").arg("-t").arg("all").arg("-j")
                    .arg(String.join(",", ids)).arg("-o").arg(SlurmCommands.QUEUE_FORMAT).render();
            log.println("poll: raw side runs `" + String.join(" ", ssh.prefix()) + " "
                    + RawSsh.abbreviate(rawLine) + "`");

            List<Double> portalMs = new ArrayList<>();
            List<Double> rawMs = new ArrayList<>();
            List<Long> execs = new ArrayList<>();
            for (int i = 0; i < warmup + reps; i++) {
                long before = clusters.commandCount(cluster.name());
                long s = System.nanoTime();
                PollReport report = poller.pollOnce();
                double ms = Stats.ms(System.nanoTime() - s);
                long commands = clusters.commandCount(cluster.name()) - before;
                PollReport.ClusterPoll poll = report.cluster(cluster.name()).orElseThrow(() ->
                        new IllegalStateException("the poll cycle did not ask cluster " + cluster.name() + ": " + report));
                if (poll.outcome() != PollReport.Outcome.POLLED || poll.jobs() != ids.size()) {
                    throw new IllegalStateException("the poll cycle did not poll the " + ids.size() + " jobs: " + poll);
                }

                RawSsh.Run raw = ssh.run(rawLine);
                long lines = raw.stdout().lines().filter(l -> !l.isBlank()).count();
                if (!raw.ok() || lines != ids.size()) {
                    throw new IllegalStateException("raw squeue listed " + lines + " of " + ids.size() + " jobs ("
                            + raw.exitCode() + "): " + raw.stderr());
                }
                if (i >= warmup) {
                    portalMs.add(ms);
                    rawMs.add(raw.ms());
                    execs.add(commands);
                } else {
                    log.printf("poll: warm-up cycle %d: %.0f ms, %d remote command(s), %d change(s)%n", i + 1, ms,
                            commands, poll.changed());
                }
            }
            ClusterIdentity pooled = clusters.serviceAccount(cluster.name());
            List<Double> pooledMs = Stats.repeat(1, reps, () -> {
                long s = System.nanoTime();
                clusters.queue(pooled, ids); // the same one squeue over the pooled connection, parsed
                return Stats.ms(System.nanoTime() - s);
            });
            return new Result(portalMs, rawMs, execs, ids.size(), pooledMs);
        } finally {
            cancel(ssh, ids);
        }
    }

    /** {@code n} held jobs, when SLURM has room for them. */
    private List<String> submitHeld(RawSsh ssh, int n) {
        HeldJobs.requireRoom(ssh, n);
        return HeldJobs.submit(ssh, JOB_NAME, n);
    }

    /** Records the jobs as the portal would after launching them: PENDING, with their SLURM ids. */
    private void record(DataSource ds, List<String> ids) throws Exception {
        long now = Instant.now().toEpochMilli();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            String projectId = UUID.randomUUID().toString();
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into projects (id, name, local_path, current_branch, current_commit, is_dirty, is_pushed,
                                          added_at)
                    values (?, ?, ?, 'main', ?, 0, 1, ?)""")) {
                ps.setString(1, projectId);
                ps.setString(2, "bench-poll-" + projectId.substring(0, 8));
                ps.setString(3, "/srv/lab/bench/poll-" + projectId);
                ps.setString(4, "0123456789abcdef0123456789abcdef01234567");
                ps.setLong(5, now);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into jobs (id, project_id, name, commit_sha, launched_dirty, cluster, partition_name,
                                      num_nodes, gpus_per_node, hydra_overrides, extra_overrides, slurm_job_id,
                                      slurm_status, job_dir, submitted_at, updated_at, last_seen_at)
                    values (?, ?, ?, '0123456789abcdef0123456789abcdef01234567', 0, ?, 'gpu', 1, 0, '{}', '[]', ?,
                            'PENDING', ?, ?, ?, ?)""")) {
                for (String slurmId : ids) {
                    String id = UUID.randomUUID().toString();
                    ps.setString(1, id);
                    ps.setString(2, projectId);
                    ps.setString(3, "held-" + slurmId);
                    ps.setString(4, cluster.name());
                    ps.setString(5, slurmId);
                    ps.setString(6, cluster.workspace() + "/bench/jobs/" + id);
                    ps.setLong(7, now);
                    ps.setLong(8, now);
                    ps.setLong(9, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    private void cancel(RawSsh ssh, List<String> ids) {
        HeldJobs.cancel(ssh, ids, "poll", log);
    }
}
