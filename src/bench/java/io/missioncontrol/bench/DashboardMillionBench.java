package io.missioncontrol.bench;

import io.missioncontrol.job.JobService;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.job.JobSummary;
import io.missioncontrol.project.ProjectService;
import io.missioncontrol.project.ProjectSummary;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;

/**
 * 1,000,000 jobs (20 projects, a year of history, rows shaped like the portal's, each with its rendered script) in
 * SQLite or PostgreSQL, inserted by ONE set-based INSERT … SELECT in the database itself (a recursive CTE in
 * SQLite, {@code generate_series} in PostgreSQL), then the dashboard's queries timed in the portal's Spring context
 * on that database: the jobs grid's first page ({@code JobService.findSummaries}, no filter, 50 newest first: the
 * key), and beside it what else opening the dashboard asks (the projects grid with its job counts, the cluster
 * filter's choices, "are there any jobs"), a few filtered first pages and the database's plan of the key query.
 *
 * <p>The data is kept between runs (a SQLite file under the work folder, a PostgreSQL database of its own made
 * with the dev server's role) and reused when it holds the million jobs; the portal's migrations run on it at
 * every start, so an index a new migration adds is measured on the same rows.
 */
final class DashboardMillionBench {

    record Result(String database, List<Double> jobsMs, Map<String, Double> otherMs, String plan, long jobs,
                  double fillSeconds) {
    }

    static final int JOBS = 1_000_000;
    static final int PROJECTS = 20;
    static final int PAGE = 50;
    /** The PostgreSQL database the benchmark owns (made, and emptied when its data is incomplete, only by it). */
    static final String PG_DATABASE = "mc_bench_dashboard_1m";

    private final Path clustersFile;
    private final String clusterName;
    private final PrintStream log;

    DashboardMillionBench(Path clustersFile, String clusterName, PrintStream log) {
        this.clustersFile = clustersFile;
        this.clusterName = clusterName;
        this.log = log;
    }

    Result runSqlite(Path dataDir) throws Exception {
        Files.createDirectories(dataDir);
        try (ConfigurableApplicationContext ctx = BenchContext.start(dataDir, clustersFile)) {
            return measure(ctx, "sqlite", false);
        }
    }

