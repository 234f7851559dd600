package io.missioncontrol.job.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.SpringIntegrationTest;
import io.missioncontrol.base.UnavailableException;
import io.missioncontrol.cluster.ClusterService;
import io.missioncontrol.cluster.slurm.AccountingEntry;
import io.missioncontrol.cluster.slurm.QueueEntry;
import io.missioncontrol.cluster.slurm.SlurmJobParsers;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.job.JobStatusChangeRepository;
import io.missioncontrol.job.JobTransitions;
import io.missioncontrol.job.monitor.PollReport.Outcome;
import io.missioncontrol.project.ProjectRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The poller's rules with a scripted SLURM (real database, no cluster): clusters in parallel, back-off and
 * recovery, waiting briefly for sacct's exit code.
 */
class JobPollerBehaviourTest extends SpringIntegrationTest {

    @Autowired JobRepository jobs;
    @Autowired ProjectRepository projects;
    @Autowired JobTransitions transitions;
    @Autowired PlatformTransactionManager txManager;
    @Autowired ClusterService clusters;
    @Autowired Scheduler scheduler;
    @Autowired JobStatusChangeRepository history;

    final ScriptedSlurm slurm = new ScriptedSlurm();
    final MutableClock clock = new MutableClock(Instant.now());
    SlurmTestJobs records;

    @BeforeEach
    void setUp() throws SchedulerException {
        scheduler.pauseAll();
        jobs.deleteAll();
        projects.deleteAll();
        records = new SlurmTestJobs(clusters, jobs, projects, transitions, txManager);
    }

    @AfterEach
    void tearDown() throws SchedulerException {
        slurm.release.countDown();
        jobs.deleteAll();
        scheduler.resumeAll();
    }

    private JobPoller poller(Duration cycleWait) {
        return new JobPoller(jobs, transitions, txManager, slurm, clock, new JobPoller.Settings(cycleWait,
                Duration.ofMinutes(10), Duration.ofSeconds(90), Duration.ofSeconds(15), Duration.ofMinutes(5),
                Duration.ofSeconds(5)));
    }

