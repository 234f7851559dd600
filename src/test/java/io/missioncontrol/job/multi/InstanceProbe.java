package io.missioncontrol.job.multi;

import io.missioncontrol.job.JobEvents;
import io.missioncontrol.job.launch.SubmissionHook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.listeners.JobListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Lives only in the portal processes {@link MultiInstanceTest} starts (profile {@code multi-instance-probe}): writes
 * every job status change this instance's {@link JobEvents} listeners get (its own and those relayed from other
 * instances) to the log, with its age, and every Quartz firing it runs; holds a launch right after sbatch while the
 * test's hold file exists.
 */
@Component
@Profile("multi-instance-probe")
class InstanceProbe implements SubmissionHook {

    private static final Logger log = LoggerFactory.getLogger(InstanceProbe.class);
    static final String EVENT = "MC-PROBE-EVENT";
    static final String HELD = "MC-PROBE-HELD";
    static final String FIRED = "MC-PROBE-FIRED";

    private final Path holdFile;

    InstanceProbe(JobEvents events, Scheduler scheduler, @Value("${multi-instance-probe.hold-file}") Path holdFile)
            throws SchedulerException {
        this.holdFile = holdFile;
        // every poll firing this instance ran, by its scheduled time (the same on whichever instance runs it)
        scheduler.getListenerManager().addJobListener(new JobListenerSupport() {
            @Override
            public String getName() {
                return "multi-instance-probe";
            }

            @Override
            public void jobWasExecuted(JobExecutionContext context, JobExecutionException failure) {
                log.info("{} job={} scheduled={}", FIRED, context.getJobDetail().getKey().getName(),
                        context.getScheduledFireTime().getTime());
            }
        });
        events.subscribe(change -> log.info("{} job={} status={} previous={} age_ms={}", EVENT, change.jobId(),
                change.current(), change.previous(), Duration.between(change.at(), Instant.now()).toMillis()));
    }

    @Override
    public void afterSbatch(String jobId, String slurmJobId) {
        if (!Files.exists(holdFile)) {
            return;
        }
        log.info("{} job={} slurm={}", HELD, jobId, slurmJobId);
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(3));
        while (Files.exists(holdFile) && Instant.now().isBefore(giveUp)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
