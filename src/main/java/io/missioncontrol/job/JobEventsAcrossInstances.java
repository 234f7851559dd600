package io.missioncontrol.job;

import io.missioncontrol.base.Backoff;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * Job status changes reach browsers on every portal instance, not only on the one that saw them: after commit each
 * change is sent with PostgreSQL's {@code NOTIFY}, and every instance {@code LISTEN}s on one dedicated connection
 * and hands the changes of the OTHER instances to its own {@link JobEvents} listeners. Only with PostgreSQL
 * (profile {@code postgres}); on SQLite there is one instance.
 */
@Component
@Profile("postgres")
class JobEventsAcrossInstances implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(JobEventsAcrossInstances.class);

    static final String CHANNEL = "missioncontrol_job_events";
    /** PostgreSQL's NOTIFY payload limit is 8000 bytes; a long reason is cut well below it. */
    private static final int MAX_REASON = 1500;

    /** What travels: the change plus which instance sent it. */
    record Message(String origin, JobStatusChanged change) {
    }

    private final String instanceId = UUID.randomUUID().toString();
    private final JobEvents events;
    private final JdbcTemplate jdbc;
    private final DataSourceProperties dataSource;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Backoff reconnect = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
    private volatile boolean running = true;
    private volatile Connection listening;
    private Thread listener;

    JobEventsAcrossInstances(JobEvents events, JdbcTemplate jdbc, DataSourceProperties dataSource) {
        this.events = events;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onStatusChanged(JobStatusChanged change) {
        JobStatusChanged sent = change.reason() != null && change.reason().length() > MAX_REASON
                ? new JobStatusChanged(change.jobId(), change.projectId(), change.jobName(), change.previous(),
                change.current(), change.reason().substring(0, MAX_REASON) + "…", change.at())
                : change;
        try {
            jdbc.queryForObject("select pg_notify(?, ?)", Object.class, CHANNEL,
                    json.writeValueAsString(new Message(instanceId, sent)));
        } catch (RuntimeException e) {
            // the change itself is committed; other instances' pages show it at their next refresh
            log.warn("Could not tell other portal instances about job {}: {}", change.jobId(), e.getMessage());
        }
    }

    @Override
    public void afterPropertiesSet() {
        listener = Thread.ofPlatform().daemon().name("job-events-listen").start(this::listenLoop);
    }

    private void listenLoop() {
        int failures = 0;
        while (running) {
            try (Connection connection = DriverManager.getConnection(dataSource.determineUrl(),
                    dataSource.determineUsername(), dataSource.determinePassword())) {
                listening = connection;
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                failures = 0;
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(5_000);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            relay(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                failures++;
                log.warn("Listening for other portal instances' job events failed ({}); retrying", e.getMessage());
                sleep(reconnect.delay(failures));
            } finally {
                listening = null;
            }
        }
    }

    private void relay(String payload) {
        try {
            Message message = json.readValue(payload, Message.class);
            if (!instanceId.equals(message.origin())) {
                events.deliver(message.change());
            }
        } catch (RuntimeException e) {
            log.warn("Ignored a malformed job event from another instance: {}", e.getMessage());
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        running = false;
        Connection connection = listening;
        if (connection != null) {
            try {
                connection.close(); // wakes getNotifications
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        if (listener != null) {
            listener.join(Duration.ofSeconds(10));
        }
    }
}
