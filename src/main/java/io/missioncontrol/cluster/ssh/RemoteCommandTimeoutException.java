package io.missioncontrol.cluster.ssh;

import java.time.Duration;

import io.missioncontrol.cluster.ClusterException;

/** A remote command did not finish in time; its channel was signalled and closed. */
public final class RemoteCommandTimeoutException extends ClusterException {

    private final String command;
    private final Duration timeout;

    public RemoteCommandTimeoutException(String cluster, String command, Duration timeout) {
        super(cluster, "cluster '" + cluster + "' did not finish `" + abbreviate(command) + "` within "
                + human(timeout) + "; the command was stopped", null);
        this.command = command;
        this.timeout = timeout;
    }

    public String command() {
        return command;
    }

    public Duration timeout() {
        return timeout;
    }

    static String abbreviate(String s) {
        String one = s.replace('\n', ' ');
        return one.length() <= 120 ? one : one.substring(0, 117) + "...";
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }
}
