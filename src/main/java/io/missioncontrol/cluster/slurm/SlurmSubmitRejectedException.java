package io.missioncontrol.cluster.slurm;

/**
 * sbatch refused the job: nothing was queued, and submitting the same job again will fail the same way
 * until the request changes. {@link #getMessage()} is SLURM's own explanation.
 */
public final class SlurmSubmitRejectedException extends SlurmException {

    public enum Reason {
        /** "Invalid partition name specified". */
        INVALID_PARTITION,
        /** "Requested node configuration is not available": no node has that many/that kind of GPUs, CPUs, memory. */
        NODE_CONFIGURATION_UNAVAILABLE,
        /** "Invalid generic resource (gres) specification". */
        INVALID_GRES,
        /** "Requested time limit is invalid (missing or exceeds some limit)". */
        INVALID_TIME_LIMIT,
        /** "Node count specification invalid". */
        INVALID_NODE_COUNT,
        /** Account, QOS or association limits. */
        ACCOUNT_OR_QOS,
        /** "Unable to open file": the batch script is not where sbatch was told. */
        SCRIPT_NOT_FOUND,
        /** Any other refusal. */
        OTHER
    }

    private final Reason reason;

    public SlurmSubmitRejectedException(String cluster, Reason reason, String message, String command, String stderr,
                                        int exitCode) {
        super(cluster, message, command, stderr, exitCode);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
