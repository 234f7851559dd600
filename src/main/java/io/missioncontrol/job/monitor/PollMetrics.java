package io.missioncontrol.job.monitor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobService;
import org.springframework.stereotype.Component;

/**
 * The poller's meters: {@code missioncontrol.poll.cycles} (counter) and {@code missioncontrol.poll.duration}
 * (timer), both tagged by cluster and outcome, for each cluster a scheduled cycle asked; and
 * {@code missioncontrol.jobs.active}, the jobs in active states (one count query per scrape).
 */
@Component
class PollMetrics {

    private final MeterRegistry registry;

    PollMetrics(MeterRegistry registry, JobRepository jobs) {
        this.registry = registry;
        Gauge.builder("missioncontrol.jobs.active", jobs, repository -> repository.countByStatusIn(
                        JobService.ACTIVE_STATUSES))
                .description("Jobs being submitted, queued or running").register(registry);
    }

    void record(PollReport report) {
        for (PollReport.ClusterPoll poll : report.clusters()) {
            if (poll.outcome() != PollReport.Outcome.POLLED && poll.outcome() != PollReport.Outcome.FAILED) {
                continue; // backing off, busy or still running: the cluster was not asked in this cycle
            }
            String outcome = poll.outcome().name().toLowerCase(java.util.Locale.ROOT);
            Counter.builder("missioncontrol.poll.cycles").description("Poll cycles that asked a cluster")
                    .tag("cluster", poll.cluster()).tag("outcome", outcome).register(registry).increment();
            if (poll.took() != null) {
                Timer.builder("missioncontrol.poll.duration").description("How long asking a cluster took")
                        .tag("cluster", poll.cluster()).tag("outcome", outcome).register(registry)
                        .record(poll.took());
            }
        }
    }
}
