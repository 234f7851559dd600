package io.missioncontrol.job.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one poll cycle did.
 *
 * @param at         when the cycle started
 * @param activeJobs jobs in active states the cycle found (SUBMITTING ones excluded)
 * @param clusters   one entry per cluster that had such jobs
 */
public record PollReport(Instant at, int activeJobs, List<ClusterPoll> clusters) {

    public PollReport {
        clusters = List.copyOf(clusters);
    }

    public Optional<ClusterPoll> cluster(String name) {
        return clusters.stream().filter(c -> c.cluster().equals(name)).findFirst();
    }

    /** How asking one cluster went. */
    public enum Outcome {
        /** squeue (and sacct where needed) answered; changes were applied. */
        POLLED,
        /** The cluster could not be reached or SLURM did not answer; it is retried after a back-off. */
        FAILED,
        /** Skipped: the cluster failed recently and its back-off has not expired. */
        BACKING_OFF,
        /** Skipped: the previous poll of this cluster is still running. */
        BUSY,
        /** The cycle stopped waiting; the poll goes on in the background and applies its results when done. */
        STILL_RUNNING,
        /** The jobs name a cluster that is not configured (any more); they are left alone. */
        UNKNOWN_CLUSTER
    }

    /**
     * @param jobs          jobs asked about
     * @param squeueCalls   gateway squeue calls (one command line per 1000 ids)
     * @param sacctCalls    gateway sacct calls (likewise)
     * @param sshCommands   remote commands the SSH pool counted on this cluster while it was polled
     * @param changed       jobs whose state (or reason) changed
     * @param message       why it failed or was skipped, else {@code null}
     * @param took          wall time of the cluster's poll
     */
    public record ClusterPoll(String cluster, Outcome outcome, int jobs, int squeueCalls, int sacctCalls,
                              long sshCommands, int changed, String message, Duration took) {
    }
}
