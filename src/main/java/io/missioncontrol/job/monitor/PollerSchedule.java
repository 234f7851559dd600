package io.missioncontrol.job.monitor;

import io.missioncontrol.base.MissionControlProperties;
import java.util.Date;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Schedules {@link PollJob} every {@code missioncontrol.poll-interval} (30 s by default) with Quartz. */
@Configuration(proxyBeanMethods = false)
class PollerSchedule {

    static final String JOB_NAME = "job-status-poller";

    @Bean
    JobDetail jobStatusPollerDetail() {
        return JobBuilder.newJob(PollJob.class).withIdentity(JOB_NAME)
                .withDescription("Asks SLURM about active jobs, once per cluster").storeDurably().build();
    }

    @Bean
    Trigger jobStatusPollerTrigger(JobDetail jobStatusPollerDetail, MissionControlProperties properties) {
        long intervalMs = Math.max(1000, properties.pollInterval().toMillis());
        return TriggerBuilder.newTrigger().forJob(jobStatusPollerDetail).withIdentity(JOB_NAME + "-trigger")
                .startAt(new Date(System.currentTimeMillis() + intervalMs))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(intervalMs)
                        .repeatForever().withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
