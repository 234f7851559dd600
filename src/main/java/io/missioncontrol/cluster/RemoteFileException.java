package io.missioncontrol.cluster;

import io.missioncontrol.cluster.ClusterException;

/** An SFTP operation on a remote file failed. */
public final class RemoteFileException extends ClusterException {

    public enum Reason { NOT_FOUND, PERMISSION_DENIED, OTHER }

    private final Reason reason;
    private final String path;

    public RemoteFileException(String cluster, String path, Reason reason, String message, Throwable cause) {
        super(cluster, message, cause);
        this.reason = reason;
        this.path = path;
    }

    public Reason reason() {
        return reason;
    }

    public String path() {
        return path;
    }
}
