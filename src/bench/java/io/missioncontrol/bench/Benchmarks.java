package io.missioncontrol.bench;

import io.missioncontrol.cluster.ClusterConfigLoader;
import io.missioncontrol.cluster.ClusterConfigResult;
import io.missioncontrol.cluster.ClusterDefinition;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Measures the portal against the raw commands it replaces (see scripts/bench.sh, which builds and starts
 * everything this needs). Progress goes to stderr; the table and the {@code key=value} lines to stdout.
 *
 * <pre>
 * Benchmarks --clusters-file F --jar J [--work DIR] [--postgres-env FILE] [--warmup N] [--reps N] [--sessions N]
 *            [--only submit,poll,dashboard,heap,poll-clusters,dashboard-1m,dashboard-1m-postgres,push]
 * </pre>
 * Exit code 0 when every target holds, 1 when one is missed, 2 when a benchmark could not run.
 */
public final class Benchmarks {

    /** One line of the table. */
    record Row(String key, String metric, String portal, String baseline, String ratio, double value, String target,
               double limit) {
        boolean ok() {
            return !Double.isNaN(value) && value <= limit;
        }
    }

    static final List<String> PHASES = List.of("submit", "poll", "dashboard", "heap", "poll-clusters", "dashboard-1m",
            "dashboard-1m-postgres", "push");

    public static void main(String[] args) throws Exception {
        Path clustersFile = null;
        Path jar = null;
        Path work = Path.of("target/bench");
        Path postgresEnv = null;
        Set<String> only = new LinkedHashSet<>(PHASES);
        int warmup = 2;
        int reps = 7;
        int sessions = 20;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--clusters-file" -> clustersFile = Path.of(args[++i]);
                case "--jar" -> jar = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--postgres-env" -> postgresEnv = Path.of(args[++i]);
                case "--only" -> only = new LinkedHashSet<>(List.of(args[++i].split(",")));
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--sessions" -> sessions = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (clustersFile == null || jar == null) {
            throw new IllegalArgumentException("--clusters-file and --jar are required");
        }
        if (!PHASES.containsAll(only)) {
            throw new IllegalArgumentException("--only takes " + PHASES);
        }
        PrintStream log = System.err;
        ClusterDefinition cluster = devCluster(clustersFile);
        Files.createDirectories(work);
        work = work.toAbsolutePath();

        List<Row> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        boolean broken = false;

