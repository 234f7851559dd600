package io.missioncontrol.notify;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code missioncontrol.notifications.*}.
 *
 * @param allowedHosts      the only hosts Slack webhook and ntfy URLs may point at (set by the admin)
 * @param mailFrom          the From of notification emails
 * @param workerEnabled     whether this instance delivers the outbox (tests drive the worker themselves)
 * @param workerInterval    how often the outbox is looked at
 * @param maxAttempts       attempts before a message is marked failed
 * @param retryFirst        the wait after the first failed attempt; each further one doubles it
 * @param retryMax          the longest wait between attempts
 * @param claimTimeout      after this long a claimed, unfinished message is taken as its instance's crash and
 *                          claimed again
 * @param timeLimitInterval how often running jobs are checked for 90 % of their time limit
 */
@ConfigurationProperties("missioncontrol.notifications")
public record NotificationsProperties(
        @DefaultValue({"hooks.slack.com", "ntfy.sh"}) List<String> allowedHosts,
        @DefaultValue("missioncontrol@localhost") String mailFrom,
        @DefaultValue("true") boolean workerEnabled,
        @DefaultValue("5s") Duration workerInterval,
        @DefaultValue("6") int maxAttempts,
        @DefaultValue("30s") Duration retryFirst,
        @DefaultValue("30m") Duration retryMax,
        @DefaultValue("10m") Duration claimTimeout,
        @DefaultValue("60s") Duration timeLimitInterval) {
}
