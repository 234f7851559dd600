package io.missioncontrol.cluster;

import io.missioncontrol.base.UnavailableException;

/**
 * Base of every failure the cluster layer reports. Messages are written for the person looking at the
 * portal: they say what went wrong and, where possible, what to do about it. To everyone outside it is the
 * cluster being unavailable right now (REST: 503 with the message); subtypes say more where a caller decides
 * on them.
 */
public abstract class ClusterException extends UnavailableException {

    private final String cluster;

    protected ClusterException(String cluster, String message, Throwable cause) {
        super(message, cause);
        this.cluster = cluster;
    }

    /** Name of the cluster the failure concerns. */
    public String cluster() {
        return cluster;
    }
}
