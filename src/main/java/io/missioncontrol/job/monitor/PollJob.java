package io.missioncontrol.job.monitor;

import io.missioncontrol.job.launch.JobLaunchService;
import java.time.Duration;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * The Quartz job behind the status poller: one {@link JobPoller#pollOnce()} per firing, never two at
 * once, then the settling of launches that were cut short.
 */
@DisallowConcurrentExecution
class PollJob extends QuartzJobBean {

    private static final Logger log = LoggerFactory.getLogger(PollJob.class);

    /** Longer than any launch takes: a job still SUBMITTING after this lost its launch. */
    static final Duration STALE_SUBMISSION = Duration.ofMinutes(5);

    private final JobPoller poller;
    private final JobLaunchService launcher;
    private final PollMetrics metrics;

    PollJob(JobPoller poller, JobLaunchService launcher, PollMetrics metrics) {
        this.poller = poller;
        this.launcher = launcher;
        this.metrics = metrics;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        try {
            PollReport report = poller.pollOnce();
            metrics.record(report);
            if (report.activeJobs() > 0) {
                log.debug("Poll: {}", report);
            }
        } catch (RuntimeException e) {
            // never let one bad cycle unschedule the poller
            log.error("Status poll failed", e);
        }
        try {
            launcher.reconcileStale(STALE_SUBMISSION);
        } catch (RuntimeException e) {
            log.error("Settling interrupted launches failed", e);
        }
    }
}
