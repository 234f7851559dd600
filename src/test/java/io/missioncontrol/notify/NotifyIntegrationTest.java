package io.missioncontrol.notify;

import io.missioncontrol.KaribuTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the notification tests: one Spring context whose mail goes to the loopback aiosmtpd and whose hooks may
 * only reach 127.0.0.1 (the recording HTTP server) — and hooks.slack.com, only to be refused for plain http. The
 * scheduled worker is off: tests deliver by calling it, so what is sent when is the test's to decide.
 */
public abstract class NotifyIntegrationTest extends KaribuTest {

    protected static final NotifyTestServers SERVERS = NotifyTestServers.INSTANCE;

    @DynamicPropertySource
    static void notificationServers(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SERVERS.smtpPort);
        registry.add("missioncontrol.notifications.allowed-hosts", () -> "127.0.0.1, hooks.slack.com");
        registry.add("missioncontrol.notifications.worker-enabled", () -> "false");
        registry.add("missioncontrol.notifications.time-limit-interval", () -> "1h");
        registry.add("missioncontrol.base-url", () -> "http://127.0.0.1:18080");
    }

    @Autowired
    protected JdbcTemplate jdbcTemplate;

    @BeforeEach
    void cleanNotifications() {
        deleteAllRows(); // the outbox goes with its jobs (on delete cascade)
        jdbcTemplate.update("delete from notification_outbox");
        jdbcTemplate.update("delete from notification_preferences");
        SERVERS.reset();
    }
}
