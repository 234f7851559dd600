package io.missioncontrol.cluster.ssh;

import io.missioncontrol.cluster.ClusterException;

/**
 * The portal could not open (or keep) an SSH connection to a cluster. {@link #reason()} tells why in a form
 * code can act on; the message tells a person what to do.
 */
public final class ClusterUnreachableException extends ClusterException {

    public enum Reason {
        /** The server refused the configured key for the configured user. */
        AUTH_REFUSED,
        /** The server's host key is not in the configured known_hosts file. */
        HOST_KEY_UNKNOWN,
        /** known_hosts holds a different key for this host: possibly an attack, or a reinstalled server. */
        HOST_KEY_CHANGED,
        /** No answer within the connect timeout. */
        TIMEOUT,
        /** Nothing listens on the port (TCP RST). */
        CONNECTION_REFUSED,
        /** The host name does not resolve. */
        DNS,
        /** The configured private key file does not exist. */
        KEY_FILE_MISSING,
        /** The private key file exists but cannot be read or parsed (or needs a passphrase). */
        KEY_FILE_UNREADABLE,
        /** The connection dropped while in use. */
        CONNECTION_LOST,
        /** Anything else. */
        OTHER
    }

    private final Reason reason;

    public ClusterUnreachableException(String cluster, Reason reason, String message, Throwable cause) {
        super(cluster, message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
