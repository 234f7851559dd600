package io.missioncontrol.job.monitor;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** The Quartz job behind the status poller: one {@link JobPoller#pollOnce()} per firing, never two at once. */
@DisallowConcurrentExecution
class PollJob extends QuartzJobBean {

    private static final Logger log = LoggerFactory.getLogger(PollJob.class);

    private final JobPoller poller;

    PollJob(JobPoller poller) {
        this.poller = poller;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        try {
            PollReport report = poller.pollOnce();
            if (report.activeJobs() > 0) {
                log.debug("Poll: {}", report);
            }
        } catch (RuntimeException e) {
            // never let one bad cycle unschedule the poller
            log.error("Status poll failed", e);
        }
    }
}
