package io.missioncontrol.job;

import java.time.Clock;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The one way a job's state changes: the job is updated, the change goes into its status history,
 * and a {@link JobStatusChanged} event is published. Call inside a transaction; listeners that
 * touch the UI get the event after commit (see {@link JobEvents}).
 */
@Component
public class JobTransitions {

    private final JobRepository jobs;
    private final JobStatusChangeRepository history;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public JobTransitions(JobRepository jobs, JobStatusChangeRepository history, ApplicationEventPublisher events,
                          Clock clock) {
        this.jobs = jobs;
        this.history = history;
        this.events = events;
        this.clock = clock;
    }

    /** Records the first state of a new job (SUBMITTING) in its history. */
    public Job recordNew(Job job) {
        Job saved = jobs.save(job);
        history.save(new JobStatusChange(saved.getId(), saved.getStatus(), saved.getStatusReason(),
                saved.getSubmittedAt()));
        return saved;
    }

    /** Moves the job to {@code status}; returns whether anything changed. */
    public boolean change(Job job, JobStatus status, String reason) {
        JobStatus previous = job.getStatus();
        var now = clock.instant();
        if (!job.changeStatus(status, reason, now)) {
            return false;
        }
        jobs.save(job);
        if (previous != status) {
            history.save(new JobStatusChange(job.getId(), status, reason, now));
        }
        events.publishEvent(new JobStatusChanged(job.getId(), job.getProjectId(), job.getName(), previous, status,
                reason, now));
        return true;
    }
}
