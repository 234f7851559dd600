package io.missioncontrol.base;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.SpringIntegrationTest;
import io.missioncontrol.TrainingRepo;
import io.missioncontrol.cluster.DevClusterShell;
import io.missioncontrol.cluster.ClusterGateway;
import io.missioncontrol.cluster.ClusterService;
import io.missioncontrol.cluster.ssh.RemoteCommand;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.job.JobTransitions;
import io.missioncontrol.job.launch.JobLaunchService;
import io.missioncontrol.job.launch.LaunchRequest;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.ProjectRepository;
import io.missioncontrol.project.ProjectService;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The portal started with a bare {@code jdbc:sqlite:<file>} URL (no pragmas in it), as the README suggests for
 * moving the file: every connection still has WAL, the busy timeout and foreign keys; read-only transactions do not
 * wait for the writer; a write that cannot get the database in time is a 503 before anything reaches SLURM, and
 * one that SLURM's answer depends on keeps trying until it is stored. The pool timeout is short here so that
 * "the writer is held" shows quickly.
 */
@Tag("sqlite-only") // SQLite's pragmas and its one-writer pool: not run on PostgreSQL
@TestPropertySource(properties = {"spring.datasource.url=jdbc:sqlite:target/test-data/bare-${random.uuid}.db",
        "spring.datasource.hikari.connection-timeout=500"})
