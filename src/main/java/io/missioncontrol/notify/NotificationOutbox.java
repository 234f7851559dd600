package io.missioncontrol.notify;

import io.missioncontrol.cluster.slurm.SlurmRules;
import io.missioncontrol.cluster.slurm.SlurmTimeLimit;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.job.JobStatusChanged;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes what is to be sent: one outbox row per (job, event, channel), in the transaction of the status change
 * itself (so a committed change always has its rows and a rolled-back one none), never twice (the table's unique
 * key; a second insert does nothing). Changes relayed from other portal instances are not transactional events
 * here, so only the instance that made a change writes its rows.
 */
@Service
public class NotificationOutbox {

    private static final Logger log = LoggerFactory.getLogger(NotificationOutbox.class);

    static final String PENDING = "PENDING";
    static final String SENT = "SENT";
    static final String FAILED = "FAILED";

    /** One row as the member sees it. */
    public record Delivery(String jobId, String jobName, NotificationEvent event, Channel channel, String status,
                           int attempts, String lastError, Instant createdAt, Instant sentAt) {
    }

    private final JdbcTemplate jdbc;
    private final JobRepository jobs;
    private final NotificationPreferences preferences;
    private final EntityManager entityManager;
    private final TransactionTemplate transactions;
    private final TransactionTemplate readOnly;
    private final Clock clock;

    NotificationOutbox(JdbcTemplate jdbc, JobRepository jobs, NotificationPreferences preferences,
                       EntityManager entityManager, PlatformTransactionManager transactionManager, Clock clock) {
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.preferences = preferences;
        this.entityManager = entityManager;
        this.transactions = new TransactionTemplate(transactionManager);
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
        this.clock = clock;
    }

    /** Inside the status change's transaction, just before it commits. */
    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void onStatusChanged(JobStatusChanged change) {
        if (change.previous() == change.current()) {
            return; // only the reason changed
        }
        NotificationEvent.of(change.previous(), change.current()).ifPresent(event -> {
            entityManager.flush(); // the job row (maybe new) must be in the database before rows refer to it
            jobs.findById(change.jobId()).ifPresent(job ->
                    write(job, event, change.current(), change.reason()));
        });
    }

    /** Adds the rows of one event of a job (nothing for channels not set or events not chosen); call in a transaction. */
    int write(Job job, NotificationEvent event, JobStatus state, String reason) {
        String member = preferences.memberOf(job.getId());
        NotificationPreferences.Destinations to = preferences.destinations(member);
        Set<NotificationEvent> wanted = NotificationEvent.forLaunchChoice(job.getNotifyOn(), to.events());
        if (!wanted.contains(event)) {
            return 0;
        }
        long now = clock.millis();
        int written = 0;
        for (Channel channel : Channel.values()) {
            if (to.address(channel).isEmpty()) {
                continue;
            }
            written += jdbc.update("insert into notification_outbox (id, job_id, event, channel, username, job_state,"
                            + " reason, status, attempts, next_attempt_ms, created_at_ms)"
                            + " values (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)"
                            + " on conflict (job_id, event, channel) do nothing",
                    UUID.randomUUID().toString(), job.getId(), event.name(), channel.name(), member, state.name(),
                    reason == null ? null : cut(reason, 2000), PENDING, now, now);
        }
        return written;
    }

    /**
     * TIME_LIMIT_90 for running jobs past 90 % of their limit. Every instance may run it: the unique key lets one
     * row per channel in, once per job.
     */
    @Scheduled(fixedDelayString = "${missioncontrol.notifications.time-limit-interval:60s}",
            initialDelayString = "${missioncontrol.notifications.time-limit-interval:60s}")
    public void checkTimeLimits() {
        Instant now = clock.instant();
        // looked at in a read-only transaction (on SQLite: not the one writer connection); written only when due
        List<Job> due = readOnly.execute(status -> jobs.findByStatusIn(List.of(JobStatus.RUNNING)).stream()
                .filter(job -> pastNinetyPercent(job, now) && wants(job, NotificationEvent.TIME_LIMIT_90)
                        && !queued(job.getId(), NotificationEvent.TIME_LIMIT_90))
                .toList());
        for (Job job : due) {
            try {
                transactions.executeWithoutResult(status -> jobs.findById(job.getId()).ifPresent(j ->
                        write(j, NotificationEvent.TIME_LIMIT_90, j.getStatus(),
                                "90 % of the time limit " + j.getTimeLimit() + " has elapsed")));
            } catch (RuntimeException e) {
                log.warn("Could not queue the time-limit notice of job {}: {}", job.getId(), e.getMessage());
            }
        }
    }

    private static boolean pastNinetyPercent(Job job, Instant now) {
        if (job.getStartedAt() == null || job.getTimeLimit() == null) {
            return false;
        }
        SlurmTimeLimit limit = SlurmRules.timeLimit(job.getTimeLimit()).value();
        return limit != null && !now.isBefore(job.getStartedAt().plus(limit.duration().multipliedBy(9).dividedBy(10)));
    }

    private boolean wants(Job job, NotificationEvent event) {
        NotificationPreferences.Destinations to = preferences.destinations(preferences.memberOf(job.getId()));
        return NotificationEvent.forLaunchChoice(job.getNotifyOn(), to.events()).contains(event)
                && java.util.Arrays.stream(Channel.values()).anyMatch(c -> to.address(c).isPresent());
    }

    private boolean queued(String jobId, NotificationEvent event) {
        Integer rows = jdbc.queryForObject("select count(*) from notification_outbox where job_id = ? and event = ?",
                Integer.class, jobId, event.name());
        return rows != null && rows > 0;
    }

    /** The member's latest deliveries, newest first. */
    @org.springframework.transaction.annotation.Transactional(readOnly = true)
    public List<Delivery> recent(String member, int limit) {
        return jdbc.query("select o.job_id, j.name, o.event, o.channel, o.status, o.attempts, o.last_error,"
                        + " o.created_at_ms, o.sent_at_ms from notification_outbox o join jobs j on j.id = o.job_id"
                        + " where o.username = ? order by o.created_at_ms desc, o.id limit ?",
                (rs, i) -> new Delivery(rs.getString(1), rs.getString(2), NotificationEvent.valueOf(rs.getString(3)),
                        Channel.valueOf(rs.getString(4)), rs.getString(5), rs.getInt(6), rs.getString(7),
                        Instant.ofEpochMilli(rs.getLong(8)),
                        rs.getObject(9) == null ? null : Instant.ofEpochMilli(rs.getLong(9))),
                member, limit);
    }

    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
