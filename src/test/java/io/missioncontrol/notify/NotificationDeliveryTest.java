package io.missioncontrol.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.TestData;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.job.JobStatusChanged;
import io.missioncontrol.job.JobTransitions;
import io.missioncontrol.job.monitor.JobLogs;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.ProjectRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import io.missioncontrol.cluster.DevCluster;
import io.missioncontrol.cluster.DevClusterShell;
import io.missioncontrol.cluster.ssh.RemoteCommand;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class NotificationDeliveryTest extends NotifyIntegrationTest {

    @Autowired ProjectRepository projects;
    @Autowired JobRepository jobs;
    @Autowired JobTransitions transitions;
    @Autowired JobLogs logs;
    @Autowired NotificationPreferences preferences;
    @Autowired NotificationOutbox outbox;
    @Autowired NotificationWorker worker;
    @Autowired NotificationSenders senders;
    @Autowired NotificationsProperties properties;
    @Autowired PlatformTransactionManager transactionManager;
    @Autowired ApplicationEventPublisher publisher;
    @Autowired Clock clock;
    @Autowired io.missioncontrol.job.JobEvents jobEvents;

    private TransactionTemplate tx;
    private Project project;

    @BeforeEach
    void setUp() {
        tx = new TransactionTemplate(transactionManager);
        project = TestData.project(projects, "vision", Instant.now());
    }

    private void allChannels(List<String> events) {
        preferences.update(preferences.currentMember(), "alice@lab.example", SERVERS.url("/slack/T000/B000/secret1234"),
                SERVERS.url("/ntfy/alice-jobs"), events);
    }

    private Job running(String name) {
        Job job = TestData.job(jobs, project, name, JobStatus.PENDING, Instant.now().minusSeconds(600));
        job.setTimeLimit("60");
        jobs.save(job);
        change(job.getId(), JobStatus.RUNNING, null);
        return jobs.findById(job.getId()).orElseThrow();
    }

    private void change(String jobId, JobStatus status, String reason) {
        tx.executeWithoutResult(s -> {
            Job job = jobs.findById(jobId).orElseThrow();
            if (status == JobStatus.OUT_OF_MEMORY) {
                job.setExitCode(137);
            }
            transitions.change(job, status, reason);
        });
    }

    private int outboxRows(String status) {
        return jdbcTemplate.queryForObject("select count(*) from notification_outbox where status = ?",
                Integer.class, status);
    }

    private NotificationWorker freshWorker(String name) {
        return new NotificationWorker(name, jdbcTemplate, jobs, logs, preferences, senders, properties,
                transactionManager, "http://127.0.0.1:18080", clock);
    }

    @Test
    void aFailedJobReachesEmailSlackAndNtfyOnceEachWithTheReasonAndTheLinks() {
        allChannels(null);
        Job job = running("resnet-50");
        assertThat(outboxRows("PENDING")).as("STARTED is not among the default events").isZero();

        change(job.getId(), JobStatus.OUT_OF_MEMORY, "CUDA out of memory on node gpu-1");
        assertThat(outboxRows("PENDING")).isEqualTo(3);

        assertThat(worker.deliverDue()).isEqualTo(3);
        assertThat(outboxRows("SENT")).isEqualTo(3);
        String jobUrl = "http://127.0.0.1:18080/jobs/" + job.getId();

        List<String> mails = SERVERS.mails();
        assertThat(mails).hasSize(1);
        String mail = mails.getFirst();
        assertThat(mail).contains("X-Envelope-To: alice@lab.example", "Subject: Job resnet-50 failed (OUT_OF_MEMORY)",
                "multipart/alternative", "text/plain", "text/html");
        // the parts are quoted-printable or base64: decode before reading the text
        String text = MailParts.decodedText(mail);
        assertThat(text).contains("Project: vision", "Cluster: dev", "State: OUT_OF_MEMORY", "Exit code: 137",
                "Reason: CUDA out of memory on node gpu-1", "Runtime: ", "Job page: " + jobUrl,
                "<a href=\"" + jobUrl + "\">");

        var slack = SERVERS.requestsTo("/slack/T000/B000/secret1234");
        assertThat(slack).hasSize(1);
        assertThat(slack.getFirst().header("Content-Type")).startsWith("application/json");
        JsonNode body = JsonMapper.builder().build().readTree(slack.getFirst().body());
        assertThat(body.get("text").asString()).contains("Job resnet-50 failed (OUT_OF_MEMORY)", jobUrl);
        assertThat(body.get("blocks").isArray()).isTrue();
        assertThat(body.get("blocks").get(0).get("type").asString()).isEqualTo("header");
        assertThat(slack.getFirst().body()).contains("CUDA out of memory on node gpu-1", "<" + jobUrl + "|Job page>");

        var ntfy = SERVERS.requestsTo("/ntfy/alice-jobs");
        assertThat(ntfy).hasSize(1);
        assertThat(ntfy.getFirst().header("Title")).isEqualTo("Job resnet-50 failed (OUT_OF_MEMORY)");
        assertThat(ntfy.getFirst().header("Priority")).isEqualTo("high");
        assertThat(ntfy.getFirst().header("Tags")).isEqualTo("x");
        assertThat(ntfy.getFirst().header("Click")).isEqualTo(jobUrl);
        assertThat(ntfy.getFirst().body()).contains("Reason: CUDA out of memory on node gpu-1");

        assertThat(worker.deliverDue()).as("nothing is sent twice").isZero();
        assertThat(SERVERS.requests).hasSize(2);
        assertThat(SERVERS.mails()).hasSize(1);
        assertThat(outbox.recent(preferences.currentMember(), 10)).extracting(NotificationOutbox.Delivery::status)
                .containsOnly("SENT");
    }

    @Test
    void theOutboxRowsAreWrittenInTheStatusChangesTransactionAndOnlyThere() {
        allChannels(List.of("STARTED", "COMPLETED", "FAILED", "CANCELLED"));
        Job job = TestData.job(jobs, project, "tx", JobStatus.RUNNING, Instant.now());

        // a change that rolls back leaves no rows
        tx.executeWithoutResult(s -> {
            transitions.change(jobs.findById(job.getId()).orElseThrow(), JobStatus.COMPLETED, null);
            s.setRollbackOnly();
        });
        assertThat(outboxRows("PENDING")).isZero();

        // the same event outside any transaction (as another instance's relayed change reaches this one): no rows
        publisher.publishEvent(new JobStatusChanged(job.getId(), job.getProjectId(), job.getName(), JobStatus.RUNNING,
                JobStatus.COMPLETED, null, Instant.now()));
        assertThat(outboxRows("PENDING")).isZero();

        // the committed change has its rows, seen inside the transaction before it commits
        List<Integer> insideBeforeCommit = new ArrayList<>();
        tx.executeWithoutResult(s -> {
            transitions.change(jobs.findById(job.getId()).orElseThrow(), JobStatus.COMPLETED, null);
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void beforeCompletion() {
                            insideBeforeCommit.add(outboxRows("PENDING"));
                        }
                    });
        });
        assertThat(insideBeforeCommit).containsExactly(3);
        assertThat(outboxRows("PENDING")).isEqualTo(3);
    }

    @Test
    void aChangeCommittedWhileNoWorkerRunsIsDeliveredOnceByTheNextWorkerAndACrashedClaimIsTakenOver() {
        allChannels(List.of("COMPLETED"));
        Job first = running("before-restart");
        change(first.getId(), JobStatus.COMPLETED, null);
        // the portal "dies" here: committed, nothing sent. A new instance's worker starts:
        NotificationWorker afterRestart = freshWorker("instance-after-restart");
        assertThat(afterRestart.deliverDue()).isEqualTo(3);
        assertThat(afterRestart.deliverDue()).isZero();
        assertThat(freshWorker("yet-another").deliverDue()).isZero();
        assertThat(SERVERS.requests).hasSize(2);
        assertThat(SERVERS.mails()).hasSize(1);

        // a worker that claimed rows and died before sending: its claim is honoured until claim-timeout, then taken
        Job second = running("claimed-then-killed");
        change(second.getId(), JobStatus.COMPLETED, null);
        jdbcTemplate.update("update notification_outbox set claimed_by = 'killed-instance', claimed_at_ms = ?"
                + " where job_id = ?", clock.millis(), second.getId());
        assertThat(afterRestart.deliverDue()).as("a live claim is not taken").isZero();
        jdbcTemplate.update("update notification_outbox set claimed_at_ms = ? where job_id = ?",
                clock.millis() - properties.claimTimeout().toMillis() - 1, second.getId());
        assertThat(afterRestart.deliverDue()).isEqualTo(3);
        assertThat(afterRestart.deliverDue()).isZero();
        assertThat(SERVERS.requests).hasSize(4);
        assertThat(SERVERS.mails()).hasSize(2);
    }

    @Test
    void twoWorkersRacingSendEachMessageOnce() throws Exception {
        allChannels(List.of("COMPLETED"));
        for (int i = 0; i < 8; i++) {
            Job job = running("race-" + i);
            change(job.getId(), JobStatus.COMPLETED, null);
        }
        assertThat(outboxRows("PENDING")).isEqualTo(24);
        NotificationWorker a = freshWorker("instance-a");
        NotificationWorker b = freshWorker("instance-b");
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<Integer> fa = pool.submit(() -> { start.await(); return a.deliverDue(); });
            Future<Integer> fb = pool.submit(() -> { start.await(); return b.deliverDue(); });
            start.countDown();
            assertThat(fa.get() + fb.get()).isEqualTo(24);
        }
        assertThat(outboxRows("SENT")).isEqualTo(24);
        assertThat(SERVERS.requests).hasSize(16);
        assertThat(SERVERS.mails()).hasSize(8);
        assertThat(SERVERS.requests.stream().map(r -> r.path() + r.header("Title") + r.body()).distinct()).hasSize(16);
    }

    @Test
    void aRefusingHookIsRetriedWithBackOffThenMarkedFailedWithTheReason() {
        preferences.update(preferences.currentMember(), null, SERVERS.url("/slack/T1/B1/down5678"), null,
                List.of("FAILED"));
        Job job = running("flaky");
        for (int i = 0; i < properties.maxAttempts(); i++) {
            SERVERS.failures.add(500);
        }
        change(job.getId(), JobStatus.FAILED, "exit code 1");

        long before = clock.millis();
        assertThat(worker.deliverDue()).isEqualTo(1);
        Map<String, Object> row = jdbcTemplate.queryForMap("select status, attempts, last_error, next_attempt_ms,"
                + " claimed_by from notification_outbox");
        assertThat(row.get("status")).isEqualTo("PENDING");
        assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(1);
        assertThat((String) row.get("last_error")).isEqualTo("Slack answered HTTP 500: boom");
        assertThat(((Number) row.get("next_attempt_ms")).longValue())
                .isGreaterThanOrEqualTo(before + properties.retryFirst().toMillis());
        assertThat(row.get("claimed_by")).isNull();
        assertThat(worker.deliverDue()).as("not before the back-off has passed").isZero();

        for (int attempt = 2; attempt <= properties.maxAttempts(); attempt++) {
            long wait = ((Number) jdbcTemplate.queryForObject("select next_attempt_ms from notification_outbox",
                    Long.class)).longValue() - clock.millis();
            assertThat(Duration.ofMillis(wait)).isGreaterThan(Duration.ZERO);
            jdbcTemplate.update("update notification_outbox set next_attempt_ms = 0"); // the wait has passed
            assertThat(worker.deliverDue()).isEqualTo(1);
        }
        var delivery = outbox.recent(preferences.currentMember(), 10).getFirst();
        assertThat(delivery.status()).isEqualTo("FAILED");
        assertThat(delivery.attempts()).isEqualTo(properties.maxAttempts());
        assertThat(delivery.lastError()).isEqualTo("Slack answered HTTP 500: boom").doesNotContain("down5678");
        assertThat(SERVERS.requests).hasSize(properties.maxAttempts());
        jdbcTemplate.update("update notification_outbox set next_attempt_ms = 0");
        assertThat(worker.deliverDue()).as("a failed message stays failed").isZero();
    }

    @Test
    void theLaunchsChoiceOverridesThePreferredEvents() {
        allChannels(List.of("STARTED", "COMPLETED", "FAILED", "CANCELLED"));
        Job never = TestData.job(jobs, project, "never", JobStatus.PENDING, Instant.now());
        never.setNotifyOn("never");
        jobs.save(never);
        change(never.getId(), JobStatus.RUNNING, null);
        change(never.getId(), JobStatus.FAILED, null);
        Job onFailure = TestData.job(jobs, project, "on-failure", JobStatus.RUNNING, Instant.now());
        onFailure.setNotifyOn("on_failure");
        jobs.save(onFailure);
        change(onFailure.getId(), JobStatus.COMPLETED, null);
        assertThat(outboxRows("PENDING")).isZero();

        Job onFailureFailing = TestData.job(jobs, project, "on-failure-2", JobStatus.PENDING, Instant.now());
        onFailureFailing.setNotifyOn("on_failure");
        jobs.save(onFailureFailing);
        change(onFailureFailing.getId(), JobStatus.SUBMIT_FAILED, "sbatch: error: invalid partition");
        assertThat(jdbcTemplate.queryForList("select event from notification_outbox", String.class))
                .containsOnly("FAILED").hasSize(3);
    }

    @Test
    void ninetyPercentOfTheTimeLimitIsToldOncePerJob() {
        allChannels(List.of("TIME_LIMIT_90"));
        Job early = running("early");      // started just now, limit 60 min
        Job late = running("late");
        jdbcTemplate.update("delete from notification_outbox");
        tx.executeWithoutResult(s -> {
            Job j = jobs.findById(late.getId()).orElseThrow();
            j.setStartedAt(clock.instant().minus(Duration.ofMinutes(55)));
        });
        outbox.checkTimeLimits();
        outbox.checkTimeLimits();
        assertThat(jdbcTemplate.queryForList("select job_id from notification_outbox where event = 'TIME_LIMIT_90'",
                String.class)).containsOnly(late.getId()).hasSize(3);
        assertThat(worker.deliverDue()).isEqualTo(3);
        assertThat(SERVERS.requestsTo("/ntfy/alice-jobs").getFirst().header("Title"))
                .isEqualTo("Job late has used 90 % of its time limit");
        assertThat(early.getId()).isNotEqualTo(late.getId());
    }

    @Test
    @Tag("cluster")
    void aFailureCarriesTheLastTwentyLinesOfStderrReadFromTheCluster() {
        preferences.update(preferences.currentMember(), "dave@lab.example", null, null, List.of("FAILED"));
        String path = "/home/mlops/workspace/notify-test-" + UUID.randomUUID() + ".err";
        String stderr = IntStream.rangeClosed(1, 30).mapToObj(i -> String.format("err-%02d", i))
                .collect(Collectors.joining("\n", "", "\n"));
        DevClusterShell.remote().upload(DevCluster.definition(), stderr.getBytes(StandardCharsets.UTF_8), path);
        try {
            Job job = running("with-stderr");
            tx.executeWithoutResult(s -> jobs.findById(job.getId()).orElseThrow().setStderrPath(path));
            change(job.getId(), JobStatus.FAILED, "exit code 1");
            assertThat(worker.deliverDue()).isEqualTo(1);
            String text = MailParts.decodedText(SERVERS.mails().getFirst());
            assertThat(text).contains("Last lines of stderr:", "err-11", "err-30").doesNotContain("err-10");
        } finally {
            DevClusterShell.remote().exec(DevCluster.definition(), RemoteCommand.of("rm").args("-f", path));
        }
    }

    /** On PostgreSQL, another instance's change arrives by NOTIFY (job/JobEventsAcrossInstances): it writes no rows. */
    @Test
    void aChangeRelayedFromAnotherInstanceWritesNoOutboxRows() throws InterruptedException {
        org.junit.jupiter.api.Assumptions.assumeTrue(onPostgresql(), "several instances exist only on PostgreSQL");
        allChannels(List.of("COMPLETED"));
        Job job = TestData.job(jobs, project, "elsewhere", JobStatus.RUNNING, Instant.now());
        java.util.concurrent.LinkedBlockingQueue<JobStatusChanged> relayed = new java.util.concurrent.LinkedBlockingQueue<>();
        Runnable unsubscribe = jobEvents.subscribe(relayed::add);
        try {
            String payload = JsonMapper.builder().build().writeValueAsString(Map.of("origin", "another-instance",
                    "change", new JobStatusChanged(job.getId(), job.getProjectId(), job.getName(), JobStatus.RUNNING,
                            JobStatus.COMPLETED, null, Instant.now())));
            jdbcTemplate.queryForObject("select pg_notify('missioncontrol_job_events', ?)", Object.class, payload);
            JobStatusChanged seen = relayed.poll(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(seen).as("the relayed change reached this instance's listeners").isNotNull();
            assertThat(seen.jobId()).isEqualTo(job.getId());
        } finally {
            unsubscribe.run();
        }
        assertThat(outboxRows("PENDING")).isZero();
    }
}
