package io.missioncontrol.job.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.SpringIntegrationTest;
import io.missioncontrol.TrainingRepo;
import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.DevClusterShell;
import io.missioncontrol.cluster.ClusterIdentity;
import io.missioncontrol.cluster.ClusterGateway;
import io.missioncontrol.cluster.ClusterService;
import io.missioncontrol.cluster.slurm.QueueEntry;
import io.missioncontrol.cluster.slurm.SlurmCommands;
import io.missioncontrol.cluster.slurm.SlurmJobParsers;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.job.monitor.JobPoller;
import io.missioncontrol.job.script.BatchScriptSpec;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.ProjectService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A busy lab: many {@code POST /api/jobs/} at once against the running portal while the poller writes too.
 * Every launch must answer 201, every record must be exactly one SLURM job (found by its
 * {@code --comment=missioncontrol:<id>}) and no record may stay SUBMITTING.
 */
@Tag("cluster")
class ConcurrentLaunchTest extends SpringIntegrationTest {

    private static final Logger log = LoggerFactory.getLogger(ConcurrentLaunchTest.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int AT_A_TIME = 25;

    @Autowired ProjectService projectService;
    @Autowired JobRepository jobs;
    @Autowired ClusterService clusters;
    @Autowired ClusterGateway gateway;
    @Autowired JobPoller poller;

    private TrainingRepo repo;
    private Project project;
    private final AtomicBoolean polling = new AtomicBoolean();
    private final AtomicInteger pollCycles = new AtomicInteger();
    private Thread pollerThread;

    @BeforeEach
    void freshProjectAndARunningPoller() {
        deleteAllRows();
        repo = TrainingRepo.create("burst");
        project = projectService.add(repo.workTree.toString(), "burst-" + UUID.randomUUID().toString().substring(0, 6));
        // The scheduled poller fires every 30 s; this one cycles back to back so its writes meet the launches'.
        polling.set(true);
        pollerThread = Thread.ofVirtual().name("test-poller").start(() -> {
            while (polling.get()) {
                try {
                    poller.pollOnce();
                    pollCycles.incrementAndGet();
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("poll cycle failed: {}", e.toString());
                }
            }
        });
    }

    @AfterEach
    void cancelWhatWasSubmitted() throws InterruptedException {
        polling.set(false);
        pollerThread.join(60_000);
        List<String> ids = new ArrayList<>(slurmJobsByRecord().values().stream().flatMap(List::stream).toList());
        jobs.findAll().stream().map(Job::getSlurmJobId).filter(id -> id != null && !ids.contains(id)).forEach(ids::add);
        if (!ids.isEmpty()) {
            gateway.cancel(ClusterIdentity.of(dev()), ids);
        }
        repo.close();
    }

    @Test
    void fiftyLaunchesTwentyFiveAtATimeAreFiftyJobsInSlurmAndNoError() throws Exception {
        List<ResponseEntity<String>> answers = launchConcurrently(50, i -> null);

        report("50 launches, 25 at a time", answers);
        assertThat(statusCounts(answers)).as(firstProblem(answers)).isEqualTo(Map.of(201, 50L));
        assertThat(jobs.findByStatusIn(List.of(JobStatus.SUBMITTING))).isEmpty();
        List<Job> records = jobs.findAll();
        assertThat(records).hasSize(50).allSatisfy(job -> assertThat(job.getStatus()).isNotEqualTo(JobStatus.SUBMIT_FAILED));
        assertEachRecordIsExactlyItsSlurmJob(records);
        assertThat(pollCycles.get()).as("the poller ran meanwhile").isPositive();
    }

    @Test
    void concurrentPairsSharingARequestKeyAreOneJobEach() throws Exception {
        int keys = 20;
        String prefix = UUID.randomUUID().toString().substring(0, 8);
        // request i and i+keys share a key; all are in flight together, 25 at a time
        List<ResponseEntity<String>> answers = launchConcurrently(2 * keys, i -> prefix + "-" + (i % keys));

        report("20 pairs sharing a request_key", answers);
        assertThat(statusCounts(answers)).as(firstProblem(answers)).isEqualTo(Map.of(201, 2L * keys));
        for (int i = 0; i < keys; i++) {
            String first = JSON.readTree(answers.get(i).getBody()).get("id").asString();
            String second = JSON.readTree(answers.get(i + keys).getBody()).get("id").asString();
            assertThat(second).as("both requests with key %d answer the same job", i).isEqualTo(first);
        }
        List<Job> records = jobs.findAll();
        assertThat(records).hasSize(keys);
        assertThat(records).extracting(Job::getRequestKey).doesNotHaveDuplicates();
        assertThat(jobs.findByStatusIn(List.of(JobStatus.SUBMITTING))).isEmpty();
        assertEachRecordIsExactlyItsSlurmJob(records);
    }

    // ---- helpers

    private interface KeyFor {
        String key(int i);
    }

    private List<ResponseEntity<String>> launchConcurrently(int count, KeyFor keyFor) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(AT_A_TIME);
        try {
            List<Future<ResponseEntity<String>>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String key = keyFor.key(i);
                String body = """
                        {"project_id": "%s", "name": "burst-%d", "cluster": "dev", "partition": "debug",
                         "num_nodes": 1, "gpus_per_node": 0, "time_limit": "00:01:00"%s}
                        """.formatted(project.getId(), i, key == null ? "" : ", \"request_key\": \"" + key + "\"");
                futures.add(clients.submit(() -> api().post().uri("/api/jobs/").contentType(MediaType.APPLICATION_JSON)
                        .body(body).retrieve().toEntity(String.class)));
            }
            List<ResponseEntity<String>> answers = new ArrayList<>();
            for (Future<ResponseEntity<String>> f : futures) {
                answers.add(f.get(5, TimeUnit.MINUTES));
            }
            return answers;
        } finally {
            clients.shutdownNow();
        }
    }

    private static Map<Integer, Long> statusCounts(List<ResponseEntity<String>> answers) {
        return answers.stream().collect(Collectors.groupingBy(a -> a.getStatusCode().value(), TreeMap::new,
                Collectors.counting()));
    }

    private static String firstProblem(List<ResponseEntity<String>> answers) {
        return answers.stream().filter(a -> a.getStatusCode().value() != 201).findFirst()
                .map(a -> a.getStatusCode().value() + " " + a.getBody()).orElse("no error");
    }

    /** The figures the issue asks for, in the log whether the test passes or not. */
    private void report(String what, List<ResponseEntity<String>> answers) {
        Map<JobStatus, Long> states = jobs.findAll().stream()
                .collect(Collectors.groupingBy(Job::getStatus, TreeMap::new, Collectors.counting()));
        Map<String, List<String>> inSlurm = slurmJobsByRecord();
        List<String> failures = jobs.findAll().stream().filter(j -> j.getStatus() == JobStatus.SUBMIT_FAILED)
                .map(Job::getStatusReason).distinct().toList();
        log.info("{}: answers {}; records {} by state {}; records found in SLURM {} (SLURM jobs {}); poll cycles {}; "
                        + "submit failures {}", what, statusCounts(answers),
                states.values().stream().mapToLong(Long::longValue).sum(), states, inSlurm.size(),
                inSlurm.values().stream().mapToInt(List::size).sum(), pollCycles.get(), failures);
    }

    private void assertEachRecordIsExactlyItsSlurmJob(List<Job> records) {
        Map<String, List<String>> inSlurm = slurmJobsByRecord();
        for (Job job : records) {
            assertThat(inSlurm.get(job.getId())).as("SLURM jobs carrying the comment of job %s", job.getId())
                    .containsExactly(job.getSlurmJobId());
        }
    }

    /** Record id → the SLURM jobs of the cluster's user whose comment names it (squeue -t all: ended ones too). */
    private Map<String, List<String>> slurmJobsByRecord() {
        String stdout = DevClusterShell.remote().exec(dev(), SlurmCommands.queueOfUser(dev().user())).stdout();
        List<String> ours = jobs.findAll().stream().map(Job::getId).toList();
        Map<String, List<String>> out = new TreeMap<>();
        for (QueueEntry e : SlurmJobParsers.parseQueue(stdout)) {
            for (String id : ours) {
                if (BatchScriptSpec.comment(id).equals(e.comment())) {
                    out.computeIfAbsent(id, k -> new ArrayList<>()).add(e.jobId());
                }
            }
        }
        return out;
    }

    private ClusterDefinition dev() {
        return clusters.require("dev");
    }
}
