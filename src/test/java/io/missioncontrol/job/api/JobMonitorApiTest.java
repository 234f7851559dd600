package io.missioncontrol.job.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.SpringIntegrationTest;
import io.missioncontrol.cluster.ClusterGateway;
import io.missioncontrol.cluster.ClusterService;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.job.JobStatusChange;
import io.missioncontrol.job.JobStatusChangeRepository;
import io.missioncontrol.job.JobTransitions;
import io.missioncontrol.job.monitor.SlurmTestJobs;
import io.missioncontrol.project.ProjectRepository;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** refresh-status, logs and cancel against real jobs on the dev cluster, and their errors. */
class JobMonitorApiTest extends SpringIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Every line of the big log is this long (with its line break). */
    private static final int LINE = 50;
    private static final int LINES = 100_000;

    @Autowired ClusterService clusters;
    @Autowired ClusterGateway gateway;
    @Autowired JobRepository jobs;
    @Autowired ProjectRepository projects;
    @Autowired JobStatusChangeRepository history;
    @Autowired JobTransitions transitions;
    @Autowired PlatformTransactionManager txManager;
    @Autowired Scheduler scheduler;

    SlurmTestJobs slurm;

    @BeforeEach
    void setUp() throws SchedulerException {
        scheduler.pauseAll(); // states change only through the endpoints under test
        jobs.deleteAll();
        projects.deleteAll();
        slurm = new SlurmTestJobs(clusters, jobs, projects, transitions, txManager);
    }

    @AfterEach
    void tearDown() throws SchedulerException {
        slurm.cleanUp();
        jobs.deleteAll();
        scheduler.resumeAll();
    }

    private ResponseEntity<String> get(String uri) {
        return api().get().uri(URI.create("http://127.0.0.1:" + port + uri)).retrieve().toEntity(String.class);
    }

    private ResponseEntity<String> post(String uri) {
        return api().post().uri(URI.create("http://127.0.0.1:" + port + uri)).retrieve().toEntity(String.class);
    }

    private static JsonNode json(ResponseEntity<String> r, int status) {
        assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(status);
        return JSON.readTree(r.getBody());
    }

    private Job refreshUntilEnded(Job job) throws InterruptedException {
        return slurm.pollUntil(job, () -> json(post("/api/jobs/" + job.getId() + "/refresh-status"), 200),
                j -> !j.getStatus().isActive(), Duration.ofSeconds(90), Duration.ofMillis(700));
    }

    /** The bytes of line {@code n} (1-based) of the big log. */
    private static String line(int n) {
        return String.format("line %07d abcdefghijklmnopqrstuvwxyz0123456789%n", n);
    }

    @Test
    @Tag("cluster")
    void refreshStatusAsksSlurmNowAndAnswersWithTheJob() throws Exception {
        Job job = slurm.launch("refresh-api", "exit 3");

        Job ended = refreshUntilEnded(job);

        JsonNode body = json(post("/api/jobs/" + job.getId() + "/refresh-status"), 200);
        assertThat(ended.getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(body.get("slurm_status").asString()).isEqualTo("FAILED");
        assertThat(body.get("exit_code").asInt()).isEqualTo(3);
        assertThat(body.get("status_reason").asString()).isEqualTo("NonZeroExitCode");
    }

    @Test
    @Tag("cluster")
    void aBigLogIsReadBySliceTailAndOffsetGiveTheExactBytes() throws Exception {
        Job job = slurm.launch("big-log",
                "seq -f 'line %07g abcdefghijklmnopqrstuvwxyz0123456789' 1 " + LINES + "; echo done >&2");
        refreshUntilEnded(job);
        long size = (long) LINE * LINES;
        assertThat(line(1)).hasSize(LINE);

        long before = gateway.commandCount("dev");
        JsonNode tail = json(get("/api/jobs/" + job.getId() + "/logs?stream=stdout&tail=3"), 200);
        assertThat(gateway.commandCount("dev") - before).as("one SFTP open for length and tail").isEqualTo(1);
        assertThat(tail.has("wandb_run_url")).as("the log answer keeps its shape").isFalse();
        assertThat(tail.get("stream").asString()).isEqualTo("stdout");
        assertThat(tail.get("size").asLong()).isEqualTo(size);
        assertThat(tail.get("content").asString()).isEqualTo(line(LINES - 2) + line(LINES - 1) + line(LINES));
        assertThat(tail.get("offset").asLong()).isEqualTo(size - 3L * LINE);
        assertThat(tail.get("next_offset").asLong()).isEqualTo(size);
        assertThat(tail.get("truncated").asBoolean()).isFalse();
        assertThat(tail.get("exists").asBoolean()).isTrue();

        long offset = (long) LINE * 1234;
        before = gateway.commandCount("dev");
        JsonNode slice = json(get("/api/jobs/" + job.getId() + "/logs?offset=" + offset + "&max_bytes=" + 2 * LINE),
                200);
        assertThat(gateway.commandCount("dev") - before).as("one SFTP open for length and range").isEqualTo(1);
        assertThat(slice.get("content").asString()).isEqualTo(line(1235) + line(1236));
        assertThat(slice.get("offset").asLong()).isEqualTo(offset);
        assertThat(slice.get("next_offset").asLong()).isEqualTo(offset + 2 * LINE);
        assertThat(slice.get("truncated").asBoolean()).as("more follows").isTrue();

        JsonNode next = json(get("/api/jobs/" + job.getId() + "/logs?offset="
                + slice.get("next_offset").asLong() + "&max_bytes=" + LINE), 200);
        assertThat(next.get("content").asString()).as("following on from next_offset").isEqualTo(line(1237));

        JsonNode end = json(get("/api/jobs/" + job.getId() + "/logs?offset=" + size), 200);
        assertThat(end.get("content").asString()).isEmpty();
        assertThat(end.get("next_offset").asLong()).isEqualTo(size);
        assertThat(end.get("truncated").asBoolean()).isFalse();

        // a tail asking for more lines than the byte limit allows returns only the limit's worth
        JsonNode capped = json(get("/api/jobs/" + job.getId() + "/logs?tail=100000&max_bytes=1000"), 200);
        assertThat(capped.get("truncated").asBoolean()).isTrue();
        assertThat(capped.get("content").asString().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1000);
        assertThat(capped.get("content").asString()).endsWith(line(LINES));
        assertThat(capped.get("offset").asLong()).isEqualTo(size - 1000);

        JsonNode stderr = json(get("/api/jobs/" + job.getId() + "/logs?stream=stderr"), 200);
        assertThat(stderr.get("content").asString()).isEqualTo("done\n");
        JsonNode byDefault = json(get("/api/jobs/" + job.getId() + "/logs"), 200);
        assertThat(byDefault.get("content").asString().lines()).hasSize(200);
    }

    @Test
    @Tag("cluster")
    void theWandbRunUrlIsTakenFromTheLogAndStoredOnce() throws Exception {
        Job job = slurm.launch("wandb-run", "echo 'wandb: Tracking run with wandb version 0.17.0' >&2; "
                + "echo 'wandb: 🚀 View run at https://wandb.ai/lab/vision/runs/abc123' >&2; echo training");
        refreshUntilEnded(job);
        assertThat(slurm.reload(job).getWandbRunUrl()).as("not read yet").isNull();

        // a follower whose read stops in the middle of the link still finds it with the next read
        int cut = ("wandb: Tracking run with wandb version 0.17.0\n"
                + "wandb: 🚀 View run at https://wandb.ai/la").getBytes(StandardCharsets.UTF_8).length;
        JsonNode first = json(get("/api/jobs/" + job.getId() + "/logs?stream=stderr&offset=0&max_bytes=" + cut),
                200);
        assertThat(first.get("next_offset").asLong()).isEqualTo(cut);
        assertThat(slurm.reload(job).getWandbRunUrl()).as("only half the link read").isNull();
        JsonNode second = json(get("/api/jobs/" + job.getId() + "/logs?stream=stderr&offset=" + cut), 200);
        assertThat(second.get("content").asString()).startsWith("b/vision/runs/abc123");
        assertThat(slurm.reload(job).getWandbRunUrl()).isEqualTo("https://wandb.ai/lab/vision/runs/abc123");

        JsonNode log = json(get("/api/jobs/" + job.getId() + "/logs?stream=stderr"), 200);

        assertThat(log.get("content").asString()).contains("🚀 View run at");
        assertThat(slurm.reload(job).getWandbRunUrl()).isEqualTo("https://wandb.ai/lab/vision/runs/abc123");
        assertThat(json(get("/api/jobs/" + job.getId()), 200).get("wandb_run_url").asString())
                .isEqualTo("https://wandb.ai/lab/vision/runs/abc123");
        assertThat(jobs.storeWandbRunUrlOnce(job.getId(), "https://wandb.ai/other/x/runs/y")).isZero();
        assertThat(slurm.reload(job).getWandbRunUrl()).isEqualTo("https://wandb.ai/lab/vision/runs/abc123");
    }

    @Test
    @Tag("cluster")
    void aLogThatDoesNotExistYetIsEmptyNotAnError() {
        Job held = slurm.launch("held-no-log", "echo never", "--hold");

        JsonNode log = json(get("/api/jobs/" + held.getId() + "/logs?stream=stdout&tail=10"), 200);

        assertThat(log.get("exists").asBoolean()).isFalse();
        assertThat(log.get("content").asString()).isEmpty();
        assertThat(log.get("path").asString()).endsWith("/.missioncontrol/slurm-" + held.getSlurmJobId() + ".out");
    }

    @Test
    @Tag("cluster")
    void cancelStopsARunningJobAndAFinishedJobCannotBeCancelled() throws Exception {
        Job job = slurm.launch("cancel-me", "echo started; sleep 300");
        slurm.pollUntil(job, () -> post("/api/jobs/" + job.getId() + "/refresh-status"),
                j -> j.getStatus() == JobStatus.RUNNING, Duration.ofSeconds(60), Duration.ofMillis(500));

        JsonNode cancelled = json(post("/api/jobs/" + job.getId() + "/cancel"), 200);

        Job after = cancelled.get("slurm_status").asString().equals("CANCELLED") ? slurm.reload(job)
                : refreshUntilEnded(job);
        assertThat(after.getStatus()).isEqualTo(JobStatus.CANCELLED);
        assertThat(after.getStatusReason()).startsWith("cancelled");
        assertThat(history.findByJobIdOrderByChangedAtAscIdAsc(job.getId())).extracting(JobStatusChange::getStatus)
                .contains(JobStatus.RUNNING).endsWith(JobStatus.CANCELLED); // COMPLETING may come between

        JsonNode again = json(post("/api/jobs/" + job.getId() + "/cancel"), 409);
        assertThat(again.get("detail").asString()).contains("already ended", "CANCELLED");
    }

    @Test
    void unknownJobsAreNotFoundEverywhere() {
        for (ResponseEntity<String> r : new ResponseEntity[] {post("/api/jobs/nope/refresh-status"),
                post("/api/jobs/nope/cancel"), get("/api/jobs/nope/logs"), get("/api/jobs/nope/logs?offset=0")}) {
            JsonNode problem = json(r, 404);
            assertThat(problem.get("detail").asString()).contains("nope");
        }
    }

    @Test
    void badLogParametersNameTheirField() {
        Job job = slurm.recordFor("dev", "99999904", "params");
        String base = "/api/jobs/" + job.getId() + "/logs";
        assertThat(json(get(base + "?stream=stdin"), 400).get("field").asString()).isEqualTo("stream");
        assertThat(json(get(base + "?tail=5&offset=0"), 400).get("field").asString()).isEqualTo("offset");
        assertThat(json(get(base + "?tail=0"), 400).get("field").asString()).isEqualTo("tail");
        assertThat(json(get(base + "?offset=-1"), 400).get("field").asString()).isEqualTo("offset");
        assertThat(json(get(base + "?max_bytes=999999999"), 400).get("field").asString()).isEqualTo("max_bytes");
    }

    @Test
    void aJobOnAnUnreachableClusterAnswers503WithTheReason() {
        Job job = slurm.recordFor("dead", "123", "on-dead");

        JsonNode refresh = json(post("/api/jobs/" + job.getId() + "/refresh-status"), 503);
        assertThat(refresh.get("detail").asString()).containsIgnoringCase("refused");
        assertThat(json(post("/api/jobs/" + job.getId() + "/cancel"), 503).get("detail").asString())
                .contains("dead");
        assertThat(slurm.reload(job).getStatus()).isEqualTo(JobStatus.PENDING);
    }

    @Test
    void aJobStillBeingSubmittedCannotBeCancelledYet() {
        Job submitting = new org.springframework.transaction.support.TransactionTemplate(txManager).execute(
                s -> transitions.recordNew(new Job(slurm.project(), "submitting", "abc", "dev",
                        java.time.Instant.now())));

        assertThat(json(post("/api/jobs/" + submitting.getId() + "/cancel"), 409).get("detail").asString())
                .contains("still being submitted");
        JsonNode refreshed = json(post("/api/jobs/" + submitting.getId() + "/refresh-status"), 200);
        assertThat(refreshed.get("slurm_status").asString()).isEqualTo("SUBMITTING");
    }
}
