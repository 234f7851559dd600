package io.missioncontrol.job;

import io.missioncontrol.cluster.slurm.SlurmJobState;

/**
 * A job's state: SLURM's own state names, plus the portal's SUBMITTING (recorded, not yet accepted
 * by sbatch) and SUBMIT_FAILED (sbatch refused it, or it never reached SLURM).
 */
public enum JobStatus {
    SUBMITTING(true),
    SUBMIT_FAILED(false),
    PENDING(true),
    CONFIGURING(true),
    RUNNING(true),
    COMPLETING(true),
    SUSPENDED(true),
    STOPPED(true),
    SIGNALING(true),
    STAGE_OUT(true),
    RESIZING(true),
    REQUEUED(true),
    REQUEUE_FED(true),
    REQUEUE_HOLD(true),
    RESV_DEL_HOLD(true),
    /** Requeued and held after a special exit code: it can still run again, so it stays watched. */
    SPECIAL_EXIT(true),
    COMPLETED(false),
    FAILED(false),
    CANCELLED(false),
    TIMEOUT(false),
    OUT_OF_MEMORY(false),
    NODE_FAIL(false),
    PREEMPTED(false),
    BOOT_FAIL(false),
    DEADLINE(false),
    REVOKED(false),
    /** SLURM no longer knows the job and never told us how it ended. Terminal. */
    LOST(false);

    private final boolean active;

    JobStatus(boolean active) {
        this.active = active;
    }

    /** Whether the job may still change state, so the poller has to keep asking SLURM about it. */
    public boolean isActive() {
        return active;
    }

    /** Whether the job ended well. */
    public boolean isSuccess() {
        return this == COMPLETED;
    }

    /**
     * SLURM's state text as squeue or sacct print it ({@code CANCELLED by 1001}, {@code OOM}, {@code CD}
     * are all understood); null when the text names no known state.
     */
    public static JobStatus fromSlurm(String text) {
        return of(SlurmJobState.parse(text));
    }

    /** The portal's state for one of SLURM's; null for {@link SlurmJobState#UNKNOWN}. */
    public static JobStatus of(SlurmJobState state) {
        return state == SlurmJobState.UNKNOWN ? null : valueOf(state.name());
    }
}
