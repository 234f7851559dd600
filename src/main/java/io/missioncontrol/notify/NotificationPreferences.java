package io.missioncontrol.notify;

import io.missioncontrol.account.identity.SecretBox;
import io.missioncontrol.base.InvalidInputException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A member's notification channels and events. Until sign-in exists there is one set for the portal, stored under
 * the name {@link #currentMember()} gives; that one method is where the signed-in member will come from.
 */
@Service
public class NotificationPreferences {

    /** The member until sign-in exists: one set of preferences for the whole portal. */
    static final String PORTAL = "portal";

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}");

    /**
     * What a member set; the URLs here are only ever masked.
     *
     * @param email           the address mail goes to, or null
     * @param slackWebhookUrl the webhook, masked ({@code https://hooks.slack.com/…/XXXX}), or null
     * @param ntfyUrl         the ntfy topic URL, masked, or null
     * @param events          what to be told about
     */
    public record Settings(String email, String slackWebhookUrl, String ntfyUrl, List<NotificationEvent> events) {
    }

    /** Where one member's messages go, decrypted for the worker: never logged, never returned by the API. */
    record Destinations(String member, String email, String slackUrl, String ntfyUrl, Set<NotificationEvent> events) {

        static Destinations none(String member) {
            return new Destinations(member, null, null, null, NotificationEvent.DEFAULTS);
        }

        Optional<String> address(Channel channel) {
            return Optional.ofNullable(switch (channel) {
                case EMAIL -> email;
                case SLACK -> slackUrl;
                case NTFY -> ntfyUrl;
            });
        }

        @Override
        public String toString() {
            return "Destinations[" + member + "]";
        }
    }

    private final JdbcTemplate jdbc;
    private final NotificationSecrets secrets;
    private final NotificationsProperties properties;
    private final Clock clock;

    NotificationPreferences(JdbcTemplate jdbc, NotificationSecrets secrets, NotificationsProperties properties,
                            Clock clock) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.properties = properties;
        this.clock = clock;
    }

    /** The member whose preferences are read and written; the one place sign-in will be wired in. */
    public String currentMember() {
        return PORTAL;
    }

    /** Whose notifications a job's events are: until jobs record their member, the portal's one set. */
    String memberOf(String jobId) {
        return PORTAL;
    }

    @Transactional(readOnly = true)
    public Settings get(String member) {
        List<Settings> rows = jdbc.query("select email, slack_url_masked, ntfy_url_masked, events"
                + " from notification_preferences where username = ?", (rs, i) -> new Settings(rs.getString(1),
                rs.getString(2), rs.getString(3), List.copyOf(parseEvents(rs.getString(4)))), member);
        return rows.isEmpty() ? new Settings(null, null, null, List.copyOf(NotificationEvent.DEFAULTS))
                : rows.getFirst();
    }

    /**
     * Replaces a member's settings. A URL equal to the masked one {@link #get} shows keeps the stored URL (so a
     * form or client may send back what it was shown); null or blank removes it. Events: null means the defaults.
     *
     * @throws InvalidInputException naming {@code email}, {@code slack_webhook_url}, {@code ntfy_url} or
     *                               {@code events}
     */
    @Transactional
    public Settings update(String member, String email, String slackWebhookUrl, String ntfyUrl,
                           List<String> events) {
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        String mail = blankToNull(email);
        if (mail != null && (mail.length() > 320 || !EMAIL.matcher(mail).matches())) {
            errors.add(new InvalidInputException.FieldError("email", "is not an email address"));
        }
        Set<NotificationEvent> chosen = EnumSet.noneOf(NotificationEvent.class);
        if (events == null) {
            chosen.addAll(NotificationEvent.DEFAULTS);
        } else {
            for (String e : events) {
                try {
                    chosen.add(NotificationEvent.valueOf(e == null ? "" : e.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException unknown) {
                    errors.add(new InvalidInputException.FieldError("events", "'" + e + "' is not one of "
                            + Arrays.toString(NotificationEvent.values())));
                    break;
                }
            }
        }
        Settings before = get(member);
        Url slack = url("slack_webhook_url", slackWebhookUrl, before.slackWebhookUrl(), errors);
        Url ntfy = url("ntfy_url", ntfyUrl, before.ntfyUrl(), errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        String eventText = chosen.stream().map(Enum::name).collect(Collectors.joining(","));
        long now = clock.millis();
        if (jdbc.update("update notification_preferences set email = ?, events = ?, updated_at_ms = ?"
                + " where username = ?", mail, eventText, now, member) == 0) {
            jdbc.update("insert into notification_preferences (username, email, events, updated_at_ms)"
                    + " values (?, ?, ?, ?)", member, mail, eventText, now);
        }
        store(member, Channel.SLACK, "slack_url", slack);
        store(member, Channel.NTFY, "ntfy_url", ntfy);
        return get(member);
    }

    /** A URL field of an update: keep what is stored, clear it, or store a new, checked one. */
    private record Url(boolean keep, String value) {
    }

    private Url url(String field, String given, String maskedBefore, List<InvalidInputException.FieldError> errors) {
        String url = blankToNull(given);
        if (url == null) {
            return new Url(false, null);
        }
        if (url.equals(maskedBefore)) {
            return new Url(true, null);
        }
        if (url.length() > 2000) {
            errors.add(new InvalidInputException.FieldError(field, "must be at most 2000 characters"));
            return new Url(true, null);
        }
        try {
            return new Url(false, NotificationUrls.check(field, url, properties.allowedHosts()).toString());
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
            return new Url(true, null);
        }
    }

    private void store(String member, Channel channel, String column, Url url) {
        if (url.keep()) {
            return;
        }
        if (url.value() == null) {
            jdbc.update("update notification_preferences set " + column + "_encrypted = null, " + column
                    + "_nonce = null, " + column + "_masked = null where username = ?", member);
            return;
        }
        SecretBox.Sealed sealed = secrets.seal(url.value(), member, channel);
        jdbc.update("update notification_preferences set " + column + "_encrypted = ?, " + column + "_nonce = ?, "
                        + column + "_masked = ? where username = ?", sealed.ciphertext(), sealed.nonce(),
                NotificationUrls.mask(url.value()), member);
    }

    /** The decrypted destinations of a member (for the worker and the outbox only). */
    @Transactional(readOnly = true)
    Destinations destinations(String member) {
        List<Destinations> rows = jdbc.query("select email, slack_url_encrypted, slack_url_nonce,"
                        + " ntfy_url_encrypted, ntfy_url_nonce, events from notification_preferences where username = ?",
                (rs, i) -> new Destinations(member, rs.getString(1),
                        open(rs.getBytes(2), rs.getBytes(3), member, Channel.SLACK),
                        open(rs.getBytes(4), rs.getBytes(5), member, Channel.NTFY),
                        parseEvents(rs.getString(6))), member);
        return rows.isEmpty() ? Destinations.none(member) : rows.getFirst();
    }

    private String open(byte[] ciphertext, byte[] nonce, String member, Channel channel) {
        return ciphertext == null || nonce == null ? null : secrets.open(ciphertext, nonce, member, channel);
    }

    private static Set<NotificationEvent> parseEvents(String text) {
        Set<NotificationEvent> events = EnumSet.noneOf(NotificationEvent.class);
        if (text != null) {
            for (String e : text.split(",")) {
                if (!e.isBlank()) {
                    events.add(NotificationEvent.valueOf(e.strip()));
                }
            }
        }
        return events;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
