package io.missioncontrol.notify.api;

import io.missioncontrol.base.api.RequestLimits;
import io.missioncontrol.notify.NotificationOutbox;
import io.missioncontrol.notify.NotificationPreferences;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/me/notifications}: the member's channels and events ({@code slack_webhook_url} and {@code ntfy_url}
 * come back masked only), and {@code /deliveries}: what was sent, what is pending, what failed and why.
 */
@RestController
@RequestMapping("/api/me/notifications")
class NotificationPreferencesController {

    private final NotificationPreferences preferences;
    private final NotificationOutbox outbox;

    NotificationPreferencesController(NotificationPreferences preferences, NotificationOutbox outbox) {
        this.preferences = preferences;
        this.outbox = outbox;
    }

    @GetMapping({"", "/"})
    NotificationPreferences.Settings get() {
        return preferences.get(preferences.currentMember());
    }

    /**
     * Replaces the settings. A masked URL as {@code GET} shows it keeps the stored one; null or "" removes it;
     * {@code events} null means the defaults (COMPLETED, FAILED, CANCELLED).
     */
    @PutMapping({"", "/"})
    NotificationPreferences.Settings put(@Valid @RequestBody SettingsRequest request) {
        return preferences.update(preferences.currentMember(), request.email(), request.slackWebhookUrl(),
                request.ntfyUrl(), request.events());
    }

    @GetMapping({"/deliveries", "/deliveries/"})
    List<NotificationOutbox.Delivery> deliveries() {
        return outbox.recent(preferences.currentMember(), 100);
    }

    /** The body of {@code PUT}; what the values mean is the service's to check. */
    record SettingsRequest(
            @Size(max = 320, message = RequestLimits.TOO_LONG) String email,
            @Size(max = 2000, message = RequestLimits.TOO_LONG) String slackWebhookUrl,
            @Size(max = 2000, message = RequestLimits.TOO_LONG) String ntfyUrl,
            @Size(max = 10, message = RequestLimits.TOO_MANY) List<String> events) {
    }
}
