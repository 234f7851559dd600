package io.missioncontrol.notify;

import io.missioncontrol.base.InvalidInputException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks and masks Slack webhook and ntfy URLs. Only hosts the admin allowed ({@code allowed-hosts}), so members
 * cannot aim the portal at internal services; https unless the host is a loopback address (tests); no user info.
 * The URL is a secret (whoever has it can post), so it is shown only masked: scheme, host and its last 4 characters.
 */
final class NotificationUrls {

    private static final Pattern LOOPBACK_IPV4 = Pattern.compile("127(\\.\\d{1,3}){3}");

    private NotificationUrls() {
    }

    /** The checked URL; {@link InvalidInputException} naming {@code field} otherwise. */
    static URI check(String field, String url, List<String> allowedHosts) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new InvalidInputException(field, "is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || host.isEmpty() || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new InvalidInputException(field, "must be an https:// URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidInputException(field, "must not contain a user name or password");
        }
        boolean allowed = allowedHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).anyMatch(host::equals);
        if (!allowed) {
            throw new InvalidInputException(field, "must point at one of the allowed hosts " + allowedHosts
                    + " (the admin sets missioncontrol.notifications.allowed-hosts), not " + host);
        }
        if (scheme.equals("http") && !isLoopback(host)) {
            throw new InvalidInputException(field, "must use https");
        }
        return uri;
    }

    private static boolean isLoopback(String host) {
        if (!LOOPBACK_IPV4.matcher(host).matches() && !host.equals("[::1]")) {
            return false; // only literal addresses: a name is never resolved here
        }
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** E.g. {@code https://hooks.slack.com/…/XXXX}: enough to recognise, useless to post with. */
    static String mask(String url) {
        URI uri = URI.create(url.strip());
        String rest = url.strip();
        String tail = rest.length() > 4 ? rest.substring(rest.length() - 4) : "";
        return uri.getScheme() + "://" + uri.getRawAuthority() + "/…/" + tail;
    }
}
