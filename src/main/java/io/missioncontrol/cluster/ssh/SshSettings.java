package io.missioncontrol.cluster.ssh;

import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of the SSH layer.
 *
 * @param connectTimeout    TCP connect plus SSH handshake and authentication
 * @param commandTimeout    default time a remote command may take (callers can pass their own)
 * @param keepAliveInterval how often an idle connection sends an SSH keep-alive; a connection that misses
 *                          several in a row is dropped and reopened on next use
 * @param reconnectBackoff  after a failed connect, further attempts within this time fail at once with the
 *                          same error (doubling up to 8x while failures continue); {@link Duration#ZERO} disables
 * @param maxOutputBytes    a command whose stdout or stderr exceeds this is stopped and fails
 * @param maxChannels       channels (commands, SFTP sessions) open at once on one connection; more callers
 *                          wait. OpenSSH's sshd allows 10 ({@code MaxSessions}).
 */
public record SshSettings(Duration connectTimeout, Duration commandTimeout, Duration keepAliveInterval,
                          Duration reconnectBackoff, int maxOutputBytes, int maxChannels) {

    public SshSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
        Objects.requireNonNull(reconnectBackoff, "reconnectBackoff");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive");
        }
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("commandTimeout must be positive");
        }
        if (keepAliveInterval.isNegative() || reconnectBackoff.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        if (maxOutputBytes < 1024) {
            throw new IllegalArgumentException("maxOutputBytes must be at least 1024");
        }
        if (maxChannels < 1) {
            throw new IllegalArgumentException("maxChannels must be at least 1");
        }
    }

    /** 10 s connect, 60 s per command, keep-alive every 30 s, 5 s back-off, 16 MiB output, 8 channels. */
    public static SshSettings defaults() {
        return new SshSettings(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(30),
                Duration.ofSeconds(5), 16 * 1024 * 1024, 8);
    }

    public SshSettings withConnectTimeout(Duration d) {
        return new SshSettings(d, commandTimeout, keepAliveInterval, reconnectBackoff, maxOutputBytes, maxChannels);
    }

    public SshSettings withCommandTimeout(Duration d) {
        return new SshSettings(connectTimeout, d, keepAliveInterval, reconnectBackoff, maxOutputBytes, maxChannels);
    }

    public SshSettings withKeepAliveInterval(Duration d) {
        return new SshSettings(connectTimeout, commandTimeout, d, reconnectBackoff, maxOutputBytes, maxChannels);
    }

    public SshSettings withReconnectBackoff(Duration d) {
        return new SshSettings(connectTimeout, commandTimeout, keepAliveInterval, d, maxOutputBytes, maxChannels);
    }

    public SshSettings withMaxOutputBytes(int bytes) {
        return new SshSettings(connectTimeout, commandTimeout, keepAliveInterval, reconnectBackoff, bytes, maxChannels);
    }

    public SshSettings withMaxChannels(int channels) {
        return new SshSettings(connectTimeout, commandTimeout, keepAliveInterval, reconnectBackoff, maxOutputBytes,
                channels);
    }
}
