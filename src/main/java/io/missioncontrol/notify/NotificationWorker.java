package io.missioncontrol.notify;

import io.missioncontrol.base.Backoff;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.monitor.JobLogs;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers the outbox on a scheduler thread of its own (never the poller's). Each row is first claimed with an
 * update only one worker can win ({@code claimed_by} still null, or its claim older than {@code claim-timeout}:
 * that instance died), then sent, then marked SENT; a failure waits a doubling back-off and is tried again, up to
 * {@code max-attempts}, then marked FAILED with the reason. Rows survive restarts; a sent row is never sent again.
 * (A crash between the send and the SENT mark sends that one message again after the claim timeout: nothing is
 * lost, at the price of a rare duplicate.)
 */
@Component
public class NotificationWorker {

    private static final Logger log = LoggerFactory.getLogger(NotificationWorker.class);
    private static final int BATCH = 50;
    private static final int STDERR_LINES = 20;

    private final String instance;
    private final JdbcTemplate jdbc;
    private final JobRepository jobs;
    private final JobLogs logs;
    private final NotificationPreferences preferences;
    private final NotificationSenders senders;
    private final NotificationsProperties properties;
    private final TransactionTemplate readOnly;
    private final Backoff backoff;
    private final String baseUrl;
    private final Clock clock;

    @org.springframework.beans.factory.annotation.Autowired
    NotificationWorker(JdbcTemplate jdbc, JobRepository jobs, JobLogs logs, NotificationPreferences preferences,
                       NotificationSenders senders, NotificationsProperties properties,
                       PlatformTransactionManager transactionManager,
                       @Value("${missioncontrol.base-url:http://127.0.0.1:8080}") String baseUrl, Clock clock) {
        this("worker-" + UUID.randomUUID(), jdbc, jobs, logs, preferences, senders, properties, transactionManager,
                baseUrl, clock);
    }

    /** A worker with its own name, as a second portal instance has (tests race two of them). */
    NotificationWorker(String instance, JdbcTemplate jdbc, JobRepository jobs, JobLogs logs,
                       NotificationPreferences preferences, NotificationSenders senders,
                       NotificationsProperties properties, PlatformTransactionManager transactionManager,
                       String baseUrl, Clock clock) {
        this.instance = instance;
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.logs = logs;
        this.preferences = preferences;
        this.senders = senders;
        this.properties = properties;
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
        this.backoff = new Backoff(properties.retryFirst(), properties.retryMax());
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${missioncontrol.notifications.worker-interval:5s}",
            initialDelayString = "${missioncontrol.notifications.worker-interval:5s}")
    void scheduled() {
        if (properties.workerEnabled()) {
            try {
                deliverDue();
            } catch (RuntimeException e) {
                log.warn("Delivering notifications failed; trying again later: {}", e.getMessage());
            }
        }
    }

    /** Claims and sends what is due now; returns how many rows this worker sent (successfully or not). */
    public int deliverDue() {
        long now = clock.millis();
        long staleBefore = now - properties.claimTimeout().toMillis();
        // read in a read-only transaction: on SQLite that keeps the one writer connection free when nothing is due
        List<String> due = readOnly.execute(s -> jdbc.queryForList("select id from notification_outbox where status = ?"
                        + " and next_attempt_ms <= ? and (claimed_by is null or claimed_at_ms < ?)"
                        + " order by created_at_ms limit " + BATCH, String.class,
                NotificationOutbox.PENDING, now, staleBefore));
        int handled = 0;
        for (String id : due) {
            if (claim(id, now, staleBefore)) {
                deliver(id);
                handled++;
            }
        }
        return handled;
    }

    private boolean claim(String id, long now, long staleBefore) {
        return jdbc.update("update notification_outbox set claimed_by = ?, claimed_at_ms = ? where id = ?"
                        + " and status = ? and (claimed_by is null or claimed_at_ms < ?)",
                instance, now, id, NotificationOutbox.PENDING, staleBefore) == 1;
    }

    private record Row(String jobId, NotificationEvent event, Channel channel, String member, String state,
                       String reason, int attempts) {
    }

    private void deliver(String id) {
        Row row = jdbc.queryForObject("select job_id, event, channel, username, job_state, reason, attempts"
                        + " from notification_outbox where id = ?", (rs, i) -> new Row(rs.getString(1),
                        NotificationEvent.valueOf(rs.getString(2)), Channel.valueOf(rs.getString(3)),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7)), id);
        Optional<String> address = preferences.destinations(row.member()).address(row.channel());
        if (address.isEmpty()) {
            finish(id, NotificationOutbox.FAILED, row.attempts(),
                    "no " + row.channel().name().toLowerCase() + " destination is set any more");
            return;
        }
        try {
            NotificationMessage message = message(row);
            senders.send(row.channel(), address.get(), message);
            finish(id, NotificationOutbox.SENT, row.attempts() + 1, null);
            log.info("Sent the {} notice of job {} by {}", row.event(), row.jobId(), row.channel());
        } catch (NotificationSenders.SendFailure | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            int attempts = row.attempts() + 1;
            if (attempts >= properties.maxAttempts()) {
                finish(id, NotificationOutbox.FAILED, attempts, why);
                log.warn("Gave up the {} notice of job {} by {} after {} attempts: {}", row.event(), row.jobId(),
                        row.channel(), attempts, why);
            } else {
                Duration wait = backoff.delay(attempts);
                jdbc.update("update notification_outbox set attempts = ?, last_error = ?, next_attempt_ms = ?,"
                                + " claimed_by = null, claimed_at_ms = null where id = ? and claimed_by = ?",
                        attempts, NotificationOutbox.cut(why, 2000), clock.millis() + wait.toMillis(), id, instance);
                log.info("The {} notice of job {} by {} failed (attempt {}), retrying in {}: {}", row.event(),
                        row.jobId(), row.channel(), attempts, wait, why);
            }
        }
    }

    private void finish(String id, String status, int attempts, String error) {
        jdbc.update("update notification_outbox set status = ?, attempts = ?, last_error = ?, sent_at_ms = ?"
                        + " where id = ? and claimed_by = ?", status, attempts,
                error == null ? null : NotificationOutbox.cut(error, 2000),
                NotificationOutbox.SENT.equals(status) ? clock.millis() : null, id, instance);
    }

    private NotificationMessage message(Row row) {
        NotificationMessage facts = readOnly.execute(s -> {
            Job job = jobs.findById(row.jobId()).orElseThrow(() -> new IllegalStateException("the job is gone"));
            Duration runtime = job.getStartedAt() == null ? null : Duration.between(job.getStartedAt(),
                    job.getFinishedAt() != null ? job.getFinishedAt() : clock.instant());
            return new NotificationMessage(row.event(), job.getName(), job.getProject().getName(), job.getCluster(),
                    row.state(), job.getExitCode(), runtime, row.reason(), null, baseUrl + "/jobs/" + job.getId(),
                    job.getWandbRunUrl(), job.getMlflowRunUrl());
        });
        if (row.event() != NotificationEvent.FAILED) {
            return facts;
        }
        return new NotificationMessage(facts.event(), facts.jobName(), facts.project(), facts.cluster(),
                facts.state(), facts.exitCode(), facts.runtime(), facts.reason(), stderrTail(row.jobId()),
                facts.jobUrl(), facts.wandbUrl(), facts.mlflowUrl());
    }

    /** The last lines of stderr, through the job's log reader (over the cluster gateway); never fails the send. */
    private String stderrTail(String jobId) {
        try {
            JobLogs.LogChunk tail = logs.tail(jobId, JobLogs.Stream.STDERR, STDERR_LINES, 16 * 1024);
            return tail.exists() && !tail.content().isBlank() ? tail.content() : null;
        } catch (RuntimeException e) {
            return "(stderr could not be read: " + e.getMessage() + ")";
        }
    }
}
