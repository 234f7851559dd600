package io.missioncontrol.bench;

import io.missioncontrol.job.JobService;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.job.JobSummary;
import io.missioncontrol.project.ProjectService;
import io.missioncontrol.project.ProjectSummary;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;

/**
 * 100,000 jobs (20 projects, a year of history, realistic rows with rendered scripts) in the portal's SQLite
 * file, then the dashboard grid's query for its first page: {@code JobService.findSummaries} with the grid's
 * filter (none set), page size (50) and sort (submitted, newest first), timed in the portal's Spring context on
 * that file.
 * The data folder is kept for the heap benchmark.
 */
final class DashboardBench {

    /** @param filtered median ms of other first pages the grids show (a project, a state, a search) */
    record Result(List<Double> jobsMs, List<Double> projectsMs, String plan, long jobs, Map<String, Double> filtered) {
    }

    static final int JOBS = 100_000;
    static final int PROJECTS = 20;
    static final int PAGE = 50;

    private final Path dataDir;
    private final Path clustersFile;
    private final String clusterName;
    private final PrintStream log;

    DashboardBench(Path dataDir, Path clustersFile, String clusterName, PrintStream log) {
        this.dataDir = dataDir;
        this.clustersFile = clustersFile;
        this.clusterName = clusterName;
        this.log = log;
    }