        if (only.contains("submit")) {
            try {
                log.println("== submit: POST /api/jobs/ vs ssh sbatch");
                fresh(work.resolve("submit-data"));
                SubmitBench.Result r = new SubmitBench(jar, clustersFile, cluster, work, log).run(warmup, reps);
                double p = Stats.median(r.portalMs());
                double b = Stats.median(r.rawMs());
                rows.add(ratioRow("submit_vs_raw_ssh_sbatch", "submit until SLURM id [ms]", p, b, 1.0));
                notes.add("submit: portal " + Stats.describe(r.portalMs()) + " ms; raw ssh sbatch "
                        + Stats.describe(r.rawMs()) + " ms");
            } catch (Exception e) {
                broken = true;
                rows.add(failed("submit_vs_raw_ssh_sbatch", "submit until SLURM id [ms]", "<= 1.0", 1.0, e, log));
            }
        }
        if (only.contains("poll")) {
            try {
                log.println("== poll: one poll cycle with 1000 held jobs vs ssh squeue");
                fresh(work.resolve("poll-data"));
                PollBench.Result r = new PollBench(work.resolve("poll-data"), clustersFile, cluster, log)
                        .run(1000, warmup, reps);
                long execs = r.execs().stream().mapToLong(Long::longValue).max().orElseThrow();
                rows.add(new Row("ssh_execs_per_poll_cycle_" + r.jobs() + "_jobs",
                        "remote commands per poll cycle (" + r.jobs() + " jobs)", String.valueOf(execs),
                        "1 (squeue)", "-", execs, "<= 2", 2));
                double p = Stats.median(r.portalMs());
                double b = Stats.median(r.rawMs());
                rows.add(ratioRow("poll_" + r.jobs() + "_jobs_vs_raw_squeue", "poll cycle, " + r.jobs() + " jobs [ms]",
                        p, b, 2.0));
                notes.add("poll: portal " + Stats.describe(r.portalMs()) + " ms; raw ssh squeue "
                        + Stats.describe(r.rawMs()) + " ms; remote commands per cycle " + r.execs());
                notes.add("poll: the cycle's squeue alone over the pooled connection "
                        + Stats.describe(r.pooledSqueueMs()) + " ms");
            } catch (Exception e) {
                broken = true;
                rows.add(failed("ssh_execs_per_poll_cycle_1000_jobs", "remote commands per poll cycle (1000 jobs)",
                        "<= 2", 2, e, log));
                rows.add(failed("poll_1000_jobs_vs_raw_squeue", "poll cycle, 1000 jobs [ms]", "<= 2.0", 2.0, e, log));
            }
        }
        Path dashboardData = work.resolve("dashboard-data");
        boolean dashboardReady = false;
        if (only.contains("dashboard") || only.contains("heap")) {
            try {
                log.println("== dashboard: first page of the jobs grid with 100,000 jobs");
                fresh(dashboardData);
                DashboardBench.Result r = new DashboardBench(dashboardData, clustersFile, cluster.name(), log)
                        .run(Math.max(warmup, 10), Math.max(reps, 30));
                dashboardReady = true;
                double p = Stats.median(r.jobsMs());
                rows.add(new Row("dashboard_first_page_ms_100k_jobs", "dashboard jobs grid, first page [ms]",
                        fmt(p), "-", "-", p, "<= 50", 50));
                notes.add("dashboard: jobs grid " + Stats.describe(r.jobsMs()) + " ms; projects grid (20 projects "
                        + "with job counts) " + Stats.describe(r.projectsMs()) + " ms; " + r.jobs() + " jobs stored");
                StringBuilder filtered = new StringBuilder("dashboard: filtered first pages (median ms):");
                r.filtered().forEach((label, ms) -> filtered.append(' ').append(label).append(' ').append(fmt(ms))
                        .append(';'));
                notes.add(filtered.toString());
                notes.add("dashboard: " + r.plan().strip().replace("\n", "\n    "));
            } catch (Exception e) {
                broken = true;
                rows.add(failed("dashboard_first_page_ms_100k_jobs", "dashboard jobs grid, first page [ms]", "<= 50",
                        50, e, log));
            }
        }
        if (only.contains("heap")) {
            try {
                if (!dashboardReady) {
                    throw new IllegalStateException("the 100,000-job database could not be made");
                }
                log.println("== heap: production jar, 100,000 jobs, " + sessions + " browser sessions");
                HeapBench.Result r = new HeapBench(jar, clustersFile, dashboardData, work, log).run(sessions);
                rows.add(new Row("heap_mb_after_100k_jobs_" + sessions + "_sessions",
                        "used heap after full GC, 100k jobs, " + sessions + " sessions [MB]", fmt0(r.sessionsMb()),
                        fmt0(r.idleMb()) + " (idle)", "-", Math.round(r.sessionsMb()), "<= 768", 768));
                notes.add("heap: " + fmt0(r.idleMb()) + " MB with no session, " + fmt0(r.sessionsMb()) + " MB with "
                        + r.sessions() + "; live " + r.instances());
            } catch (Exception e) {
                broken = true;
                rows.add(failed("heap_mb_after_100k_jobs_20_sessions",
                        "used heap after full GC, 100k jobs, 20 sessions [MB]", "<= 768", 768, e, log));
            }
        }

