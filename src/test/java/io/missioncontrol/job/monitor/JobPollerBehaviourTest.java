package io.missioncontrol.job.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.MutableClock;
import io.missioncontrol.SpringIntegrationTest;
import io.missioncontrol.base.Backoff;
import io.missioncontrol.base.UnavailableException;
import io.missioncontrol.cluster.ClusterService;
import io.missioncontrol.cluster.slurm.AccountingEntry;
import io.missioncontrol.cluster.slurm.QueueEntry;
import io.missioncontrol.cluster.slurm.SlurmJobParsers;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobEvents;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.job.JobStatusChangeRepository;
import io.missioncontrol.job.JobStatusChanged;
import io.missioncontrol.job.JobTransitions;
import io.missioncontrol.job.monitor.PollReport.Outcome;
import io.missioncontrol.project.ProjectRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The poller's rules with a scripted SLURM (real database, no cluster): clusters in parallel, back-off and
 * recovery, waiting briefly for sacct's exit code, stale states while a cluster is silent, and the LOST clock.
 */
class JobPollerBehaviourTest extends SpringIntegrationTest {

    @Autowired JobRepository jobs;
    @Autowired ProjectRepository projects;
    @Autowired JobTransitions transitions;
    @Autowired PlatformTransactionManager txManager;
    @Autowired ClusterService clusters;
    @Autowired Scheduler scheduler;
    @Autowired JobStatusChangeRepository history;
    @Autowired ApplicationEventPublisher publisher;
    @Autowired JobEvents events;

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

    /** Poll interval 30 s: back-off from 15 s up to 5 min, stale after 60 s of silence, LOST after 10 min. */
    private JobPoller poller(Duration cycleWait) {
        return new JobPoller(jobs, transitions, publisher, txManager, slurm, clock, new JobPoller.Settings(cycleWait,
                Duration.ofMinutes(10), Duration.ofSeconds(90), new Backoff(Duration.ofSeconds(15),
                Duration.ofMinutes(5)), Duration.ofSeconds(5), Duration.ofSeconds(60)));
    }

