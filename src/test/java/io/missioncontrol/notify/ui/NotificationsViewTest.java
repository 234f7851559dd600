package io.missioncontrol.notify.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import io.missioncontrol.TestData;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.notify.NotificationEvent;
import io.missioncontrol.notify.NotificationPreferences;
import io.missioncontrol.notify.NotifyIntegrationTest;
import io.missioncontrol.project.ProjectRepository;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Karibu (no browser) on the notification tests' context, so that it shares their loopback-only settings. */
class NotificationsViewTest extends NotifyIntegrationTest {

    @Autowired NotificationPreferences preferences;
    @Autowired ProjectRepository projects;
    @Autowired JobRepository jobs;

    private NotificationsView open() {
        startUi();
        UI.getCurrent().navigate("account/notifications");
        return _get(NotificationsView.class);
    }

    @AfterEach
    void tearDown() {
        MockVaadin.tearDown();
    }

    @Test
    void savedHooksShowMaskedAndARefusedOneIsMarkedOnItsField() {
        preferences.update(preferences.currentMember(), "carol@lab.example",
                "https://hooks.slack.com/services/T9/B9/zzzzSECRET9876", null, List.of("FAILED"));
        NotificationsView view = open();
        assertThat(view.email.getValue()).isEqualTo("carol@lab.example");
        assertThat(view.slack.getValue()).isEqualTo("https://hooks.slack.com/…/9876");
        assertThat(view.events.getValue()).containsExactly(NotificationEvent.FAILED);

        view.ntfy.setValue("https://10.0.0.1/topic");
        view.events.setValue(Set.of(NotificationEvent.FAILED, NotificationEvent.STARTED));
        view.save.click();
        assertThat(view.ntfy.isInvalid()).isTrue();
        assertThat(view.ntfy.getErrorMessage()).contains("allowed hosts");
        assertThat(view.slack.isInvalid()).isFalse();

        view.ntfy.setValue("");
        view.save.click();
        assertThat(view.ntfy.isInvalid()).isFalse();
        assertThat(preferences.get(preferences.currentMember()).events())
                .containsExactly(NotificationEvent.STARTED, NotificationEvent.FAILED);
        assertThat(preferences.get(preferences.currentMember()).slackWebhookUrl())
                .as("the masked value sent back kept the hook").isEqualTo("https://hooks.slack.com/…/9876");
    }

    @Test
    void aFailedDeliveryIsListedWithItsReason() {
        Job job = TestData.job(jobs, TestData.project(projects, "nlp", Instant.now()), "bert", JobStatus.FAILED,
                Instant.now());
        jdbcTemplate.update("insert into notification_outbox (id, job_id, event, channel, username, job_state,"
                + " status, attempts, next_attempt_ms, created_at_ms, last_error) values ('d1', ?, 'FAILED',"
                + " 'SLACK', ?, 'FAILED', 'FAILED', 6, 0, 1, 'Slack answered HTTP 404: no_service')",
                job.getId(), preferences.currentMember());
        NotificationsView view = open();
        assertThat(GridKt._size(view.deliveries)).isEqualTo(1);
        var row = GridKt._get(view.deliveries, 0);
        assertThat(row.jobName()).isEqualTo("bert");
        assertThat(GridKt._getFormattedRow(view.deliveries, 0)).contains("FAILED", "SLACK",
                "Slack answered HTTP 404: no_service");
    }
}
