package io.missioncontrol.project.git;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a project's {@code origin} URL may be handed to a cluster's {@code git fetch}. Git treats some URL
 * shapes as commands ({@code ext::sh -c …}, {@code ssh://-oProxyCommand=…}, {@code --upload-pack=…}), so only
 * plain ones pass: {@code https://}, {@code ssh://}, {@code git://}, scp-style {@code user@host:path} and absolute
 * paths (also as {@code file:///path}), with no part starting with {@code -} and no spaces or control characters. Anything else is "not usable by
 * clusters": the launch then ships the commit as a bundle instead.
 */
public final class GitRemoteUrl {

    private static final Set<String> SCHEMES = Set.of("https", "ssh", "git");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\\[[0-9A-Fa-f:.]{2,45}]");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}");
    /** {@code [user@]host:path}, as git reads it: a colon before any slash, and no {@code ://}. */
    private static final Pattern SCP = Pattern.compile("(?:([^@/:]+)@)?([^@/:\\[\\]]+|\\[[^]]+]):(.*)");
    /** {@code <transport>::<address>}: git hands the address to a helper program ({@code ext::} runs a command). */
    private static final Pattern TRANSPORT_HELPER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9+.-]*::");
    private static final int MAX_LENGTH = 2000;

    private GitRemoteUrl() {
    }

    /** Why {@code url} cannot be given to a cluster's git, or empty when it can. */
    public static Optional<String> problem(String url) {
        if (url == null || url.isEmpty()) {
            return Optional.of("there is no origin URL");
        }
        if (url.length() > MAX_LENGTH) {
            return Optional.of("the origin URL is longer than " + MAX_LENGTH + " characters");
        }
        if (url.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            return Optional.of("the origin URL contains spaces or control characters");
        }
        if (url.startsWith("-")) {
            return Optional.of("the origin URL starts with '-', which git would read as an option");
        }
        if (TRANSPORT_HELPER.matcher(url).lookingAt()) {
            return Optional.of("the origin URL names a git transport helper ('::'), which can run commands");
        }
        if (url.startsWith("/")) {
            return url.contains("/-") ? Optional.of("a part of the origin path starts with '-'") : Optional.empty();
        }
        int schemeEnd = url.indexOf("://");
        if (schemeEnd > 0) {
            return urlProblem(url, url.substring(0, schemeEnd).toLowerCase(Locale.ROOT));
        }
        var scp = SCP.matcher(url);
        if (scp.matches() && url.indexOf(':') < indexOfOrEnd(url, '/')) {
            return scpProblem(scp.group(1), scp.group(2), scp.group(3));
        }
        return Optional.of("the origin URL is not an https://, ssh://, git://, user@host:path or absolute-path remote");
    }

    /** Whether {@code url} may be given to a cluster's git. */
    public static boolean isUsableByClusters(String url) {
        return problem(url).isEmpty();
    }

    private static Optional<String> urlProblem(String url, String scheme) {
        if (scheme.equals("file")) {
            // file:///abs/path is an absolute path written as a URL
            String path = url.substring("file://".length());
            return path.startsWith("/") ? problem(path) : Optional.of("a file:// origin URL must name an absolute path");
        }
        if (!SCHEMES.contains(scheme)) {
            return Optional.of("the origin URL uses '" + scheme + "://'; clusters fetch only over https, ssh or git");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("the origin URL is not a valid URL");
        }
        if (uri.getRawAuthority() == null || uri.getHost() == null || !HOST.matcher(uri.getHost()).matches()) {
            return Optional.of("the origin URL has no valid host name");
        }
        if (uri.getRawUserInfo() != null && !USER.matcher(uri.getRawUserInfo()).matches()) {
            return Optional.of("the origin URL's user name is not a plain name");
        }
        String path = uri.getRawPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            return Optional.of("the origin URL has no repository path");
        }
        if (path.contains("/-") || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.of("the origin URL's path has a part starting with '-', a query or a fragment");
        }
        return Optional.empty();
    }

    private static Optional<String> scpProblem(String user, String host, String path) {
        if (user != null && !USER.matcher(user).matches()) {
            return Optional.of("the origin URL's user name is not a plain name");
        }
        if (!HOST.matcher(host).matches()) {
            return Optional.of("the origin URL has no valid host name");
        }
        if (path.isEmpty() || path.startsWith("-") || path.contains("/-")) {
            return Optional.of("the origin URL's path is empty or has a part starting with '-'");
        }
        return Optional.empty();
    }

    private static int indexOfOrEnd(String text, char c) {
        int i = text.indexOf(c);
        return i < 0 ? text.length() : i;
    }
}