    @Test
    void aHangingClusterDoesNotHoldBackTheOthers() {
        slurm.hang("slow");
        slurm.queueLine("fast", "11|RUNNING|None|0:05|1:00:00|1|N/A|x");
        Job fast = records.recordFor("fast", "11", "fast-job");
        Job slow = records.recordFor("slow", "22", "slow-job");
        JobPoller poller = poller(Duration.ofSeconds(2));

        PollReport report = poller.pollOnce();

        // the fast cluster's answer is applied while the slow one is still stuck in its squeue
        assertThat(slurm.release.getCount()).isEqualTo(1);
        assertThat(report.cluster("fast").orElseThrow().outcome()).isEqualTo(Outcome.POLLED);
        assertThat(report.cluster("slow").orElseThrow().outcome()).isEqualTo(Outcome.STILL_RUNNING);
        assertThat(records.reload(fast).getStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(records.reload(slow).getStatus()).isEqualTo(JobStatus.PENDING);

        // the next cycle does not start a second squeue on the stuck cluster
        PollReport next = poller.pollOnce();
        assertThat(next.cluster("slow").orElseThrow().outcome()).isEqualTo(Outcome.BUSY);
        assertThat(slurm.calls("slow")).isEqualTo(1);
        poller.destroy();
    }

    @Test
    void aFailingClusterBacksOffDoublingAndRecoversByItself() {
        slurm.failTimes("flaky", 2);
        slurm.queueLine("flaky", "33|RUNNING|None|0:05|1:00:00|1|N/A|x");
        Job job = records.recordFor("flaky", "33", "flaky-job");
        JobPoller poller = poller(Duration.ofSeconds(10));

        assertThat(poller.pollOnce().cluster("flaky").orElseThrow().outcome()).isEqualTo(Outcome.FAILED);
        assertThat(poller.unhealthyClusters()).singleElement().satisfies(h -> {
            assertThat(h.consecutiveFailures()).isEqualTo(1);
            assertThat(h.retryAt()).isEqualTo(clock.instant().plusSeconds(15));
            assertThat(h.lastError()).contains("flaky is down");
        });
        assertThat(poller.pollOnce().cluster("flaky").orElseThrow().outcome()).isEqualTo(Outcome.BACKING_OFF);
        assertThat(slurm.calls("flaky")).isEqualTo(1);

        clock.advance(Duration.ofSeconds(15));
        assertThat(poller.pollOnce().cluster("flaky").orElseThrow().outcome()).isEqualTo(Outcome.FAILED);
        clock.advance(Duration.ofSeconds(15));
        assertThat(poller.pollOnce().cluster("flaky").orElseThrow().outcome()).as("second back-off is 30 s")
                .isEqualTo(Outcome.BACKING_OFF);
        clock.advance(Duration.ofSeconds(15));
        assertThat(poller.pollOnce().cluster("flaky").orElseThrow().outcome()).isEqualTo(Outcome.POLLED);

        assertThat(poller.unhealthyClusters()).isEmpty();
        assertThat(records.reload(job).getStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(slurm.calls("flaky")).isEqualTo(3);
        assertThat(poller.backoff(1)).isEqualTo(Duration.ofSeconds(15));
        assertThat(poller.backoff(30)).isEqualTo(Duration.ofMinutes(5));
        poller.destroy();
    }

    @Test
    void aFailureWaitsBrieflyForSacctsExitCodeAndThenEndsWithout() {
        slurm.queueLine("acct", "44|FAILED|NonZeroExitCode|0:00|1:00|1|N/A|x");
        slurm.queueLine("acct", "45|FAILED|NonZeroExitCode|0:00|1:00|1|N/A|x");
        Job late = records.recordFor("acct", "44", "late-accounting");
        Job never = records.recordFor("acct", "45", "no-accounting");
        JobPoller poller = poller(Duration.ofSeconds(10));

        poller.pollOnce();
        assertThat(records.reload(late).getStatus()).as("waits for sacct").isEqualTo(JobStatus.PENDING);
        assertThat(records.reload(late).getLastSeenAt()).isNotNull();

        slurm.accountingLine("acct", "44|FAILED|3:0|00:00:00|2026-11-28T22:01:46|2026-11-28T22:01:46|None|");
        clock.advance(Duration.ofSeconds(30));
        poller.pollOnce();
        Job failed = records.reload(late);
        assertThat(failed.getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.getExitCode()).isEqualTo(3);
        assertThat(failed.getStatusReason()).isEqualTo("NonZeroExitCode");
        assertThat(records.reload(never).getStatus()).isEqualTo(JobStatus.PENDING);

        clock.advance(Duration.ofSeconds(61));
        poller.pollOnce();
        Job without = records.reload(never);
        assertThat(without.getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(without.getExitCode()).isNull();
        assertThat(without.getStatusReason()).isEqualTo("NonZeroExitCode");
        poller.destroy();
    }

    @Test
    void whenSacctFailsSqueuesAnswersStillCountAndNobodyIsDeclaredLost() {
        slurm.queueLine("noacct", "55|RUNNING|None|0:05|1:00:00|1|N/A|x");
        slurm.failAccounting("noacct");
        Job running = records.recordFor("noacct", "55", "running");
        Job gone = records.recordFor("noacct", "56", "gone");
        clock.advance(Duration.ofHours(1)); // long past the LOST grace
        JobPoller poller = poller(Duration.ofSeconds(10));

        PollReport report = poller.pollOnce();

        assertThat(report.cluster("noacct").orElseThrow().outcome()).isEqualTo(Outcome.POLLED);
        assertThat(records.reload(running).getStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(records.reload(gone).getStatus()).isEqualTo(JobStatus.PENDING);
        poller.destroy();
    }

    @Test
    void aJobSeenAgainInTheSameStateOnlyGetsItsLastSeenTime() {
        slurm.queueLine("steady", "66|PENDING|Priority|0:00|1:00:00|1|N/A|x");
        Job job = records.recordFor("steady", "66", "steady");
        JobPoller poller = poller(Duration.ofSeconds(10));
        assertThat(poller.pollOnce().cluster("steady").orElseThrow().changed()).as("SLURM's reason arrives")
                .isEqualTo(1);
        Job first = records.reload(job);
        int historyRows = history.findByJobIdOrderByChangedAtAscIdAsc(job.getId()).size();

        clock.advance(Duration.ofSeconds(30));
        PollReport again = poller.pollOnce();

        Job second = records.reload(job);
        assertThat(again.cluster("steady").orElseThrow().changed()).isZero();
        assertThat(second.getLastSeenAt()).isEqualTo(clock.instant().truncatedTo(ChronoUnit.MILLIS))
                .isAfter(first.getLastSeenAt());
        assertThat(second.getUpdatedAt()).isEqualTo(first.getUpdatedAt());
        assertThat(second.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(second.getStatusReason()).isEqualTo("Priority");
        assertThat(history.findByJobIdOrderByChangedAtAscIdAsc(job.getId())).hasSize(historyRows);
        poller.destroy();
    }

    /** squeue/sacct answers scripted per cluster. */
    static final class ScriptedSlurm implements SlurmGateway {
        final CountDownLatch release = new CountDownLatch(1);
        final Map<String, List<String>> queueLines = new ConcurrentHashMap<>();
        final Map<String, List<String>> accountingLines = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        final List<String> hanging = new ArrayList<>();
        final List<String> noAccounting = new ArrayList<>();

        void hang(String cluster) {
            hanging.add(cluster);
        }

        void failTimes(String cluster, int times) {
            failuresLeft.put(cluster, new AtomicInteger(times));
        }

        void failAccounting(String cluster) {
            noAccounting.add(cluster);
        }

        void queueLine(String cluster, String line) {
            queueLines.computeIfAbsent(cluster, c -> new ArrayList<>()).add(line);
        }

        void accountingLine(String cluster, String line) {
            accountingLines.computeIfAbsent(cluster, c -> new ArrayList<>()).add(line);
        }

        int calls(String cluster) {
            return calls.getOrDefault(cluster, new AtomicInteger()).get();
        }

        @Override
        public List<QueueEntry> queue(String cluster, Collection<String> ids) {
            calls.computeIfAbsent(cluster, c -> new AtomicInteger()).incrementAndGet();
            if (hanging.contains(cluster)) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            AtomicInteger left = failuresLeft.get(cluster);
            if (left != null && left.getAndDecrement() > 0) {
                throw new UnavailableException("cluster '" + cluster + "': " + cluster + " is down", null);
            }
            return SlurmJobParsers.parseQueue(String.join("\n", queueLines.getOrDefault(cluster, List.of())))
                    .stream().filter(e -> ids.contains(e.jobId())).toList();
        }

        @Override
        public List<AccountingEntry> accounting(String cluster, Collection<String> ids) {
            if (noAccounting.contains(cluster)) {
                throw new UnavailableException("cluster '" + cluster + "': accounting storage is disabled", null);
            }
            return SlurmJobParsers.parseAccounting(String.join("\n",
                    accountingLines.getOrDefault(cluster, List.of()))).stream()
                    .filter(e -> ids.contains(e.jobId())).toList();
        }

        @Override
        public long commandCount(String cluster) {
            return calls(cluster);
        }
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