    /** @param env the dev server's postgres.env (SPRING_DATASOURCE_URL, _USERNAME, _PASSWORD) */
    Result runPostgres(Path env, Path dataDir) throws Exception {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(env)) {
            p.load(in);
        }
        String url = p.getProperty("SPRING_DATASOURCE_URL");
        String user = p.getProperty("SPRING_DATASOURCE_USERNAME");
        String password = p.getProperty("SPRING_DATASOURCE_PASSWORD");
        if (url == null || user == null || password == null || !url.startsWith("jdbc:postgresql://")) {
            throw new IllegalStateException(env + " does not name a PostgreSQL database");
        }
        Guard.requireLoopback(java.net.URI.create(url.substring("jdbc:".length())).getHost());
        String benchUrl = url.replaceFirst("/[^/?]+(\\?|$)", "/" + PG_DATABASE + "$1");
        try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select 1 from pg_database where datname = '" + PG_DATABASE + "'")) {
            if (!rs.next()) {
                st.execute("create database " + PG_DATABASE);
                log.println("dashboard-1m: created database " + PG_DATABASE);
            }
        }
        Files.createDirectories(dataDir);
        try (ConfigurableApplicationContext ctx = BenchContext.start(dataDir, clustersFile,
                "--spring.profiles.active=postgres", "--spring.datasource.url=" + benchUrl,
                "--spring.datasource.username=" + user, "--spring.datasource.password=" + password)) {
            return measure(ctx, "postgres", true);
        }
    }

    private Result measure(ConfigurableApplicationContext ctx, String database, boolean postgres) throws Exception {
        DataSource ds = ctx.getBean(DataSource.class);
        long t0 = System.nanoTime();
        long stored = fill(ds, postgres);
        double fillSeconds = (System.nanoTime() - t0) / 1e9;
        log.printf("dashboard-1m [%s]: %,d jobs (%.1f s to make or check them)%n", database, stored, fillSeconds);

        JobService jobService = ctx.getBean(JobService.class);
        ProjectService projectService = ctx.getBean(ProjectService.class);
        PageRequest firstPage = PageRequest.of(0, PAGE, Sort.by(Sort.Direction.DESC, "submittedAt"));
        List<Double> jobsMs = Stats.repeat(10, 30, () -> {
            long s = System.nanoTime();
            Slice<JobSummary> page = jobService.findSummaries(JobService.Filter.NONE, firstPage);
            double ms = Stats.ms(System.nanoTime() - s);
            if (page.getNumberOfElements() != PAGE || !page.hasNext()) {
                throw new IllegalStateException("the first page holds " + page.getNumberOfElements() + " jobs");
            }
            return ms;
        });
        String plan = plan(ds, SqlRecorder.last(), postgres);

        Map<String, Double> other = new LinkedHashMap<>();
        PageRequest projectsPage = PageRequest.of(0, PAGE, Sort.by(Sort.Direction.ASC, "name"));
        other.put("projects grid (20, with job counts)", timed(() -> {
            Slice<ProjectSummary> page = projectService.findSummaries(projectsPage);
            if (page.getNumberOfElements() != PROJECTS) {
                throw new IllegalStateException("the projects grid shows " + page.getNumberOfElements());
            }
            return page;
        }));
        other.put("cluster filter choices", timed(jobService::clustersInUse));
        other.put("any jobs?", timed(jobService::hasJobs));
        String someProject = projectService.findSummaries(PageRequest.of(0, 1)).getContent().getFirst().id();
        Map<String, JobService.Filter> filters = new LinkedHashMap<>();
        filters.put("page: one project", JobService.Filter.NONE.withProject(someProject));
        filters.put("page: state FAILED", JobService.Filter.NONE.withStatuses(Set.of(JobStatus.FAILED)));
        filters.put("page: active states", JobService.Filter.NONE.withStatuses(JobService.ACTIVE_STATUSES));
        filters.forEach((label, filter) -> other.put(label, timed(() -> jobService.findSummaries(filter, firstPage))));
        if (!postgres) {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
        return new Result(database, jobsMs, other, plan, stored, fillSeconds);
    }

    private static double timed(Supplier<?> query) {
        return Stats.median(Stats.repeat(2, 5, () -> {
            long s = System.nanoTime();
            query.get();
            return Stats.ms(System.nanoTime() - s);
        }));
    }

    /** Makes the projects and the million jobs unless the database already holds exactly them. */
    private long fill(DataSource ds, boolean postgres) throws Exception {
        try (Connection c = ds.getConnection()) {
            long jobs = count(c, "jobs");
            if (jobs == JOBS && count(c, "projects") == PROJECTS) {
                analyze(c, postgres); // a migration may have just added an index
                return jobs;
            }
            if (jobs != 0 || count(c, "projects") != 0) {
                log.println("dashboard-1m: the bench database holds " + jobs + " jobs; making it afresh");
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("delete from job_status_history");
                    st.executeUpdate("delete from jobs");
                    st.executeUpdate("delete from projects");
                }
            }
            c.setAutoCommit(false);
            Instant now = Instant.now();
            try (PreparedStatement ps = c.prepareStatement(postgres ? """
                    insert into projects (id, name, local_path, repo_url, current_branch, current_commit, is_dirty,
                                          is_pushed, added_at, last_synced)
                    values (?, ?, ?, ?, 'main', md5(?), false, true, to_timestamp(? / 1000.0), to_timestamp(? / 1000.0))
                    """ : """
                    insert into projects (id, name, local_path, repo_url, current_branch, current_commit, is_dirty,
                                          is_pushed, added_at, last_synced)
                    values (?, ?, ?, ?, 'main', lower(hex(randomblob(20))) || ?, 0, 1, ?, ?)""")) {
                for (int p = 0; p < PROJECTS; p++) {
                    ps.setString(1, projectId(p));
                    ps.setString(2, "project-" + p);
                    ps.setString(3, "/srv/lab/bench/project-" + p);
                    ps.setString(4, "git@git.example.org:lab/project-" + p + ".git");
                    ps.setString(5, postgres ? "project-" + p : "");
                    ps.setLong(6, now.minus(Duration.ofDays(400)).toEpochMilli());
                    ps.setLong(7, now.minus(Duration.ofHours(p)).toEpochMilli());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(postgres ? postgresJobs() : sqliteJobs())) {
                ps.setLong(1, now.toEpochMilli());
                ps.executeUpdate();
            }
            c.commit();
            c.setAutoCommit(true);
            analyze(c, postgres);
            return count(c, "jobs");
        }
    }

    private static void analyze(Connection c, boolean postgres) throws Exception {
        try (Statement st = c.createStatement()) {
            // fresh statistics for the planner; on PostgreSQL also the visibility map that index-only scans
            // need (what autovacuum keeps up in a lab's database, not yet done right after a bulk insert)
            st.execute(postgres ? "vacuum analyze" : "analyze");
        }
    }

    private static long count(Connection c, String table) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Project ids made of the project number (UUID-shaped, as the portal's ids are). */
    static String projectId(int p) {
        return new UUID(0x6d63_6265_6e63_4000L, 0x8000_0000_0000_0000L | p).toString();
    }

    /**
     * The job rows, from a job number {@code i} and a hash {@code h} of it: project, state, GPU and times spread
     * like a lab's year (every 16th job failed, most completed; submitted in order over 365 days).
     */
    private static final String COLUMNS = """
            insert into jobs (id, project_id, name, description, commit_sha, launched_dirty, cluster, partition_name,
                              gpu_type, num_nodes, gpus_per_node, time_limit, hydra_overrides, extra_overrides,
                              slurm_job_id, slurm_status, status_reason, exit_code, job_dir, stdout_path, stderr_path,
                              rendered_script, submitted_at, updated_at, started_at, finished_at, last_seen_at)
            """;

    private static final String STATES = "'COMPLETED','COMPLETED','COMPLETED','COMPLETED','COMPLETED','COMPLETED',"
            + "'FAILED','FAILED','CANCELLED','CANCELLED','TIMEOUT','OUT_OF_MEMORY','NODE_FAIL','PREEMPTED',"
            + "'SUBMIT_FAILED','LOST'";

    private String sqliteJobs() {
        // ?1 = now in epoch ms; timestamps are epoch ms in the portal's SQLite file
        return COLUMNS + """
                with recursive n(i) as (select 0 union all select i + 1 from n where i < %1$d - 1),
                     g as (select i, (i * 2654435761) %% 4294967296 as h from n),
                     s(k, state) as (select * from (values %3$s)),
                     r as (select g.i, g.h, (h %% 20) as p, (h / 20) %% 16 as st,
                                  ?1 - 31536000000 + (31536000000 * i / %1$d) + (h %% 60000) as submitted
                           from g)
                select printf('%%08x-%%04x-4%%03x-a%%03x-%%012x', h, i %% 65536, i %% 4096, h %% 4096, i),
                       printf('6d636265-6e63-4000-8000-%%012x', p),
                       printf('run-%%07d', i),
                       case when h %% 4 = 0 then 'sweep over learning rates, seed ' || i end,
                       printf('%%08x%%032x', h, i), 0, '%2$s', 'gpu',
                       case h %% 3 when 0 then 'a100' when 1 then 'a6000' end,
                       1, case h %% 3 when 2 then 0 else 1 + h %% 4 end, '04:00:00',
                       '{"trainer.lr":"0.00' || (1 + h %% 9) || '","seed":"' || (h %% 100) || '"}', '[]',
                       cast(5000000 + i as text), state,
                       case when state <> 'COMPLETED' then 'SLURM reports ' || state end,
                       case state when 'COMPLETED' then 0 when 'FAILED' then 1 end,
                       '/home/mlops/workspace/project-' || p || '/jobs/run-' || i,
                       '/home/mlops/workspace/project-' || p || '/jobs/run-' || i || '/.missioncontrol/slurm-'
                           || (5000000 + i) || '.out',
                       '/home/mlops/workspace/project-' || p || '/jobs/run-' || i || '/.missioncontrol/slurm-'
                           || (5000000 + i) || '.err',
                       replace(replace(%4$s, '{name}', printf('run-%%07d', i)), '{dir}',
                               '/home/mlops/workspace/project-' || p || '/jobs/run-' || i),
                       submitted, submitted + 3600000 + h %% 14400000, submitted + h %% 3600000,
                       submitted + 3600000 + h %% 14400000, submitted + 3600000 + h %% 14400000
                from r join s on s.k = r.st
                """.formatted(JOBS, clusterName, states("(%d, %s)"), sqlString(SCRIPT));
    }

    private String postgresJobs() {
        return COLUMNS + """
                with g as (select i, (i * 2654435761) %% 4294967296 as h from generate_series(0, %1$d - 1) as i),
                     s(k, state) as (values %3$s),
                     r as (select i, h, (h %% 20) as p, (h / 20) %% 16 as st,
                                  ?::bigint - 31536000000 + (31536000000 * i / %1$d) + (h %% 60000) as submitted
                           from g)
                select md5(i::text)::uuid::text,
                       '6d636265-6e63-4000-8000-' || lpad(to_hex(p), 12, '0'),
                       'run-' || lpad(i::text, 7, '0'),
                       case when h %% 4 = 0 then 'sweep over learning rates, seed ' || i end,
                       md5(h::text) || lpad(to_hex(i), 8, '0'), false, '%2$s', 'gpu',
                       case h %% 3 when 0 then 'a100' when 1 then 'a6000' end,
                       1, case h %% 3 when 2 then 0 else 1 + h %% 4 end, '04:00:00',
                       '{"trainer.lr":"0.00' || (1 + h %% 9) || '","seed":"' || (h %% 100) || '"}', '[]',
                       (5000000 + i)::text, state,
                       case when state <> 'COMPLETED' then 'SLURM reports ' || state end,
                       case state when 'COMPLETED' then 0 when 'FAILED' then 1 end,
                       '/home/mlops/workspace/project-' || p || '/jobs/run-' || i,
                       '/home/mlops/workspace/project-' || p || '/jobs/run-' || i || '/.missioncontrol/slurm-'
                           || (5000000 + i) || '.out',
                       '/home/mlops/workspace/project-' || p || '/jobs/run-' || i || '/.missioncontrol/slurm-'
                           || (5000000 + i) || '.err',
                       replace(replace(%4$s, '{name}', 'run-' || lpad(i::text, 7, '0')), '{dir}',
                               '/home/mlops/workspace/project-' || p || '/jobs/run-' || i),
                       to_timestamp(submitted / 1000.0),
                       to_timestamp((submitted + 3600000 + h %% 14400000) / 1000.0),
                       to_timestamp((submitted + h %% 3600000) / 1000.0),
                       to_timestamp((submitted + 3600000 + h %% 14400000) / 1000.0),
                       to_timestamp((submitted + 3600000 + h %% 14400000) / 1000.0)
                from r join s on s.k = r.st
                """.formatted(JOBS, clusterName, states("(%d, %s)"), sqlString(SCRIPT));
    }

    private static String states(String format) {
        String[] states = STATES.split(",");
        List<String> rows = new ArrayList<>();
        for (int k = 0; k < states.length; k++) {
            rows.add(format.formatted(k, states[k]));
        }
        return String.join(", ", rows);
    }

    private static String sqlString(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** The database's plan for the statement Hibernate sent (parameters bound to the first page's values). */
    private static String plan(DataSource ds, String sql, boolean postgres) throws Exception {
        if (sql == null) {
            return "(no SQL recorded)";
        }
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement((postgres ? "EXPLAIN (ANALYZE, BUFFERS) " : "EXPLAIN QUERY PLAN ")
                     + sql)) {
            // SQLite's statement ends "limit ? offset ?", PostgreSQL's "offset ? rows fetch first ? rows only"
            int n = ps.getParameterMetaData().getParameterCount();
            for (int i = 1; i <= n; i++) {
                ps.setInt(i, (postgres ? i == n : i == 1) ? PAGE + 1 : 0);
            }
            StringBuilder out = new StringBuilder(sql.strip()).append('\n');
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.append("  plan: ").append(rs.getString(postgres ? 1 : 4)).append('\n');
                }
            }
            return out.toString();
        }
    }

    /** A rendered job script as the portal stores it ({name} and {dir} filled in per job). */
    private static final String SCRIPT = """
            #!/bin/bash
            #SBATCH --job-name='{name}'
            #SBATCH --partition='gpu'
            #SBATCH --nodes=1
            #SBATCH --ntasks-per-node=1
            #SBATCH --gres='gpu:a100:1'
            #SBATCH --time='04:00:00'
            #SBATCH --output='{dir}/.missioncontrol/slurm-%j.out'
            #SBATCH --error='{dir}/.missioncontrol/slurm-%j.err'

            set -euo pipefail
            export WANDB_PROJECT='vision' WANDB_RUN_GROUP='{name}'
            echo "[mission-control] job on $(hostname) at $(date -Is)"
            cd '{dir}'
            git init -q . && git remote add origin 'git@git.example.org:lab/vision.git'
            git fetch -q --depth 1 origin 0123456789abcdef0123456789abcdef01234567 && git checkout -q FETCH_HEAD
            module load cuda/12.4
            source activate vision
            srun python train.py 'trainer.lr=0.001' 'seed=7' 'model=resnet50' 'trainer.epochs=90'
            """;
}