    Result run(int warmup, int reps) throws Exception {
        try (ConfigurableApplicationContext ctx = BenchContext.start(dataDir, clustersFile)) {
            DataSource ds = ctx.getBean(DataSource.class);
            try (Connection c = ds.getConnection()) {
                log.println("dashboard: database " + c.getMetaData().getURL());
            }
            long t0 = System.nanoTime();
            long stored = fill(ds);
            log.printf("dashboard: %,d jobs in %s (inserted in %.1f s)%n", stored, dataDir.resolve("missioncontrol.db"),
                    (System.nanoTime() - t0) / 1e9);

            JobService jobService = ctx.getBean(JobService.class);
            ProjectService projectService = ctx.getBean(ProjectService.class);
            PageRequest firstPage = PageRequest.of(0, PAGE, Sort.by(Sort.Direction.DESC, "submittedAt"));
            List<Double> jobsMs = Stats.repeat(warmup, reps, () -> {
                long s = System.nanoTime();
                Slice<JobSummary> page = jobService.findSummaries(JobService.Filter.NONE, firstPage);
                double ms = Stats.ms(System.nanoTime() - s);
                if (page.getNumberOfElements() != PAGE || !page.hasNext()) {
                    throw new IllegalStateException("the first page holds " + page.getNumberOfElements() + " jobs");
                }
                return ms;
            });
            String plan = plan(ds, SqlRecorder.last());
            Map<String, Double> filtered = new LinkedHashMap<>();
            String someProject = projectService.findSummaries(PageRequest.of(0, 1)).getContent().getFirst().id();
            Map<String, JobService.Filter> filters = new LinkedHashMap<>();
            filters.put("one project", JobService.Filter.NONE.withProject(someProject));
            filters.put("state FAILED", JobService.Filter.NONE.withStatuses(Set.of(JobStatus.FAILED)));
            filters.put("active states", JobService.Filter.NONE.withStatuses(JobService.ACTIVE_STATUSES));
            filters.put("search 'run-0999'", JobService.Filter.NONE.withText("run-0999"));
            filters.forEach((label, filter) -> filtered.put(label, Stats.median(Stats.repeat(3, 9, () -> {
                long s = System.nanoTime();
                jobService.findSummaries(filter, firstPage);
                return Stats.ms(System.nanoTime() - s);
            }))));
            PageRequest projectsPage = PageRequest.of(0, PAGE, Sort.by(Sort.Direction.ASC, "name"));
            List<Double> projectsMs = Stats.repeat(warmup, reps, () -> {
                long s = System.nanoTime();
                Slice<ProjectSummary> page = projectService.findSummaries(projectsPage);
                double ms = Stats.ms(System.nanoTime() - s);
                if (page.getNumberOfElements() != PROJECTS) {
                    throw new IllegalStateException("the projects grid shows " + page.getNumberOfElements());
                }
                return ms;
            });
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.execute("PRAGMA wal_checkpoint(TRUNCATE)"); // the jar opens a self-contained file afterwards
            }
            return new Result(jobsMs, projectsMs, plan, stored, filtered);
        }
    }

    /** Inserts the projects and jobs in one transaction with JDBC batches (unless the file already has them). */
    private long fill(DataSource ds) throws Exception {
        try (Connection c = ds.getConnection()) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from jobs")) {
                rs.next();
                if (rs.getLong(1) >= JOBS) {
                    return rs.getLong(1);
                }
            }
            c.setAutoCommit(false);
            Random random = new Random(42);
            Instant now = Instant.now();
            List<String> projectIds = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into projects (id, name, local_path, repo_url, current_branch, current_commit, is_dirty,
                                          is_pushed, added_at, last_synced)
                    values (?, ?, ?, ?, 'main', ?, 0, 1, ?, ?)""")) {
                for (int p = 0; p < PROJECTS; p++) {
                    String id = UUID.randomUUID().toString();
                    projectIds.add(id);
                    ps.setString(1, id);
                    ps.setString(2, "project-" + p);
                    ps.setString(3, "/srv/lab/bench/project-" + p);
                    ps.setString(4, "git@git.example.org:lab/project-" + p + ".git");
                    ps.setString(5, sha(random));
                    ps.setLong(6, now.minus(Duration.ofDays(400)).toEpochMilli());
                    ps.setLong(7, now.minus(Duration.ofHours(p)).toEpochMilli());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            String[] terminal = {"COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED",
                    "FAILED", "FAILED", "CANCELLED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL",
                    "PREEMPTED", "SUBMIT_FAILED", "LOST"};
            String[] gpus = {"a100", "a6000", null};
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into jobs (id, project_id, name, description, commit_sha, launched_dirty, cluster,
                                      partition_name, gpu_type, num_nodes, gpus_per_node, time_limit, hydra_overrides,
                                      extra_overrides, slurm_job_id, slurm_status, status_reason, exit_code, job_dir,
                                      stdout_path, stderr_path, rendered_script, submitted_at, updated_at, started_at,
                                      finished_at, last_seen_at)
                    values (?, ?, ?, ?, ?, 0, ?, 'gpu', ?, 1, ?, '04:00:00', ?, '[]', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)) {
                long span = Duration.ofDays(365).toMillis();
                for (int i = 0; i < JOBS; i++) {
                    String id = UUID.randomUUID().toString();
                    int project = random.nextInt(PROJECTS);
                    String status = terminal[random.nextInt(terminal.length)];
                    long submitted = now.toEpochMilli() - span + (span * i / JOBS) + random.nextInt(60_000);
                    long started = submitted + random.nextInt(3_600_000);
                    long finished = started + random.nextInt(14_400_000);
                    String name = "run-" + String.format("%06d", i);
                    String slurmId = String.valueOf(5_000_000 + i);
                    String jobDir = "/home/mlops/workspace/project-" + project + "/jobs/" + id;
                    String gpu = gpus[random.nextInt(gpus.length)];
                    int n = 1;
                    ps.setString(n++, id);
                    ps.setString(n++, projectIds.get(project));
                    ps.setString(n++, name);
                    ps.setString(n++, random.nextInt(4) == 0 ? "sweep over learning rates, seed " + i : null);
                    ps.setString(n++, sha(random));
                    ps.setString(n++, clusterName);
                    ps.setString(n++, gpu);
                    ps.setInt(n++, gpu == null ? 0 : 1 + random.nextInt(4));
                    ps.setString(n++, "{\"trainer.lr\":\"0.00" + (1 + random.nextInt(9)) + "\",\"seed\":\""
                            + random.nextInt(100) + "\"}");
                    ps.setString(n++, slurmId);
                    ps.setString(n++, status);
                    ps.setString(n++, status.equals("COMPLETED") ? null : "SLURM reports " + status);
                    ps.setObject(n++, exitCode(status));
                    ps.setString(n++, jobDir);
                    ps.setString(n++, jobDir + "/.missioncontrol/slurm-" + slurmId + ".out");
                    ps.setString(n++, jobDir + "/.missioncontrol/slurm-" + slurmId + ".err");
                    ps.setString(n++, script(name, id, jobDir));
                    ps.setLong(n++, submitted);
                    ps.setLong(n++, finished);
                    ps.setLong(n++, started);
                    ps.setLong(n++, finished);
                    ps.setLong(n++, finished);
                    ps.addBatch();
                    if (i % 1000 == 999) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from jobs")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** SQLite's plan for the statement Hibernate sent (parameters bound to the page's values). */
    private static String plan(DataSource ds, String sql) throws Exception {
        if (sql == null) {
            return "(no SQL recorded)";
        }
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
            for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
                ps.setInt(i, i == 1 ? PAGE + 1 : 0);
            }
            StringBuilder out = new StringBuilder(sql.strip()).append('\n');
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.append("  plan: ").append(rs.getString("detail")).append('\n');
                }
            }
            return out.toString();
        }
    }

    private static Integer exitCode(String status) {
        return switch (status) {
            case "COMPLETED" -> 0;
            case "FAILED" -> 1;
            default -> null;
        };
    }

    private static String sha(Random random) {
        StringBuilder b = new StringBuilder(40);
        for (int i = 0; i < 40; i++) {
            b.append(Character.forDigit(random.nextInt(16), 16));
        }
        return b.toString();
    }

    private static String script(String name, String id, String jobDir) {
        return """
                #!/bin/bash
                #SBATCH --job-name='%1$s'
                #SBATCH --partition='gpu'
                #SBATCH --nodes=1
                #SBATCH --ntasks-per-node=1
                #SBATCH --gres='gpu:a100:1'
                #SBATCH --time='04:00:00'
                #SBATCH --output='%3$s/.missioncontrol/slurm-%%j.out'
                #SBATCH --error='%3$s/.missioncontrol/slurm-%%j.err'
                #SBATCH --comment='missioncontrol:%2$s'

                set -euo pipefail
                export MISSIONCONTROL_JOB_ID='%2$s'
                export WANDB_PROJECT='vision' WANDB_RUN_GROUP='%1$s'
                echo "[mission-control] job %2$s on $(hostname) at $(date -Is)"
                cd '%3$s'
                git init -q . && git remote add origin 'git@git.example.org:lab/vision.git'
                git fetch -q --depth 1 origin 0123456789abcdef0123456789abcdef01234567 && git checkout -q FETCH_HEAD
                echo "[mission-control] code at $(git rev-parse HEAD)"
                module load cuda/12.4
                source activate vision
                pip install -q -e .
                srun python train.py 'trainer.lr=0.001' 'seed=7' 'model=resnet50' 'trainer.epochs=90'
                """.formatted(name, id, jobDir);
    }
}
