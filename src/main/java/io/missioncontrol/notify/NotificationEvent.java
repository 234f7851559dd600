package io.missioncontrol.notify;

import io.missioncontrol.job.JobStatus;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** What a member can be told about a job. */
public enum NotificationEvent {
    STARTED,
    COMPLETED,
    /** Every bad ending but a cancellation: FAILED, TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, LOST, SUBMIT_FAILED, … */
    FAILED,
    CANCELLED,
    /** 90 % of the job's time limit has elapsed since it started. */
    TIME_LIMIT_90;

    /** The events of members who chose nothing: the endings. */
    public static final Set<NotificationEvent> DEFAULTS = EnumSet.of(COMPLETED, FAILED, CANCELLED);

    /** The event a move to {@code current} is, if any (a requeued job's second start is the same STARTED). */
    static Optional<NotificationEvent> of(JobStatus previous, JobStatus current) {
        if (current == JobStatus.RUNNING) {
            return previous == JobStatus.RUNNING ? Optional.empty() : Optional.of(STARTED);
        }
        if (current.isActive()) {
            return Optional.empty();
        }
        return Optional.of(switch (current) {
            case COMPLETED -> COMPLETED;
            case CANCELLED -> CANCELLED;
            default -> FAILED;
        });
    }

    /** The events a job's per-launch choice ({@code on_end}, {@code on_failure}, {@code never}) stands for. */
    static Set<NotificationEvent> forLaunchChoice(String notifyOn, Set<NotificationEvent> preferred) {
        if (notifyOn == null) {
            return preferred;
        }
        return switch (notifyOn) {
            case "on_end" -> EnumSet.of(COMPLETED, FAILED, CANCELLED);
            case "on_failure" -> EnumSet.of(FAILED);
            case "never" -> EnumSet.noneOf(NotificationEvent.class);
            default -> preferred;
        };
    }
}
