package io.missioncontrol.base.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.Application;
import io.missioncontrol.FreshPostgresDatabase;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.job.JobStatusChange;
import io.missioncontrol.job.JobStatusChangeRepository;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.ProjectRepository;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The copy command on a SQLite file the portal itself wrote, into a fresh PostgreSQL database of the dev PostgreSQL
 * (data/dev-postgres/postgres.env, from {@code scripts/dev-postgres.sh up}).
 */
@Tag("sqlite-only") // it makes both databases itself: nothing more to run in the PostgreSQL execution
@Tag("postgres") // needs the dev PostgreSQL: not in the quick run
class SqliteToPostgresCopyTest {

    /** A time with milliseconds (what the SQLite file keeps): it must come back as this very Instant. */
    private static final Instant PRECISE = Instant.parse("2026-03-04T05:06:07.123Z");

    private static Path sqliteFile;
    private static Path dir;
    private static Map<String, String> admin;

    private String database;
    private String targetUrl;

    @BeforeAll
    static void makeHistoryThroughThePortal() throws IOException {
        admin = FreshPostgresDatabase.readEnvFile(Path.of("data/dev-postgres/postgres.env"));
        dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "copy-test");
        sqliteFile = dir.resolve("missioncontrol.db");
        try (ConfigurableApplicationContext ctx = sqliteContext(sqliteFile)) {
            ProjectRepository projects = ctx.getBean(ProjectRepository.class);
            JobRepository jobs = ctx.getBean(JobRepository.class);
            JobStatusChangeRepository changes = ctx.getBean(JobStatusChangeRepository.class);
            Project vision = projects.save(new Project("vision", "/srv/repos/vision", Instant.parse("2026-01-02T03:04:05Z")));
            vision.synced("https://git.example/vision.git", "main", "abc123", true, false, PRECISE);
            vision = projects.save(vision);
            Project nlp = projects.save(new Project("nlp", "/srv/repos/nlp", Instant.parse("2026-01-03T00:00:00.5Z")));

            Job full = new Job(vision, "resnet-sweep", "abc123", "dev", Instant.parse("2026-02-01T10:00:00.001Z"));
            full.setDescription("all the columns");
            full.setLaunchedDirty(true);
            full.setPartition("gpu");
            full.setGpuType("a100");
            full.setNumNodes(2);
            full.setGpusPerNode(4);
            full.setCpusPerTask(8);
            full.setMemory("64G");
            full.setTimeLimit("04:00:00");
            full.setHydraOverrides(Map.of("model.depth", "50", "optim.lr", "0.1 \"quoted\""));
            full.setExtraOverrides(List.of("+trainer.fast_dev_run=true", "seed=7"));
            full.setSlurmJobId("4711");
            full.setExitCode(0);
            full.setJobDir("/home/u/mc/jobs/1");
            full.setStdoutPath("/home/u/mc/jobs/1/out");
            full.setStderrPath("/home/u/mc/jobs/1/err");
            full.setRenderedScript("#!/bin/bash\necho 'hi'\n");
            full.setWandbRunUrl("https://wandb.example/run/1");
            full.setStartedAt(Instant.parse("2026-02-01T10:01:00Z"));
            full.setFinishedAt(PRECISE);
            full.setLastSeenAt(PRECISE);
            full.setRequestKey("req-1");
            full.setUnknownForMillis(1234);
            full.changeStatus(JobStatus.RUNNING, "started", Instant.parse("2026-02-01T10:01:00Z"));
            jobs.save(full);
            Job sparse = jobs.save(new Job(nlp, "bert", "def456", "dev", Instant.parse("2026-02-02T00:00:00Z")));

            changes.save(new JobStatusChange(full.getId(), JobStatus.SUBMITTING, null, Instant.parse("2026-02-01T10:00:00.001Z")));
            changes.save(new JobStatusChange(full.getId(), JobStatus.RUNNING, "started", Instant.parse("2026-02-01T10:01:00Z")));
            changes.save(new JobStatusChange(full.getId(), JobStatus.COMPLETED, "exit 0", PRECISE));
            changes.save(new JobStatusChange(sparse.getId(), JobStatus.SUBMITTING, null, Instant.parse("2026-02-02T00:00:00Z")));
        }
    }

    static ConfigurableApplicationContext sqliteContext(Path file) {
        return new SpringApplicationBuilder(Application.class)
                // the whole portal as it runs (springdoc's API docs wiring needs the servlet stack), on a free loopback port
                .web(WebApplicationType.SERVLET)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .run("--spring.datasource.url=jdbc:sqlite:" + file.toAbsolutePath(),
                        "--missioncontrol.data-dir=" + file.getParent().toAbsolutePath(),
                        "--missioncontrol.clusters-file=" + file.getParent().resolve("no-clusters.yaml").toAbsolutePath(),
                        "--spring.quartz.auto-startup=false",
                        "--server.address=127.0.0.1",
                        "--server.port=0");
    }

    @BeforeEach
    void freshDatabase() throws SQLException {
        database = "mc_copy_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = adminConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + database);
        }
        targetUrl = admin.get("SPRING_DATASOURCE_URL").replaceFirst("/[^/?]+(\\?.*)?$", "/" + database);
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        try (Connection c = adminConnection(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    void copiesEveryRowOfEveryTableWithEqualValues() throws SQLException {
        Output output = new Output();
        int exit = SqliteToPostgresCopy.run(new String[] {"copy-sqlite-to-postgres", "--from=" + sqliteFile},
                targetEnv(), output.out, output.err);
        assertThat(exit).as(output.err()).isZero();
        assertThat(output.out()).contains("copied ").contains(" rows in ");

        try (Connection source = DriverManager.getConnection("jdbc:sqlite:" + sqliteFile);
                Connection target = target()) {
            List<String> tables = SqliteToPostgresCopy.tablesInForeignKeyOrder(source);
            assertThat(tables).contains("projects", "jobs", "job_status_history");
            for (String table : tables) {
                Map<String, Integer> types = pgTypes(target, table);
                List<Map<String, Object>> expected = rows(source, table, types);
                List<Map<String, Object>> actual = rows(target, table, null);
                assertThat(actual).as(table).hasSameSizeAs(expected);
                assertThat(actual).as(table).containsExactlyInAnyOrderElementsOf(expected);
            }
            assertThat(count(target, "projects")).isEqualTo(2);
            assertThat(count(target, "jobs")).isEqualTo(2);
            assertThat(count(target, "job_status_history")).isEqualTo(4);
            // the microsecond time the portal wrote comes back as the same Instant, not just equal after our parsing
            try (Statement st = target.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT changed_at FROM job_status_history WHERE reason = 'exit 0'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject(1, OffsetDateTime.class).toInstant()).isEqualTo(PRECISE);
            }
            // the identity of job_status_history goes on after the copied ids
            try (Statement st = target.createStatement(); ResultSet rs = st.executeQuery(
                    "INSERT INTO job_status_history (job_id, status, reason, changed_at) "
                            + "SELECT job_id, status, 'after copy', changed_at FROM job_status_history LIMIT 1 "
                            + "RETURNING id")) {
                assertThat(rs.next()).isTrue();
                long maxCopied = 0;
                try (Statement st2 = source.createStatement();
                        ResultSet max = st2.executeQuery("SELECT MAX(id) FROM job_status_history")) {
                    max.next();
                    maxCopied = max.getLong(1);
                }
                assertThat(rs.getLong(1)).isGreaterThan(maxCopied);
            }
        }
    }

    @Test
    void refusesATargetWithRowsAndLeavesItAsItWas() throws SQLException {
        assertThat(SqliteToPostgresCopy.run(new String[] {"--from=" + sqliteFile}, targetEnv(),
                new Output().out, new Output().err)).isZero();
        long[] before = {0, 0, 0};
        try (Connection target = target()) {
            before[0] = count(target, "projects");
            before[1] = count(target, "jobs");
            before[2] = count(target, "job_status_history");
        }
        Output again = new Output();
        int exit = SqliteToPostgresCopy.run(new String[] {"--from=" + sqliteFile}, targetEnv(), again.out, again.err);
        assertThat(exit).isEqualTo(1);
        assertThat(again.err()).contains("copy refused").contains("not empty").contains("fresh database");
        try (Connection target = target()) {
            assertThat(new long[] {count(target, "projects"), count(target, "jobs"),
                    count(target, "job_status_history")}).containsExactly(before);
        }
    }

    @Test
    void refusesASourceAtAnotherSchemaVersionAndWritesNoRows() throws Exception {
        Path older = dir.resolve("older-" + database + ".db");
        Files.copy(sqliteFile, older);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + older); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM flyway_schema_history WHERE installed_rank = "
                    + "(SELECT MAX(installed_rank) FROM flyway_schema_history)");
        }
        Output output = new Output();
        int exit = SqliteToPostgresCopy.run(new String[] {"--from=" + older}, targetEnv(), output.out, output.err);
        assertThat(exit).isEqualTo(1);
        assertThat(output.err()).contains("copy refused").contains("schema version")
                .contains("start the portal once on the SQLite file");
        try (Connection target = target()) { // refused before anything was written: not even the schema
            assertThat(target.getMetaData().getTables(null, target.getSchema(), "jobs", null).next()).isFalse();
            assertThat(target.getMetaData().getTables(null, target.getSchema(), "flyway_schema_history", null).next())
                    .isFalse();
        }
    }

    @Test
    void refusesATableWhoseNameIsNotAPlainNameBeforeWritingAnything() throws Exception {
        Path odd = dir.resolve("odd-" + database + ".db");
        Files.copy(sqliteFile, odd);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + odd); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE \"x; DROP TABLE jobs; --\" (id INTEGER)");
        }
        Output output = new Output();
        int exit = SqliteToPostgresCopy.run(new String[] {"--from=" + odd}, targetEnv(), output.out, output.err);
        assertThat(exit).isEqualTo(1);
        assertThat(output.err()).contains("copy refused").contains("'x; DROP TABLE jobs; --'");
        try (Connection target = target()) {
            assertThat(target.getMetaData().getTables(null, target.getSchema(), "flyway_schema_history", null).next())
                    .as("nothing was written").isFalse();
        }
    }

    @Test
    void refusesAMissingFileAndAMissingTargetWithClearMessages() {
        Output missing = new Output();
        assertThat(SqliteToPostgresCopy.run(new String[] {"--from=" + dir.resolve("nope.db")}, targetEnv(),
                missing.out, missing.err)).isEqualTo(1);
        assertThat(missing.err()).contains("no SQLite file at");
        Output noTarget = new Output();
        assertThat(SqliteToPostgresCopy.run(new String[] {"--from=" + sqliteFile}, Map.of(), noTarget.out,
                noTarget.err)).isEqualTo(2);
        assertThat(noTarget.err()).contains("SPRING_DATASOURCE_URL");
    }

    private static Map<String, Integer> pgTypes(Connection target, String table) throws SQLException {
        Map<String, Integer> types = new HashMap<>();
        try (ResultSet rs = target.getMetaData().getColumns(null, target.getSchema(), table, null)) {
            while (rs.next()) types.put(rs.getString("COLUMN_NAME").toLowerCase(), rs.getInt("DATA_TYPE"));
        }
        return types;
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Rows as column → comparable value: times as Instant, booleans as Boolean, numbers as long, JSON as text. */
    private static List<Map<String, Object>> rows(Connection c, String table, Map<String, Integer> sqliteAsPgTypes)
            throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    String column = md.getColumnName(i).toLowerCase();
                    Object value = rs.getObject(i);
                    if (sqliteAsPgTypes != null && value != null) {
                        int type = sqliteAsPgTypes.get(column);
                        if (type == java.sql.Types.TIMESTAMP || type == java.sql.Types.TIMESTAMP_WITH_TIMEZONE) {
                            value = sqliteTime(value);
                        } else if (type == java.sql.Types.BIT || type == java.sql.Types.BOOLEAN) {
                            value = ((Number) value).longValue() != 0;
                        }
                    }
                    row.put(column, normalise(value));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** What Hibernate's SQLite dialect wrote, read independently of the copy's own parsing. */
    private static Instant sqliteTime(Object value) {
        if (value instanceof Number n) return Instant.ofEpochMilli(n.longValue());
        String text = value.toString().trim();
        if (text.matches("-?\\d+")) return Instant.ofEpochMilli(Long.parseLong(text));
        text = text.replace(' ', 'T');
        return OffsetDateTime.parse(text.matches(".*([+-]\\d\\d:?\\d\\d|Z)$") ? text : text + "Z").toInstant();
    }

    private static Object normalise(Object value) {
        if (value == null) return null;
        if (value instanceof Instant) return value;
        if (value instanceof java.sql.Timestamp ts) return ts.toInstant();
        if (value instanceof OffsetDateTime odt) return odt.toInstant();
        if (value instanceof Boolean b) return b ? 1L : 0L;
        if (value instanceof Number n && !(value instanceof java.math.BigDecimal)) return n.longValue();
        return value.toString();
    }

    Map<String, String> targetEnv() {
        return Map.of("SPRING_DATASOURCE_URL", targetUrl,
                "SPRING_DATASOURCE_USERNAME", admin.get("SPRING_DATASOURCE_USERNAME"),
                "SPRING_DATASOURCE_PASSWORD", admin.get("SPRING_DATASOURCE_PASSWORD"));
    }

    private Connection target() throws SQLException {
        return DriverManager.getConnection(targetUrl, admin.get("SPRING_DATASOURCE_USERNAME"),
                admin.get("SPRING_DATASOURCE_PASSWORD"));
    }

    private static Connection adminConnection() throws SQLException {
        return DriverManager.getConnection(admin.get("SPRING_DATASOURCE_URL"), admin.get("SPRING_DATASOURCE_USERNAME"),
                admin.get("SPRING_DATASOURCE_PASSWORD"));
    }

    static final class Output {
        final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

        String out() { return outBytes.toString(StandardCharsets.UTF_8); }
        String err() { return errBytes.toString(StandardCharsets.UTF_8); }
    }
}