class SqliteDataSourceTest extends SpringIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired Environment environment;
    @Autowired DataSource dataSource;
    @Autowired JdbcTemplate jdbc;
    @Autowired PlatformTransactionManager transactionManager;
    @Autowired TransactionTemplate tx;
    @Autowired ProjectService projectService;
    @Autowired ProjectRepository projects;
    @Autowired JobRepository jobs;
    @Autowired JobTransitions transitions;
    @Autowired ClusterService clusters;
    @Autowired ClusterGateway gateway;
    @Autowired MissionControlProperties properties;
    @Autowired Clock clock;
    @Autowired io.missioncontrol.job.launch.PortalInstances instances;

    private TrainingRepo repo;
    private final List<String> slurmIds = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        jobs.findAll().stream().map(Job::getSlurmJobId).filter(id -> id != null).forEach(slurmIds::add);
        if (!slurmIds.isEmpty()) {
            gateway.cancel(gateway.serviceAccount("dev"), slurmIds);
        }
        if (repo != null) {
            repo.close();
        }
    }

    @Test
    void everyConnectionHasWalTheBusyTimeoutAndForeignKeysThoughTheUrlNamesNone() throws SQLException {
        assertThat(environment.getProperty("spring.datasource.url")).startsWith("jdbc:sqlite:").doesNotContain("?");
        SqliteDataSource sqlite = (SqliteDataSource) dataSource;

        try (Connection writer = sqlite.writer().getConnection(); Connection reader = sqlite.readers().getConnection()) {
            for (Connection c : List.of(writer, reader)) {
                assertThat(pragma(c, "journal_mode")).isEqualToIgnoringCase("wal");
                assertThat(pragma(c, "busy_timeout")).isEqualTo("10000");
                assertThat(pragma(c, "foreign_keys")).isEqualTo("1");
            }
            assertThat(pragma(writer, "query_only")).isEqualTo("0");
            assertThat(pragma(reader, "query_only")).isEqualTo("1");
        }
        // and what the application itself uses
        assertThat(jdbc.queryForObject("pragma journal_mode", String.class)).isEqualToIgnoringCase("wal");
        assertThat(jdbc.queryForObject("pragma busy_timeout", Integer.class)).isEqualTo(10000);
        assertThat(jdbc.queryForObject("pragma foreign_keys", Integer.class)).isEqualTo(1);
        assertThat(sqlite.writer().getMaximumPoolSize()).isEqualTo(1);
    }

    @Test
    void aReadOnlyTransactionNeitherWaitsForTheWriterNorSeesItsUncommittedRows() throws Exception {
        deleteAllRows();
        try (Connection writer = holdTheWriter()) {
            try (Statement s = writer.createStatement()) {
                s.executeUpdate("insert into projects (id, name, local_path, added_at, is_dirty, is_pushed) "
                        + "values ('uncommitted', 'uncommitted', '/tmp/uncommitted', 0, 0, 0)");
            }
            // Spring Data reads are read-only transactions; one bound to the writer would wait for the held
            // connection and fail after the 500 ms pool timeout
            assertThat(CompletableFuture.supplyAsync(projects::count).get(30, TimeUnit.SECONDS)).isZero();
            TransactionTemplate readOnly = new TransactionTemplate(transactionManager);
            readOnly.setReadOnly(true);
            assertThat(CompletableFuture.supplyAsync(() -> readOnly.execute(s -> projects.findAll().size()))
                    .get(30, TimeUnit.SECONDS)).isZero();
            writer.rollback();
        }
    }

    @Test
    @Tag("cluster")
    void aLaunchWhileTheDatabaseCannotTakeItsRecordIs503WithRetryAfterAndNothingReachesSlurm() throws Exception {
        deleteAllRows();
        Project project = project();
        String name = "held-" + UUID.randomUUID().toString().substring(0, 8);

        ResponseEntity<String> response;
        try (Connection writer = holdTheWriter()) {
            response = api().post().uri("/api/jobs/").contentType(MediaType.APPLICATION_JSON).body("""
                    {"project_id": "%s", "name": "%s", "cluster": "dev", "partition": "debug",
                     "gpus_per_node": 0, "time_limit": "00:01:00"}
                    """.formatted(project.getId(), name)).retrieve().toEntity(String.class);
            writer.rollback();
        }

        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).matches("[1-9][0-9]*");
        assertThat(response.getHeaders().getContentType().toString()).contains("problem+json");
        JsonNode problem = JSON.readTree(response.getBody());
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("detail").asString()).contains("busy").doesNotContain("Exception", "SQLITE");
        assertThat(jobs.count()).isZero();
        String inSlurm = DevClusterShell.remote().exec(clusters.require("dev"), RemoteCommand.of("squeue").args("-h", "-t",
                "all", "-u", clusters.require("dev").user(), "-n", name, "-o", "%i")).stdout();
        assertThat(inSlurm).isBlank();
    }

    @Test
    void anyOtherWriteTheDatabaseCannotTakeIsA503ProblemTooNeverA500() {
        deleteAllRows();
        repo = TrainingRepo.create("held");
        ResponseEntity<String> response;
        try (Connection writer = holdTheWriter()) {
            // registering a project writes without DatabaseWrites: the pool's timeout reaches the API as it is
            response = api().post().uri("/api/projects/").contentType(MediaType.APPLICATION_JSON).body("""
                    {"local_path": "%s", "name": "held-project"}""".formatted(repo.workTree)).retrieve()
                    .toEntity(String.class);
            writer.rollback();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }

        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).matches("[1-9][0-9]*");
        assertThat(response.getHeaders().getContentType().toString()).contains("problem+json");
        assertThat(projects.count()).isZero();
    }

    @Test
    @Tag("cluster")
    void onceSlurmHasTheJobItsRecordIsStoredThoughTheWriterIsHeldLongerThanTheBoundedRetriesLast() throws Exception {
        deleteAllRows();
        Project project = project();
        List<Connection> held = new ArrayList<>();
        // right after sbatch: the writer is taken for ~6 s, far longer than the retries before sbatch would last
        // (5 attempts of 500 ms); attach must keep trying instead of leaving a SLURM job behind a SUBMITTING record
        JobLaunchService launcher = new JobLaunchService(projectService, clusters, gateway, jobs, transitions, tx, properties,
                clock, Optional.of((jobId, slurmId) -> {
                    slurmIds.add(slurmId);
                    Connection writer = holdTheWriter();
                    held.add(writer);
                    Thread.ofVirtual().start(() -> {
                        try {
                            Thread.sleep(6_000);
                            writer.rollback();
                            writer.close();
                        } catch (InterruptedException | SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }), new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), instances);

        Job job = launcher.launch(new LaunchRequest(project.getId(), "held-after-sbatch", null, "dev", "debug", null,
                1, 0, "00:01:00", null, null, Map.of(), List.of(), false, null));

        assertThat(held).hasSize(1);
        assertThat(job.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(job.getSlurmJobId()).isEqualTo(slurmIds.getFirst());
        Job stored = jobs.findById(job.getId()).orElseThrow();
        assertThat(stored.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(stored.getSlurmJobId()).isEqualTo(slurmIds.getFirst());
    }

    // ---- helpers

    private Project project() {
        repo = TrainingRepo.create("held");
        return projectService.add(repo.workTree.toString(), "held-" + UUID.randomUUID().toString().substring(0, 6));
    }

    /** Takes the one writer connection and starts a write transaction on it, as a long write would. */
    private Connection holdTheWriter() {
        try {
            Connection writer = ((SqliteDataSource) dataSource).writer().getConnection();
            writer.setAutoCommit(false);
            try (Statement s = writer.createStatement()) {
                s.executeQuery("select count(*) from projects").close();
            }
            return writer;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("pragma " + name)) {
            r.next();
            return r.getString(1);
        }
    }
}
