package io.missioncontrol.job.multi;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.TrainingRepo;
import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.DevCluster;
import io.missioncontrol.cluster.DevClusterShell;
import io.missioncontrol.cluster.slurm.SlurmCommands;
import io.missioncontrol.cluster.ssh.RemoteCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two real portal processes on one fresh PostgreSQL database (profile {@code postgres}), both watching the dev
 * cluster: they share projects and jobs, one of them polls per cycle (counted from {@code missioncontrol.poll.cycles}
 * against Quartz's own count of firings), the same request key sent to both at once is one job and one SLURM job, a
 * status change made on one reaches the other's listeners, start-up reconciliation leaves the other's running launch
 * alone, and after {@code kill -9} of the polling one the other finishes the jobs. Needs
 * {@code scripts/dev-cluster.sh up} and {@code scripts/dev-postgres.sh up}; takes a few minutes.
 */
@Tag("cluster")
@Tag("multi-instance")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiInstanceTest {

    private static final Logger log = LoggerFactory.getLogger(MultiInstanceTest.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Short, so that the test sees many cycles; the failover time is reported in cycles of it. */
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(5);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    /** Sleeps as long as its {@code +sleep_s=N} override says, so a job stays active while cycles are counted. */
    private static final String SLEEPING_TRAIN_PY = """
            import sys, time
            for arg in sys.argv[1:]:
                if "sleep_s=" in arg:
                    time.sleep(float(arg.split("sleep_s=")[-1]))
            print("MC-DONE", flush=True)
            """;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String database = "mc_multi_" + run;
    private final Path workDir = Path.of("target/multi-instance", run).toAbsolutePath();
    private final Path holdFile = workDir.resolve("hold");

    private ClusterDefinition dev;
    private DevPostgres postgres;
    private boolean databaseCreated;
    private TrainingRepo repo;
    private String projectId;
    private PortalProcess a;
    private PortalProcess b;
    private final List<PortalProcess> started = new ArrayList<>();
    private final Set<String> jobIds = new LinkedHashSet<>();
    /** The test's own clients: the common pool may have one thread here, too few for two requests at once. */
    private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();

    // what the cycle count compares: from the end of the first test on
    private Sample countFrom;
    private String keeperId;

    @BeforeAll
    void oneFreshDatabaseAndTheFirstInstance() throws Exception {
        dev = DevCluster.definition();
        postgres = DevPostgres.fromEnvFile();
        postgres.createDatabase(database);
        databaseCreated = true;
        Files.createDirectories(workDir);
        repo = TrainingRepo.create("multi");
        repo.commitLocally("train.py", SLEEPING_TRAIN_PY); // not pushed: the job gets it as a bundle
        a = startPortal("a");
        a.awaitUp(START_TIMEOUT);
        ResponseEntity<String> project = a.api().post().uri("/api/projects/").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("local_path", repo.workTree.toString(), "name", "multi-" + run))
                .retrieve().toEntity(String.class);
        assertThat(project.getStatusCode().value()).as(project.getBody()).isEqualTo(201);
        projectId = JSON.readTree(project.getBody()).get("id").asString();
    }

    @AfterAll
    void stopEverythingAndCancelOurJobs() throws Exception {
        try {
            clients.shutdownNow();
            for (PortalProcess p : started) {
                p.kill();
            }
        } finally {
            try {
                cancelOurSlurmJobs();
            } finally {
                if (repo != null) {
                    repo.close();
                }
                if (databaseCreated) {
                    postgres.dropDatabase(database);
                }
            }
        }
    }

    @Test
    @Order(1)
    void anInstanceStartingUpLeavesTheLaunchAnotherLiveInstanceIsDoingAlone() throws Exception {
        Files.writeString(holdFile, "held right after sbatch while the second instance starts");
        CompletableFuture<ResponseEntity<String>> held = CompletableFuture.supplyAsync(
                () -> launch(a, "held", 0, null), clients);
        String heldId = awaitLogLine(a, Pattern.compile(InstanceProbe.HELD + " job=(\\S+)"), Duration.ofMinutes(2));
        jobIds.add(heldId);

        b = startPortal("b");
        b.awaitUp(START_TIMEOUT);
        awaitLogLine(b, Pattern.compile("Job (" + Pattern.quote(heldId) + ") is being launched by portal instance"),
                Duration.ofMinutes(1));
        Files.delete(holdFile);

        ResponseEntity<String> answer = held.get(2, TimeUnit.MINUTES);
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(201);
        JsonNode job = JSON.readTree(answer.getBody());
        assertThat(job.get("id").asString()).isEqualTo(heldId);
        assertThat(job.get("slurm_job_id").isNull()).as("attached by the instance that submitted it").isFalse();
        assertThat(historyReasons(heldId)).as("nothing settled it as an interrupted launch")
                .noneMatch(reason -> reason != null && reason.contains("interrupted launch"));
    }

    @Test
    @Order(2)
    void projectsAndJobsMadeOnOneInstanceAreSeenOnTheOther() throws Exception {
        JsonNode project = JSON.readTree(b.api().get().uri("/api/projects/{id}", projectId).retrieve().body(String.class));
        assertThat(project.get("name").asString()).isEqualTo("multi-" + run);

        // keeps the poller busy (an active job) while cycles are counted
        ResponseEntity<String> keeper = launch(a, "keeper", 75, null);
        assertThat(keeper.getStatusCode().value()).as(keeper.getBody()).isEqualTo(201);
        JsonNode launched = JSON.readTree(keeper.getBody());
        keeperId = launched.get("id").asString();
        jobIds.add(keeperId);

        JsonNode onB = JSON.readTree(b.api().get().uri("/api/jobs/{id}", keeperId).retrieve().body(String.class));
        assertThat(onB.get("slurm_job_id").asString()).isEqualTo(launched.get("slurm_job_id").asString());
        JsonNode listedOnB = JSON.readTree(b.api().get().uri("/api/jobs/?project_id={p}", projectId).retrieve()
                .body(String.class));
        assertThat(listedOnB.valueStream().map(j -> j.get("id").asString())).contains(keeperId);
        countFrom = stableSample();
    }

    @Test
    @Order(3)
    void aStatusChangeMadeOnOneInstanceReachesTheOthersListeners() throws Exception {
        // the launch on A moved the keeper SUBMITTING -> PENDING there: only A can have made that change
        Pattern pending = Pattern.compile(InstanceProbe.EVENT + " job=" + Pattern.quote(keeperId)
                + " status=PENDING previous=SUBMITTING age_ms=(\\d+)");
        String onA = awaitLogLine(a, pending, Duration.ofSeconds(30));
        String onB = awaitLogLine(b, pending, Duration.ofSeconds(30));
        log.info("push across instances: the keeper's PENDING reached A's listeners {} ms and B's {} ms after the "
                + "change", onA, onB);

        // and the other way round: a launch on B reaches A
        ResponseEntity<String> fromB = launch(b, "from-b", 0, null);
        assertThat(fromB.getStatusCode().value()).as(fromB.getBody()).isEqualTo(201);
        String id = JSON.readTree(fromB.getBody()).get("id").asString();
        jobIds.add(id);
        String bToA = awaitLogLine(a, Pattern.compile(InstanceProbe.EVENT + " job=" + Pattern.quote(id)
                + " status=PENDING previous=SUBMITTING age_ms=(\\d+)"), Duration.ofSeconds(30));
        log.info("push across instances: a launch on B reached A's listeners {} ms after the change", bToA);
    }

    @Test
    @Order(4)
    void theSameRequestKeySentToBothInstancesAtOnceIsOneJobAndOneSlurmJob() throws Exception {
        int pairs = 6;
        for (int i = 0; i < pairs; i++) {
            String key = "mi-" + run + "-" + i;
            String name = "key-" + i;
            CyclicBarrier together = new CyclicBarrier(2);
            CompletableFuture<ResponseEntity<String>> toA = CompletableFuture.supplyAsync(() -> {
                await(together);
                return launch(a, name, 0, key);
            }, clients);
            CompletableFuture<ResponseEntity<String>> toB = CompletableFuture.supplyAsync(() -> {
                await(together);
                return launch(b, name, 0, key);
            }, clients);
            ResponseEntity<String> answerA = toA.get(2, TimeUnit.MINUTES);
            ResponseEntity<String> answerB = toB.get(2, TimeUnit.MINUTES);
            assertThat(answerA.getStatusCode().value()).as(answerA.getBody()).isEqualTo(201);
            assertThat(answerB.getStatusCode().value()).as(answerB.getBody()).isEqualTo(201);
            JsonNode jobA = JSON.readTree(answerA.getBody());
            JsonNode jobB = JSON.readTree(answerB.getBody());
            assertThat(jobB.get("id").asString()).as("key %s", key).isEqualTo(jobA.get("id").asString());
            assertThat(jobB.get("slurm_job_id").asString()).as("key %s", key).isNotBlank()
                    .isEqualTo(jobA.get("slurm_job_id").asString());
            jobIds.add(jobA.get("id").asString());

            List<String[]> inSlurm = slurmJobsNamed(slurmName(name));
            assertThat(inSlurm).as("SLURM jobs of key %s", key).hasSize(1);
            assertThat(inSlurm.getFirst()[0]).isEqualTo(jobA.get("slurm_job_id").asString());
            assertThat(inSlurm.getFirst()[2]).isEqualTo("missioncontrol:" + jobA.get("id").asString());
        }
        assertThat(countRows("select count(*) from jobs where request_key like ?", "mi-" + run + "-%"))
                .isEqualTo(pairs);
        long conflicts = a.logLines().stream().filter(l -> l.contains("another portal instance stored job")).count()
                + b.logLines().stream().filter(l -> l.contains("another portal instance stored job")).count();
        log.info("request keys: {} pairs, {} decided by the unique index (the others by an earlier look-up)", pairs,
                conflicts);
        // both requests of a pair get past the look-up before either inserts (planning takes far longer than the
        // requests' head start): so the unique index, across instances, is what was tested
        assertThat(conflicts).as("pairs whose loser was refused by the unique index").isPositive();
    }

    @Test
    @Order(5)
    void eachPollCycleRunsOnExactlyOneInstance() throws Exception {
        assertThat(countFrom).as("the count started in the job-sharing test").isNotNull();
        int from = countFrom.firedOnA.size() + countFrom.firedOnB.size();
        awaitTrue(() -> pollFirings(a).size() + pollFirings(b).size() >= from + 4, Duration.ofMinutes(2),
                "four poll firings");
        Sample to = stableSample();
        assertThat(jobStatus(a, keeperId)).as("the keeper is still active, so every cycle asked the cluster")
                .isIn("PENDING", "RUNNING", "CONFIGURING");
        List<Long> firingsOnA = to.firedOnA.subList(countFrom.firedOnA.size(), to.firedOnA.size());
        List<Long> firingsOnB = to.firedOnB.subList(countFrom.firedOnB.size(), to.firedOnB.size());
        long cycles = firingsOnA.size() + firingsOnB.size();
        long onA = to.onA - countFrom.onA;
        long onB = to.onB - countFrom.onB;
        log.info("poll cycles: {} firings of the poller ({} ran on A, {} on B); cluster dev polled {} times on A and "
                + "{} on B", cycles, firingsOnA.size(), firingsOnB.size(), onA, onB);
        assertThat(onA + onB).as("polls of dev over %d cycles (A %d, B %d)", cycles, onA, onB).isEqualTo(cycles);
        assertThat(onA).isEqualTo(firingsOnA.size());
        List<Long> all = new ArrayList<>(to.firedOnA);
        all.addAll(to.firedOnB);
        assertThat(all).as("scheduled fire times of every firing, on both instances").doesNotHaveDuplicates();
    }

    @Test
    @Order(6)
    void whenThePollingInstanceIsKilledTheOtherFinishesTheJobs() throws Exception {
        ResponseEntity<String> finisher = launch(a, "finisher", 5, null);
        assertThat(finisher.getStatusCode().value()).as(finisher.getBody()).isEqualTo(201);
        String finisherId = JSON.readTree(finisher.getBody()).get("id").asString();
        jobIds.add(finisherId);

        // the instance that ran the latest cycle is the one to kill
        long beforeA = a.pollCycles("dev");
        long beforeB = b.pollCycles("dev");
        awaitTrue(() -> a.pollCycles("dev") + b.pollCycles("dev") > beforeA + beforeB, Duration.ofMinutes(1),
                "a poll cycle");
        PortalProcess poller = a.pollCycles("dev") > beforeA ? a : b;
        PortalProcess survivor = poller == a ? b : a;
        long survivorBefore = survivor.pollCycles("dev");
        poller.kill();
        Instant killed = Instant.now();
        log.info("killed -9 the polling instance {} (pid {})", poller.name, poller.pid());

        awaitTrue(() -> survivor.pollCycles("dev") > survivorBefore, Duration.ofMinutes(2),
                "a poll cycle on the survivor " + survivor.name);
        Duration failover = Duration.between(killed, Instant.now());
        awaitTrue(() -> "COMPLETED".equals(jobStatus(survivor, finisherId)), Duration.ofMinutes(3),
                "the finisher COMPLETED on the survivor");
        Duration finished = Duration.between(killed, Instant.now());
        log.info("failover: first cycle on the survivor {} {} ms after the kill ({} poll intervals of {} s); the "
                        + "finisher COMPLETED there {} ms after the kill", survivor.name, failover.toMillis(),
                String.format("%.1f", failover.toMillis() / (double) POLL_INTERVAL.toMillis()),
                POLL_INTERVAL.toSeconds(), finished.toMillis());
        assertThat(survivor.isAlive()).isTrue();
    }

    // ---- helpers

    private PortalProcess startPortal(String name) throws Exception {
        PortalProcess p = PortalProcess.start(name, workDir, Map.of(
                        "SPRING_DATASOURCE_URL", postgres.urlOf(database),
                        "SPRING_DATASOURCE_USERNAME", postgres.user,
                        "SPRING_DATASOURCE_PASSWORD", postgres.password),
                List.of("--spring.profiles.active=postgres,multi-instance-probe",
                        "--missioncontrol.clusters-file=" + DevCluster.configFile(),
                        "--missioncontrol.poll-interval=" + POLL_INTERVAL.toSeconds() + "s",
                        "--missioncontrol.data-dir=" + workDir.resolve("data-" + name),
                        "--multi-instance-probe.hold-file=" + holdFile));
        started.add(p);
        return p;
    }

    private ResponseEntity<String> launch(PortalProcess portal, String name, int sleepSeconds, String requestKey) {
        String body = """
                {"project_id": "%s", "name": "%s", "cluster": "dev", "partition": "debug", "num_nodes": 1,
                 "gpus_per_node": 0, "time_limit": "00:03:00", "extra_overrides": ["+sleep_s=%d"]%s}
                """.formatted(projectId, slurmName(name), sleepSeconds,
                requestKey == null ? "" : ", \"request_key\": \"" + requestKey + "\"");
        return portal.api().post().uri("/api/jobs/").contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                .toEntity(String.class);
    }

    /** Job (and SLURM job) names of this run: unique, so SLURM's queue can be searched by them. */
    private String slurmName(String name) {
        return "mi-" + run + "-" + name;
    }

    private String jobStatus(PortalProcess portal, String jobId) {
        String body = portal.api().get().uri("/api/jobs/{id}", jobId).retrieve().body(String.class);
        return JSON.readTree(body).get("slurm_status").asString();
    }

    /** The SLURM jobs (id, name, comment) of the cluster's user with this name, ended ones too. */
    private List<String[]> slurmJobsNamed(String name) {
        String out = DevClusterShell.remote().exec(dev, RemoteCommand.of("squeue").args("-h", "-t", "all", "-u",
                dev.user(), "-o", "%i|%j|%k")).stdout();
        return out.lines().map(l -> l.strip().split("\\|", 3)).filter(f -> f.length == 3 && f[1].equals(name))
                .toList();
    }

    private void cancelOurSlurmJobs() {
        if (dev == null) {
            return;
        }
        try {
            String out = DevClusterShell.remote().exec(dev, RemoteCommand.of("squeue").args("-h", "-u", dev.user(),
                    "-o", "%i|%j")).stdout();
            List<String> ours = out.lines().map(l -> l.strip().split("\\|", 2))
                    .filter(f -> f.length == 2 && f[1].startsWith("mi-" + run + "-")).map(f -> f[0]).toList();
            if (!ours.isEmpty()) {
                for (RemoteCommand cancel : SlurmCommands.cancel(ours)) {
                    DevClusterShell.remote().exec(dev, cancel);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not cancel this run's SLURM jobs: {}", e.toString());
        }
    }

    private List<String> historyReasons(String jobId) throws SQLException {
        List<String> reasons = new ArrayList<>();
        try (Connection c = postgres.connect(database);
             PreparedStatement s = c.prepareStatement("select reason from job_status_history where job_id = ?")) {
            s.setString(1, jobId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    reasons.add(r.getString(1));
                }
            }
        }
        return reasons;
    }

    private long countRows(String sql, String parameter) throws SQLException {
        try (Connection c = postgres.connect(database); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /**
     * Poll metrics of both instances and the poll firings each ran (scheduled fire times, from its log), read while no
     * firing runs anywhere (Quartz lists a running one in qrtz_fired_triggers until it is done, and its log line is
     * written before that).
     */
    private record Sample(List<Long> firedOnA, List<Long> firedOnB, long onA, long onB) {
    }

    private Sample stableSample() throws Exception {
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(1));
        while (Instant.now().isBefore(giveUp)) {
            if (executingFirings() == 0) {
                List<Long> firedOnA = pollFirings(a);
                List<Long> firedOnB = pollFirings(b);
                long onA = a.pollCycles("dev");
                long onB = b.pollCycles("dev");
                if (executingFirings() == 0 && pollFirings(a).equals(firedOnA) && pollFirings(b).equals(firedOnB)) {
                    return new Sample(firedOnA, firedOnB, onA, onB);
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("No moment without a running poll firing within a minute");
    }

    /** The scheduled times of the poll firings this instance ran, in order. */
    private static List<Long> pollFirings(PortalProcess portal) {
        Pattern fired = Pattern.compile(InstanceProbe.FIRED + " job=job-status-poller scheduled=(\\d+)");
        return portal.logLines().stream().map(fired::matcher).filter(Matcher::find)
                .map(m -> Long.parseLong(m.group(1))).toList();
    }

    private long executingFirings() throws SQLException {
        return countRows("select count(*) from qrtz_fired_triggers where state = 'EXECUTING' and trigger_name = ?",
                "job-status-poller-trigger");
    }

    /** Waits for a line of the portal's log; returns the pattern's first group. */
    private static String awaitLogLine(PortalProcess portal, Pattern pattern, Duration timeout)
            throws InterruptedException {
        Instant giveUp = Instant.now().plus(timeout);
        while (Instant.now().isBefore(giveUp)) {
            Optional<String> found = portal.logLines().stream().map(pattern::matcher).filter(Matcher::find)
                    .map(m -> m.group(1)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("No line matching " + pattern + " in " + portal.name + "'s log within " + timeout
                + "; its end:\n" + portal.tail(30));
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout, String what)
            throws InterruptedException {
        Instant giveUp = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(giveUp)) {
                throw new AssertionError("Not seen within " + timeout + ": " + what);
            }
            Thread.sleep(200);
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
