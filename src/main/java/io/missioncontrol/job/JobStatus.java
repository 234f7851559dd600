package io.missioncontrol.job;

import java.util.Locale;

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
        if (text == null || text.isBlank()) {
            return null;
        }
        String word = text.trim().split("\\s+")[0].toUpperCase(Locale.ROOT).replace('+', ' ').trim();
        return switch (word) {
            case "PD" -> PENDING;
            case "CF" -> CONFIGURING;
            case "R" -> RUNNING;
            case "CG" -> COMPLETING;
            case "CD" -> COMPLETED;
            case "F" -> FAILED;
            case "CA" -> CANCELLED;
            case "TO" -> TIMEOUT;
            case "OOM" -> OUT_OF_MEMORY;
            case "NF" -> NODE_FAIL;
            case "PR" -> PREEMPTED;
            case "BF" -> BOOT_FAIL;
            case "DL" -> DEADLINE;
            case "S" -> SUSPENDED;
            case "ST" -> STOPPED;
            case "SE" -> SPECIAL_EXIT;
            case "SO" -> STAGE_OUT;
            case "RQ" -> REQUEUED;
            case "RH" -> REQUEUE_HOLD;
            case "RF" -> REQUEUE_FED;
            case "RS" -> RESIZING;
            case "RV" -> REVOKED;
            case "SI" -> SIGNALING;
            default -> {
                try {
                    JobStatus status = valueOf(word);
                    yield status == SUBMITTING || status == SUBMIT_FAILED || status == LOST ? null : status;
                } catch (IllegalArgumentException e) {
                    yield null;
                }
            }
        };
    }
}