    private void setUnknownFor(Job job, Duration d) {
        new TransactionTemplate(txManager).executeWithoutResult(s ->
                jobs.findById(job.getId()).orElseThrow().setUnknownForMillis(d.toMillis()));
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
    void tenClustersAreAskedAtTheSameTimeInOneCycle() {
        // every squeue waits until all ten are in progress at once: a poller asking one cluster after another
        // never gets there, and each waiting squeue then fails
        slurm.meet(10);
        List<Job> recorded = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String cluster = "c" + i;
            slurm.queueLine(cluster, (100 + i) + "|RUNNING|None|0:05|1:00:00|1|N/A|x");
            recorded.add(records.recordFor(cluster, String.valueOf(100 + i), "job-" + i));
        }
        JobPoller poller = poller(Duration.ofSeconds(30));

        PollReport report = poller.pollOnce();

        assertThat(report.clusters()).hasSize(10)
                .allSatisfy(poll -> assertThat(poll.outcome()).as(poll.cluster()).isEqualTo(Outcome.POLLED));
        assertThat(recorded).allSatisfy(job -> assertThat(records.reload(job).getStatus())
                .isEqualTo(JobStatus.RUNNING));
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
    void aFailureWhoseAccountingStillSaysRunningWaitsForTheEndedRecordsExitCode() {
        // slurmdbd lags: squeue already says FAILED, sacct still holds the job as RUNNING with exit code 0:0
        slurm.queueLine("lag", "46|FAILED|NonZeroExitCode|0:00|1:00|1|N/A|x");
        slurm.queueLine("lag", "47|FAILED|NonZeroExitCode|0:00|1:00|1|N/A|x");
        slurm.accountingLine("lag", "46|RUNNING|0:0|00:00:01|2026-11-28T22:01:46|Unknown|None|");
        slurm.accountingLine("lag", "47|RUNNING|0:0|00:00:01|2026-11-28T22:01:46|Unknown|None|");
        Job caughtUp = records.recordFor("lag", "46", "accounting-catches-up");
        Job stuck = records.recordFor("lag", "47", "accounting-stays-behind");
        JobPoller poller = poller(Duration.ofSeconds(10));

        poller.pollOnce();
        assertThat(records.reload(caughtUp).getStatus()).as("waits for an ended sacct record")
                .isEqualTo(JobStatus.PENDING);

        slurm.accountingLines.put("lag", new ArrayList<>(List.of(
                "46|FAILED|3:0|00:00:01|2026-11-28T22:01:46|2026-11-28T22:01:47|None|",
                "47|RUNNING|0:0|00:00:01|2026-11-28T22:01:46|Unknown|None|")));
        clock.advance(Duration.ofSeconds(30));
        poller.pollOnce();
        Job failed = records.reload(caughtUp);
        assertThat(failed.getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.getExitCode()).isEqualTo(3);
        assertThat(records.reload(stuck).getStatus()).isEqualTo(JobStatus.PENDING);

        clock.advance(Duration.ofSeconds(61));
        poller.pollOnce();
        Job settled = records.reload(stuck);
        assertThat(settled.getStatus()).as("accounting that never catches up still lets it end")
                .isEqualTo(JobStatus.FAILED);
        assertThat(settled.getExitCode()).as("not the running record's 0").isNull();
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
        assertThat(second.getLastSeenAt()).isEqualTo(asStored(clock.instant()))
                .isAfter(first.getLastSeenAt());
        assertThat(second.getUpdatedAt()).isEqualTo(first.getUpdatedAt());
        assertThat(second.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(second.getStatusReason()).isEqualTo("Priority");
        assertThat(history.findByJobIdOrderByChangedAtAscIdAsc(job.getId())).hasSize(historyRows);
        poller.destroy();
    }

    @Test
    void aClusterSilentForMoreThanTwoPollIntervalsHasItsJobsMarkedStaleUntilItAnswersAgain() {
        slurm.queueLine("flaky", "71|RUNNING|None|0:05|1:00:00|1|N/A|x");
        Job job = records.recordFor("flaky", "71", "stale-job");
        clock.setToNow();
        List<JobStatusChanged> published = new CopyOnWriteArrayList<>();
        Runnable unsubscribe = events.subscribe(published::add);
        JobPoller poller = poller(Duration.ofSeconds(10));
        try {
            assertThat(poller.pollOnce().cluster("flaky").orElseThrow().outcome()).isEqualTo(Outcome.POLLED);
            Instant lastAnswer = clock.instant();
            assertThat(records.reload(job).getStatusStaleSince()).isNull();

            slurm.failTimes("flaky", 1000);
            clock.advance(Duration.ofSeconds(30));
            Instant firstFailure = clock.instant();
            assertThat(poller.pollOnce().cluster("flaky").orElseThrow().outcome()).isEqualTo(Outcome.FAILED);
            clock.advance(Duration.ofSeconds(30)); // 60 s silent: two intervals, not more
            assertThat(poller.pollOnce().cluster("flaky").orElseThrow().outcome()).isEqualTo(Outcome.FAILED);
            assertThat(records.reload(job).getStatusStaleSince()).as("silent for exactly two intervals").isNull();
            int before = published.size();

            clock.advance(Duration.ofSeconds(15)); // 75 s silent, within the back-off: not even asked
            assertThat(poller.pollOnce().cluster("flaky").orElseThrow().outcome()).isEqualTo(Outcome.BACKING_OFF);
            Job stale = records.reload(job);
            assertThat(stale.getStatusStaleSince()).isEqualTo(asStored(firstFailure));
            assertThat(stale.getLastSeenAt()).isEqualTo(asStored(lastAnswer));
            assertThat(stale.getStatus()).isEqualTo(JobStatus.RUNNING);
            assertThat(published.subList(before, published.size())).singleElement().satisfies(e -> {
                assertThat(e.jobId()).isEqualTo(job.getId());
                assertThat(e.previous()).isEqualTo(JobStatus.RUNNING);
                assertThat(e.current()).isEqualTo(JobStatus.RUNNING);
            });

            // an hour of outage: still RUNNING as of the last answer, never LOST, marked once
            for (int i = 0; i < 120; i++) {
                clock.advance(Duration.ofSeconds(30));
                poller.pollOnce();
            }
            Job later = records.reload(job);
            assertThat(later.getStatus()).isEqualTo(JobStatus.RUNNING);
            assertThat(later.getStatusStaleSince()).isEqualTo(asStored(firstFailure));
            assertThat(published).filteredOn(e -> e.jobId().equals(job.getId())).hasSize(before + 1);

            // the cluster answers again: the real state comes back and the mark goes, announced
            slurm.failTimes("flaky", 0);
            slurm.queueLines.put("flaky", new ArrayList<>(List.of("71|COMPLETING|None|0:05|1:00:00|1|N/A|x")));
            clock.advance(Duration.ofMinutes(5));
            assertThat(poller.pollOnce().cluster("flaky").orElseThrow().outcome()).isEqualTo(Outcome.POLLED);
            Job fresh = records.reload(job);
            assertThat(fresh.getStatusStaleSince()).isNull();
            assertThat(fresh.getStatus()).isEqualTo(JobStatus.COMPLETING);
            assertThat(published.getLast().current()).isEqualTo(JobStatus.COMPLETING);

            // an answer that changes nothing but the mark is announced too
            slurm.failTimes("flaky", 1000);
            for (int i = 0; i < 4; i++) {
                clock.advance(Duration.ofSeconds(30));
                poller.pollOnce();
            }
            assertThat(records.reload(job).getStatusStaleSince()).isNotNull();
            slurm.failTimes("flaky", 0);
            clock.advance(Duration.ofMinutes(5));
            int beforeClear = published.size();
            assertThat(poller.pollOnce().cluster("flaky").orElseThrow().changed()).isZero();
            assertThat(records.reload(job).getStatusStaleSince()).isNull();
            assertThat(published.subList(beforeClear, published.size())).singleElement()
                    .satisfies(e -> assertThat(e.current()).isEqualTo(JobStatus.COMPLETING));
        } finally {
            unsubscribe.run();
            poller.destroy();
        }
    }

    @Test
    void theLostClockCountsOnlyTimeInWhichTheClusterAnsweredWithoutTheJob() {
        slurm.queueLine("gone", "81|RUNNING|None|0:05|1:00:00|1|N/A|x");
        Job job = records.recordFor("gone", "82", "vanished");
        clock.setToNow();
        JobPoller poller = poller(Duration.ofSeconds(10));
        try {
            poller.pollOnce(); // the first answer since the portal started counts nothing
            for (int i = 0; i < 10; i++) {
                clock.advance(Duration.ofSeconds(30));
                poller.pollOnce();
            }
            Job fiveMinutes = records.reload(job);
            assertThat(fiveMinutes.getStatus()).isEqualTo(JobStatus.PENDING);
            assertThat(fiveMinutes.getUnknownForMillis()).isBetween(Duration.ofSeconds(270).toMillis(),
                    Duration.ofMinutes(5).toMillis());

            // twenty minutes unreachable: longer than the grace, but none of it counts
            slurm.failTimes("gone", 1000);
            for (int i = 0; i < 40; i++) {
                clock.advance(Duration.ofSeconds(30));
                poller.pollOnce();
            }
            slurm.failTimes("gone", 0);
            clock.advance(Duration.ofMinutes(5)); // past the back-off
            poller.pollOnce(); // the first answer after the outage counts nothing either
            Job afterOutage = records.reload(job);
            assertThat(afterOutage.getStatus()).as("an outage is no evidence against the job")
                    .isEqualTo(JobStatus.PENDING);
            assertThat(afterOutage.getUnknownForMillis()).isEqualTo(fiveMinutes.getUnknownForMillis());

            // answers every 30 s: LOST once they add up to more than 10 min, not before
            int answers = 0;
            while (records.reload(job).getStatus() == JobStatus.PENDING && answers < 30) {
                clock.advance(Duration.ofSeconds(30));
                poller.pollOnce();
                answers++;
            }
            Job lost = records.reload(job);
            assertThat(lost.getStatus()).isEqualTo(JobStatus.LOST);
            assertThat(answers).as("answers after the outage until LOST (5 min + 11 × 30 s > 10 min)").isEqualTo(11);
            assertThat(lost.getStatusReason()).contains("82", "neither squeue nor sacct", "10 min grace");
        } finally {
            poller.destroy();
        }
    }

    @Test
    void afterThePortalWasDownLongerThanTheGraceAJobIsNotLostAtItsFirstAnswer() {
        Job job = records.recordFor("restart", "91", "missing-before-restart");
        clock.setToNow();
        setUnknownFor(job, Duration.ofMinutes(9).plusSeconds(45));
        clock.advance(Duration.ofHours(2)); // the portal was down; SLURM was not asked in that time
        JobPoller restarted = poller(Duration.ofSeconds(10));
        try {
            restarted.pollOnce();
            Job first = records.reload(job);
            assertThat(first.getStatus()).isEqualTo(JobStatus.PENDING);
            assertThat(first.getUnknownForMillis()).isEqualTo(Duration.ofMinutes(9).plusSeconds(45).toMillis());

            clock.advance(Duration.ofSeconds(30));
            restarted.pollOnce();
            assertThat(records.reload(job).getStatus()).as("9 min 45 s before, 30 s more of answers")
                    .isEqualTo(JobStatus.LOST);
        } finally {
            restarted.destroy();
        }
    }

    @Test
    void aJobListedAgainStartsItsLostClockAfresh() {
        Job job = records.recordFor("blinking", "95", "blinking");
        clock.setToNow();
        setUnknownFor(job, Duration.ofMinutes(9));
        JobPoller poller = poller(Duration.ofSeconds(10));
        try {
            poller.pollOnce();
            slurm.queueLine("blinking", "95|RUNNING|None|0:05|1:00:00|1|N/A|x");
            clock.advance(Duration.ofSeconds(30));
            poller.pollOnce();
            Job seen = records.reload(job);
            assertThat(seen.getStatus()).isEqualTo(JobStatus.RUNNING);
            assertThat(seen.getUnknownForMillis()).isZero();
        } finally {
            poller.destroy();
        }
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
        volatile CyclicBarrier meeting;

        /** Every squeue waits (at most 10 s, then fails) until {@code parties} squeues are in progress together. */
        void meet(int parties) {
            meeting = new CyclicBarrier(parties);
        }

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
            CyclicBarrier barrier = meeting;
            if (barrier != null) {
                try {
                    barrier.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new UnavailableException("cluster '" + cluster + "': interrupted", e);
                } catch (BrokenBarrierException | TimeoutException e) {
                    throw new UnavailableException("cluster '" + cluster + "': asked alone, not with the others", e);
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

}
