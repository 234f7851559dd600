package io.missioncontrol.job.monitor;

import io.missioncontrol.cluster.slurm.AccountingEntry;
import io.missioncontrol.cluster.slurm.QueueEntry;
import io.missioncontrol.cluster.slurm.SlurmJobState;
import io.missioncontrol.job.JobStatus;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what {@code squeue} and {@code sacct} print into {@link SlurmObservation}s: every SLURM state maps to the
 * {@link JobStatus} of the same name; reasons are SLURM's own words ({@code NonZeroExitCode}, {@code TimeLimit},
 * {@code Priority} ...) and, where SLURM gives none for an ending, a word in the same style. Pure.
 */
public final class SlurmStatusMapper {

    private static final Pattern CANCELLED_BY = Pattern.compile("(?i)CANCELLED\\+?\\s+by\\s+(\\S+)");

    private SlurmStatusMapper() {
    }

    /** The portal state for a SLURM state; {@code null} for {@link SlurmJobState#UNKNOWN} and unknown text. */
    public static JobStatus status(SlurmJobState state, String rawState) {
        return state != null ? JobStatus.of(state) : JobStatus.fromSlurm(rawState);
    }

    /** A job squeue still lists. squeue prints no exit code. */
    public static SlurmObservation fromQueue(QueueEntry e) {
        JobStatus status = status(e.state(), e.rawState());
        String reason = meaningful(e.reason());
        if (reason == null && status != null && !status.isActive()) {
            reason = defaultReason(status, null, 0);
        }
        return new SlurmObservation(e.jobId(), status, e.rawState(), reason, status == JobStatus.COMPLETED ? 0 : null,
                e.elapsed(), false);
    }

    /** A job as sacct records it: state, exit code and signal. */
    public static SlurmObservation fromAccounting(AccountingEntry e) {
        JobStatus status = status(e.state(), e.rawState());
        String reason = cancelledBy(e.rawState());
        if (reason == null) {
            reason = meaningful(e.reason());
        }
        if (reason == null && status != null && !status.isActive()) {
            reason = defaultReason(status, e.exitCode(), e.signal());
        }
        return new SlurmObservation(e.jobId(), status, e.rawState(), reason, e.exitCode(), e.elapsed(), true);
    }

    /**
     * squeue's view completed by sacct's: squeue knows the live reason ({@code NonZeroExitCode}), sacct the exit
     * code and who cancelled. The state is squeue's unless it is still active and sacct has an ending; the exit code
     * is sacct's only from an ended accounting record.
     */
    public static SlurmObservation combine(SlurmObservation queue, SlurmObservation accounting) {
        if (accounting == null) {
            return queue;
        }
        if (queue == null) {
            return accounting;
        }
        boolean queueEnded = queue.status() != null && !queue.status().isActive();
        SlurmObservation stateSource = queueEnded || !accounting.isTerminal() && queue.status() != null
                ? queue : accounting;
        String reason;
        if (accounting.reason() != null && accounting.reason().startsWith("cancelled by")) {
            reason = accounting.reason();
        } else if (stateSource == queue && queue.reason() != null) {
            reason = queue.reason();
        } else {
            reason = accounting.reason() != null ? accounting.reason() : queue.reason();
        }
        // sacct's exit code counts only once its record has ended: slurmdbd may still hold RUNNING with 0:0 while
        // squeue already says FAILED
        Integer exitCode = accounting.isTerminal() && accounting.exitCode() != null ? accounting.exitCode()
                : queue.exitCode();
        return new SlurmObservation(queue.slurmJobId(), stateSource.status(), stateSource.rawState(), reason,
                exitCode, queue.elapsed().isZero() ? accounting.elapsed() : queue.elapsed(), true);
    }

    /** {@code CANCELLED by 1001} → {@code cancelled by uid 1001}. */
    static String cancelledBy(String rawState) {
        if (rawState == null) {
            return null;
        }
        Matcher m = CANCELLED_BY.matcher(rawState.strip());
        return m.matches() ? "cancelled by uid " + m.group(1) : null;
    }

    /** SLURM prints {@code None} (or nothing) when there is no reason. */
    static String meaningful(String reason) {
        if (reason == null) {
            return null;
        }
        String r = reason.strip();
        return r.isEmpty() || r.equalsIgnoreCase("none") || r.equals("(null)") ? null : r;
    }

    /** A reason in SLURM's style for an ending SLURM gave none for. */
    static String defaultReason(JobStatus status, Integer exitCode, int signal) {
        return switch (status) {
            case FAILED -> exitCode != null && exitCode != 0 ? "NonZeroExitCode"
                    : signal != 0 ? "signal " + signal : "failed";
            case TIMEOUT -> "TimeLimit";
            case OUT_OF_MEMORY -> "OutOfMemory";
            case NODE_FAIL -> "NodeFail";
            case BOOT_FAIL -> "BootFail";
            case PREEMPTED -> "Preempted";
            case DEADLINE -> "Deadline";
            case CANCELLED -> "cancelled";
            case REVOKED -> "revoked";
            default -> null;
        };
    }
}
