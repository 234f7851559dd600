package io.missioncontrol.cluster;

/**
 * Base of every failure the cluster layer reports. Messages are written for the person looking at the
 * portal: they say what went wrong and, where possible, what to do about it.
 */
public abstract class ClusterException extends RuntimeException {

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
