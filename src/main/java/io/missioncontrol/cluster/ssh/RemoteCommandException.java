package io.missioncontrol.cluster.ssh;

import io.missioncontrol.cluster.ClusterException;

/** A remote command could not be run to completion for a reason other than a timeout (e.g. output too large). */
public final class RemoteCommandException extends ClusterException {

    public RemoteCommandException(String cluster, String message, Throwable cause) {
        super(cluster, message, cause);
    }
}