        if (only.contains("poll-clusters")) {
            String key = "poll_cycle_10_clusters_x_1000_jobs_vs_slowest_single";
            String metric = "poll cycle, 10 clusters x 1000 jobs [ms]";
            try {
                log.println("== poll-clusters: one poll cycle over 10 clusters x 1000 held jobs vs the slowest single");
                fresh(work.resolve("poll-clusters-data"));
                PollClustersBench.Result r = new PollClustersBench(work.resolve("poll-clusters-data"), cluster, work,
                        log).run(10, 1000, Math.max(1, warmup - 1), Math.max(3, reps - 2));
                double all = Stats.median(r.allMs());
                double slowest = Stats.median(r.slowestMs());
                rows.add(new Row(key, metric, fmt(all), fmt(slowest) + " (slowest single)",
                        String.format(Locale.ROOT, "%.2f", all / slowest), Math.round(all / slowest * 100) / 100.0,
                        "<= 1.5", 1.5));
                notes.add("poll-clusters: 10 clusters in one cycle " + Stats.describe(r.allMs())
                        + " ms; slowest single cluster per repetition " + Stats.describe(r.slowestMs()) + " ms");
                StringBuilder singles = new StringBuilder("poll-clusters: single-cluster cycles (median ms):");
                r.singleMedian().forEach((name, ms) -> singles.append(' ').append(name).append(' ').append(fmt(ms))
                        .append(';'));
                notes.add(singles.toString());
                double rawAll = Stats.median(r.raw().parallelMs());
                double rawSlowest = Stats.median(r.raw().slowestMs());
                notes.add(String.format(Locale.ROOT, "poll-clusters: floor, the same 10 squeues run on the cluster "
                        + "(no SSH, no portal): all at once %s ms, slowest alone %s ms, ratio %.2f; the portal's "
                        + "ratio is %.2f times that floor", Stats.describe(r.raw().parallelMs()),
                        Stats.describe(r.raw().slowestMs()), rawAll / rawSlowest, (all / slowest) / (rawAll / rawSlowest)));
            } catch (Exception e) {
                broken = true;
                rows.add(failed(key, metric, "<= 1.5", 1.5, e, log));
            }
        }
        for (String phase : List.of("dashboard-1m", "dashboard-1m-postgres")) {
            if (!only.contains(phase)) {
                continue;
            }
            boolean postgres = phase.endsWith("postgres");
            String key = "dashboard_first_page_ms_1m_jobs_" + (postgres ? "postgres" : "sqlite");
            String metric = "dashboard jobs grid, first page, 1M jobs, " + (postgres ? "PostgreSQL" : "SQLite") + " [ms]";
            try {
                log.println("== " + phase + ": first page of the jobs grid with 1,000,000 jobs");
                DashboardMillionBench bench = new DashboardMillionBench(clustersFile, cluster.name(), log);
                DashboardMillionBench.Result r;
                if (postgres) {
                    if (postgresEnv == null || !Files.isRegularFile(postgresEnv)) {
                        throw new IllegalStateException("--postgres-env names no file (scripts/dev-postgres.sh up "
                                + "writes data/dev-postgres/postgres.env)");
                    }
                    r = bench.runPostgres(postgresEnv, work.resolve("dashboard-1m-postgres-data"));
                } else {
                    r = bench.runSqlite(work.resolve("dashboard-1m-data"));
                }
                double p = Stats.median(r.jobsMs());
                rows.add(new Row(key, metric, fmt(p), "-", "-", p, "<= 10", 10));
                notes.add(phase + ": jobs grid " + Stats.describe(r.jobsMs()) + " ms; " + r.jobs() + " jobs stored");
                StringBuilder other = new StringBuilder(phase + ": the dashboard's other queries (median ms):");
                r.otherMs().forEach((label, ms) -> other.append(' ').append(label).append(' ').append(fmt(ms))
                        .append(';'));
                notes.add(other.toString());
                notes.add(phase + ": " + r.plan().strip().replace("\n", "\n    "));
            } catch (Exception e) {
                broken = true;
                rows.add(failed(key, metric, "<= 10", 10, e, log));
            }
        }
        if (only.contains("push")) {
            String key = "push_latency_ms_p95";
            String metric = "status change stored -> shown in " + sessions + " sessions, p95 [ms]";
            try {
                log.println("== push: a status change the poller stored, seen in " + sessions + " browser sessions");
                fresh(work.resolve("push-data"));
                PushBench.Result r = new PushBench(jar, clustersFile, cluster, work.resolve("push-data"), work, log)
                        .run(sessions, 6);
                double p95 = Stats.percentile(r.latenciesMs(), 95);
                rows.add(new Row(key, metric, fmt0(p95), "-", "-", Math.round(p95), "<= 250", 250));
                notes.add("push: " + r.changes() + " changes x " + r.sessions() + " sessions: latency "
                        + Stats.describe(r.latenciesMs()) + " ms, p95 " + fmt0(p95) + "; slowest tab per change "
                        + r.perChangeMaxMs().stream().map(Benchmarks::fmt0).toList() + " ms");
                notes.add("push: split per session and change: stored -> push message at the page's WebSocket "
                        + Stats.describe(r.arrivalMs()) + " ms (p95 " + p95(r.arrivalMs()) + "); message -> badge shown "
                        + Stats.describe(r.renderMs()) + " ms (p95 " + p95(r.renderMs()) + "); " + r.pushMessages() + " WebSocket messages received in all");
            } catch (Exception e) {
                broken = true;
                rows.add(failed(key, metric, "<= 250", 250, e, log));
            }
        }

