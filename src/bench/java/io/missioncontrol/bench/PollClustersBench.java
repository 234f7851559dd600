package io.missioncontrol.bench;

import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.slurm.SlurmCommands;
import io.missioncontrol.job.monitor.JobPoller;
import io.missioncontrol.job.monitor.PollReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Ten cluster entries in one clusters file, all pointing at the dev cluster (same host, port, user and key), each
 * with its own 1000 held SLURM jobs recorded as PENDING. One poll cycle ({@link JobPoller#pollOnce()}) over all
 * ten is timed against the slowest of the ten clusters polled alone (the other clusters' jobs parked in a state the
 * poller does not ask about, so the same cycle code runs with one cluster). Singles and the full cycle alternate in
 * every repetition, so both see the same SLURM (all 10,000 jobs queued) and the same machine load. Each repetition
 * also runs the same ten squeues by the shell on the cluster ({@link RawFloor}): what one slurmctld on this machine
 * allows ten parallel asks, outside the portal. The held jobs are cancelled at the end, whatever happened.
 */
final class PollClustersBench {

    /**
     * @param allMs        the ten-cluster cycle per repetition
     * @param slowestMs    the slowest single-cluster cycle per repetition
     * @param singleMedian median single-cycle time per cluster
     * @param raw          the same squeues outside the portal, per repetition
     */
    record Result(List<Double> allMs, List<Double> slowestMs, Map<String, Double> singleMedian, int clusters,
                  int jobsPerCluster, RawFloor raw) {
    }

    /**
     * The same squeue commands the portal sends, run by the shell on the cluster itself (no SSH, no portal), timed
     * there: each cluster's squeue alone, then all of them at once against the one slurmctld. Their ratio is what
     * the shared daemon and machine allow a parallel cycle, whatever the portal does.
     *
     * @param parallelMs the ten squeues at once, per repetition
     * @param slowestMs  the slowest of the ten run one after another, per repetition
     */
    record RawFloor(List<Double> parallelMs, List<Double> slowestMs) {
    }

    static final String JOB_NAME = "mc-bench-held-clusters";
    /** A state the poller never asks SLURM about; parked rows are put back to PENDING before their own cycle. */
    private static final String PARKED = "COMPLETED";

    private final Path dataDir;
    private final ClusterDefinition dev;
    private final Path work;
    private final PrintStream log;

    PollClustersBench(Path dataDir, ClusterDefinition dev, Path work, PrintStream log) {
        this.dataDir = dataDir;
        this.dev = dev;
        this.work = work;
        this.log = log;
    }

    Result run(int clusters, int jobsPerCluster, int warmup, int reps) throws Exception {
        RawSsh ssh = new RawSsh(dev);
        HeldJobs.cancelByName(ssh, dev.user(), JOB_NAME);
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= clusters; i++) {
            names.add(String.format(Locale.ROOT, "dev-%02d", i));
        }
        Path clustersFile = writeClustersFile(names);
        Map<String, List<String>> held = new LinkedHashMap<>();
        try {
            HeldJobs.requireRoom(ssh, (long) clusters * jobsPerCluster);
            long t0 = System.nanoTime();
            // two ssh commands at a time: the machine has few cores and others use the cluster too
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                Map<String, Future<List<String>>> submitted = new LinkedHashMap<>();
                for (String name : names) {
                    submitted.put(name, pool.submit(() -> HeldJobs.submit(ssh, JOB_NAME, jobsPerCluster)));
                }
                for (var e : submitted.entrySet()) {
                    try {
                        held.put(e.getKey(), e.getValue().get());
                    } catch (java.util.concurrent.ExecutionException ex) {
                        // keep collecting, so that every submitted job is cancelled below
                        log.println("poll-clusters: submitting for " + e.getKey() + " failed: " + ex.getCause());
                    }
                }
            }
            if (held.size() != names.size()) {
                throw new IllegalStateException("could not submit the held jobs of every cluster");
            }
            log.printf("poll-clusters: %d x %d held jobs submitted in %.1f s%n", clusters, jobsPerCluster,
                    (System.nanoTime() - t0) / 1e9);

            try (ConfigurableApplicationContext ctx = BenchContext.start(dataDir, clustersFile)) {
                DataSource ds = ctx.getBean(DataSource.class);
                for (String name : names) {
                    HeldJobs.record(ds, name, dev.workspace(), held.get(name), "held-" + name);
                }
                JobPoller poller = ctx.getBean(JobPoller.class);

                List<Double> allMs = new ArrayList<>();
                List<Double> slowestMs = new ArrayList<>();
                Map<String, List<Double>> singles = new LinkedHashMap<>();
                String rawScript = rawSqueueScript(names.stream().map(held::get).toList());
                List<Double> rawAllMs = new ArrayList<>();
                List<Double> rawSlowestMs = new ArrayList<>();
                for (int rep = 0; rep < warmup + reps; rep++) {
                    double slowest = 0;
                    for (String name : names) {
                        activateOnly(ds, name);
                        double ms = cycle(poller, List.of(name), jobsPerCluster);
                        slowest = Math.max(slowest, ms);
                        if (rep >= warmup) {
                            singles.computeIfAbsent(name, n -> new ArrayList<>()).add(ms);
                        }
                    }
                    activateOnly(ds, null);
                    double all = cycle(poller, names, jobsPerCluster);
                    if (rep >= warmup) {
                        allMs.add(all);
                        slowestMs.add(slowest);
                    }
                    double[] raw = rawSqueues(ssh, rawScript); // in the same repetition: the same load on the machine
                    if (rep >= warmup) {
                        rawSlowestMs.add(raw[0]);
                        rawAllMs.add(raw[1]);
                    }
                    log.printf("poll-clusters: %s %d: %d clusters in one cycle %.0f ms, slowest single %.0f ms; raw "
                                    + "squeues on the cluster: %d at once %.0f ms, slowest alone %.0f ms%n",
                            rep < warmup ? "warm-up" : "repetition", rep + 1, clusters, all, slowest, clusters, raw[1],
                            raw[0]);
                }
                Map<String, Double> singleMedian = new LinkedHashMap<>();
                singles.forEach((name, ms) -> singleMedian.put(name, Stats.median(ms)));
                return new Result(allMs, slowestMs, singleMedian, clusters, jobsPerCluster,
                        new RawFloor(rawAllMs, rawSlowestMs));
            }
        } finally {
            List<String> all = held.values().stream().flatMap(List::stream).toList();
            HeldJobs.cancel(ssh, all, "poll-clusters", log);
        }
    }

    /** See {@link RawFloor}: the shell script that runs and times the squeues on the cluster. */
    private static String rawSqueueScript(List<List<String>> idsPerCluster) {
        List<String> squeues = idsPerCluster.stream()
                .map(ids -> SlurmCommands.queue(ids).getFirst().render() + " >/dev/null").toList();
        StringBuilder script = new StringBuilder();
        for (String squeue : squeues) {
            script.append("a=$(date +%s%N); ").append(squeue).append("; b=$(date +%s%N); echo single $((b - a))\n");
        }
        script.append("a=$(date +%s%N)\n");
        for (String squeue : squeues) {
            script.append(squeue).append(" &\n");
        }
        script.append("wait; b=$(date +%s%N); echo parallel $((b - a))\n");
        return script.toString();
    }

    /** Runs {@link #rawSqueueScript}; returns {slowest alone, all at once} in ms. */
    private static double[] rawSqueues(RawSsh ssh, String script) {
        // the script (~200 KB of job ids) goes on stdin: one argument may not be that long
        RawSsh.Run run = ssh.run("bash -s", script.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Duration.ofMinutes(2));
        if (!run.ok()) {
            throw new IllegalStateException("the raw squeue script failed: " + run.stderr().strip());
        }
        double single = 0;
        double all = 0;
        for (String line : run.stdout().lines().toList()) {
            String[] f = line.strip().split(" ");
            double ms = Long.parseLong(f[1]) / 1e6;
            if (f[0].equals("single")) {
                single = Math.max(single, ms);
            } else {
                all = ms;
            }
        }
        return new double[] {single, all};
    }

    /** One cycle, checked: exactly the clusters given were polled, each with all of its jobs. */
    private static double cycle(JobPoller poller, List<String> expected, int jobs) {
        long s = System.nanoTime();
        PollReport report = poller.pollOnce();
        double ms = Stats.ms(System.nanoTime() - s);
        if (report.clusters().size() != expected.size()) {
            throw new IllegalStateException("expected a cycle over " + expected + ", got " + report);
        }
        for (String name : expected) {
            PollReport.ClusterPoll poll = report.cluster(name).orElseThrow(() ->
                    new IllegalStateException("the poll cycle did not ask cluster " + name + ": " + report));
            if (poll.outcome() != PollReport.Outcome.POLLED || poll.jobs() != jobs) {
                throw new IllegalStateException("the poll cycle did not poll the " + jobs + " held jobs of " + name
                        + " as expected: " + poll);
            }
        }
        return ms;
    }

    /** Leaves only {@code cluster}'s jobs (all clusters' when null) in the state the poller asks about. */
    private static void activateOnly(DataSource ds, String cluster) throws Exception {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "update jobs set slurm_status = case when ? is null or cluster = ? then 'PENDING' else '"
                             + PARKED + "' end")) {
            ps.setString(1, cluster);
            ps.setString(2, cluster);
            ps.executeUpdate();
        }
    }

    private Path writeClustersFile(List<String> names) throws Exception {
        StringBuilder yaml = new StringBuilder("# ").append(names.size())
                .append(" names for the one dev cluster (bench: poll-clusters)\nclusters:\n");
        for (String name : names) {
            yaml.append("  - name: ").append(name).append('\n')
                    .append("    host: ").append(dev.host()).append('\n')
                    .append("    port: ").append(dev.port()).append('\n')
                    .append("    user: ").append(dev.user()).append('\n')
                    .append("    key_path: ").append(dev.keyPath()).append('\n')
                    .append("    known_hosts: ").append(dev.knownHosts()).append('\n')
                    .append("    workspace: ").append(dev.workspace()).append('\n')
                    .append("    partitions: [").append(String.join(", ", dev.partitions())).append("]\n")
                    .append("    gpu_types: [").append(String.join(", ", dev.gpuTypes())).append("]\n");
        }
        Path file = work.resolve("clusters-10.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