        PrintStream out = System.out;
        out.println();
        out.println(table(rows));
        for (String note : notes) {
            out.println("  " + note);
        }
        out.println();
        for (Row row : rows) {
            out.println(row.key() + "=" + (Double.isNaN(row.value()) ? "NaN" : keyValue(row.value())));
        }
        out.flush();
        System.exit(broken ? 2 : rows.stream().allMatch(Row::ok) ? 0 : 1);
    }

    private static Row ratioRow(String key, String metric, double portal, double baseline, double limit) {
        double ratio = portal / baseline;
        return new Row(key, metric, fmt(portal), fmt(baseline), String.format(Locale.ROOT, "%.2f", ratio),
                Math.round(ratio * 100) / 100.0, String.format(Locale.ROOT, "<= %.1f", limit), limit);
    }

    private static Row failed(String key, String metric, String target, double limit, Exception e, PrintStream log) {
        log.println("!! " + key + " could not be measured:");
        e.printStackTrace(log);
        return new Row(key, metric, "error", "-", "-", Double.NaN, target, limit);
    }

    static String table(List<Row> rows) {
        String[] head = {"metric", "portal", "baseline", "ratio", "target", "ok?"};
        List<String[]> lines = new ArrayList<>();
        lines.add(head);
        for (Row r : rows) {
            lines.add(new String[] {r.metric(), r.portal(), r.baseline(), r.ratio(), r.target(),
                    r.ok() ? "ok" : Double.isNaN(r.value()) ? "ERROR" : "MISSED"});
        }
        int[] width = new int[head.length];
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                width[i] = Math.max(width[i], l[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (int n = 0; n < lines.size(); n++) {
            String[] l = lines.get(n);
            for (int i = 0; i < l.length; i++) {
                b.append(i == 0 ? "| " : " | ").append(String.format("%-" + width[i] + "s", l[i]));
            }
            b.append(" |\n");
            if (n == 0) {
                for (int i = 0; i < l.length; i++) {
                    b.append(i == 0 ? "|-" : "-|-").append("-".repeat(width[i]));
                }
                b.append("-|\n");
            }
        }
        return b.toString().stripTrailing();
    }

    private static String keyValue(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e12 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String p95(List<Double> values) {
        return values.isEmpty() ? "-" : fmt0(Stats.percentile(values, 95));
    }

    static String fmt0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private static ClusterDefinition devCluster(Path clustersFile) {
        ClusterConfigResult result = new ClusterConfigLoader().load(clustersFile);
        if (result.hasErrors() || result.clusters().isEmpty()) {
            throw new IllegalStateException("cannot use " + clustersFile + ": " + result.errors());
        }
        ClusterDefinition c = result.find("dev").orElse(result.clusters().getFirst());
        Guard.requireLoopback(c.host());
        return c;
    }

    /** Empties a benchmark data folder (only ever one below the work folder). */
    private static void fresh(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
    }
}
