package io.missioncontrol.job.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.SpringIntegrationTest;
import io.missioncontrol.base.MissionControlProperties;
import io.missioncontrol.cluster.ClusterGateway;
import io.missioncontrol.cluster.ClusterService;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobEvents;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.job.JobStatusChange;
import io.missioncontrol.job.JobStatusChangeRepository;
import io.missioncontrol.job.JobStatusChanged;
import io.missioncontrol.job.JobTransitions;
import io.missioncontrol.job.monitor.PollReport.ClusterPoll;
import io.missioncontrol.job.monitor.PollReport.Outcome;
import io.missioncontrol.project.ProjectRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.SchedulerException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The poller against the real SLURM of the dev cluster (and the dead cluster next to it). */
@Tag("cluster")
class JobPollerIntegrationTest extends SpringIntegrationTest {

    private static final Duration PAUSE = Duration.ofMillis(700);

    @Autowired JobPoller poller;
    @Autowired ClusterService clusters;
    @Autowired ClusterGateway gateway;
    @Autowired JobRepository jobs;
    @Autowired ProjectRepository projects;
    @Autowired JobStatusChangeRepository history;
    @Autowired JobTransitions transitions;
    @Autowired PlatformTransactionManager txManager;
    @Autowired JobEvents events;
    @Autowired Scheduler scheduler;
    @Autowired MissionControlProperties properties;

    SlurmTestJobs slurm;

    @BeforeEach
    void setUp() throws SchedulerException {
        scheduler.pauseAll(); // the tests drive the poller themselves
        jobs.deleteAll();
        projects.deleteAll();
        poller.resetClusterStates();
        slurm = new SlurmTestJobs(clusters, jobs, projects, transitions, txManager);
    }

    @AfterEach
    void cleanUp() throws SchedulerException {
        slurm.cleanUp();
        jobs.deleteAll();
        poller.resetClusterStates();
        scheduler.resumeAll();
    }

    private List<JobStatus> statusHistory(Job job) {
        return history.findByJobIdOrderByChangedAtAscIdAsc(job.getId()).stream().map(JobStatusChange::getStatus)
                .toList();
    }

    @Test
    void quartzRunsThePollerEveryPollIntervalNeverTwiceAtOnce() throws Exception {
        Trigger trigger = scheduler.getTrigger(TriggerKey.triggerKey(PollerSchedule.JOB_NAME + "-trigger"));
        assertThat(trigger).isInstanceOf(SimpleTrigger.class);
        assertThat(((SimpleTrigger) trigger).getRepeatInterval()).isEqualTo(properties.pollInterval().toMillis());
        assertThat(((SimpleTrigger) trigger).getRepeatCount()).isEqualTo(SimpleTrigger.REPEAT_INDEFINITELY);
        JobDetail detail = scheduler.getJobDetail(JobKey.jobKey(PollerSchedule.JOB_NAME));
        assertThat(detail.isConcurrentExecutionDisallowed()).isTrue();

        Job job = slurm.recordFor("dev", slurm.submitHeld(1).getFirst(), "by-quartz");
        scheduler.resumeAll();
        scheduler.triggerJob(JobKey.jobKey(PollerSchedule.JOB_NAME));
        Job seen = slurm.pollUntil(job, () -> { }, j -> j.getLastSeenAt() != null, Duration.ofSeconds(30),
                Duration.ofMillis(200));
        assertThat(seen.getStatusReason()).isEqualTo("JobHeldUser");
    }

    @Test
    void withNoActiveJobNothingIsAskedAtAll() {
        long dev = gateway.commandCount("dev");
        long dead = gateway.commandCount("dead");

        PollReport report = poller.pollOnce();

        assertThat(report.activeJobs()).isZero();
        assertThat(report.clusters()).isEmpty();
        assertThat(gateway.commandCount("dev")).isEqualTo(dev);
        assertThat(gateway.commandCount("dead")).isEqualTo(dead);
    }

    @Test
    void aJobGoesFromPendingThroughRunningToCompletedByThePollerAlone() throws Exception {
        // --begin keeps it pending for a few seconds, so the poller sees PENDING with SLURM's reason first
        Job job = slurm.launch("pending-running-completed", "echo started; sleep 6; echo finished",
                "--begin=now+4");

        Job pending = slurm.reload(job);
        poller.pollOnce();
        pending = slurm.reload(job);
        assertThat(pending.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(pending.getStatusReason()).isEqualTo("BeginTime");
        assertThat(pending.getLastSeenAt()).isNotNull();

        Job running = slurm.pollUntil(job, poller::pollOnce, j -> j.getStatus() == JobStatus.RUNNING,
                Duration.ofSeconds(60), PAUSE);
        assertThat(running.getStartedAt()).isNotNull();
        assertThat(running.getStatusReason()).isNull();

        Job done = slurm.pollUntil(job, poller::pollOnce, j -> !j.getStatus().isActive(), Duration.ofSeconds(60),
                PAUSE);
        assertThat(done.getStatus()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.getExitCode()).isZero();
        assertThat(done.getFinishedAt()).isAfterOrEqualTo(done.getStartedAt());
        assertThat(statusHistory(job)).containsExactly(JobStatus.SUBMITTING, JobStatus.PENDING, JobStatus.RUNNING,
                JobStatus.COMPLETED);
        assertThat(history.findByJobIdOrderByChangedAtAscIdAsc(job.getId())).extracting(JobStatusChange::getChangedAt)
                .isSorted();

        // ended jobs are not asked about again
        long before = gateway.commandCount("dev");
        assertThat(poller.pollOnce().activeJobs()).isZero();
        assertThat(gateway.commandCount("dev")).isEqualTo(before);
    }

    @Test
    void exitThreeIsFailedWithExitCodeThreeAndSlurmsReason() throws Exception {
        Job job = slurm.launch("exit-three", "echo about to fail; exit 3");

        Job failed = slurm.pollUntil(job, poller::pollOnce, j -> !j.getStatus().isActive(), Duration.ofSeconds(60),
                PAUSE);

        assertThat(failed.getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.getExitCode()).isEqualTo(3);
        assertThat(failed.getStatusReason()).isEqualTo("NonZeroExitCode");
        assertThat(statusHistory(job)).endsWith(JobStatus.FAILED);
    }

    @Test
    void aJobOverItsTimeLimitEndsAsTimeout() throws Exception {
        // SLURM's smallest limit is one minute; it notices the overrun within about 30 s more
        Job job = slurm.launch("time-limit", "sleep 300", "--time=1");

        Job ended = slurm.pollUntil(job, poller::pollOnce, j -> !j.getStatus().isActive(), Duration.ofSeconds(180),
                Duration.ofSeconds(3));

        assertThat(ended.getStatus()).isEqualTo(JobStatus.TIMEOUT);
        assertThat(ended.getStatusReason()).isEqualTo("TimeLimit");
        assertThat(statusHistory(job)).contains(JobStatus.RUNNING).endsWith(JobStatus.TIMEOUT);
    }

    @Test
    void aJobNobodyKnowsBecomesLostAfterTheGracePeriodButNotBefore() {
        Job old = slurm.recordFor("dev", "99999901", "forgotten");
        Job fresh = slurm.recordFor("dev", "99999902", "just-submitted");
        // the first answer since the poller started counts nothing on the LOST clock (the portal may have been down)
        assertThat(poller.pollOnce().cluster("dev").orElseThrow().outcome()).isEqualTo(Outcome.POLLED);
        assertThat(slurm.reload(old).getStatus()).isEqualTo(JobStatus.PENDING);
        new TransactionTemplate(txManager).executeWithoutResult(s -> {
            Job o = jobs.findById(old.getId()).orElseThrow();
            o.setLastSeenAt(Instant.now().minus(poller.settings().lostAfter()).minusSeconds(60));
            // as if the cluster had answered without it for the whole grace period
            o.setUnknownForMillis(poller.settings().lostAfter().toMillis());
            Job f = jobs.findById(fresh.getId()).orElseThrow();
            f.setLastSeenAt(Instant.now().minusSeconds(30));
        });

        ClusterPoll dev = poller.pollOnce().cluster("dev").orElseThrow();

        assertThat(dev.outcome()).isEqualTo(Outcome.POLLED);
        assertThat(dev.squeueCalls()).isEqualTo(1);
        assertThat(dev.sacctCalls()).isEqualTo(1);
        Job lost = slurm.reload(old);
        assertThat(lost.getStatus()).isEqualTo(JobStatus.LOST);
        assertThat(lost.getStatusReason()).contains("99999901", "neither squeue nor sacct");
        assertThat(lost.getFinishedAt()).isNotNull();
        assertThat(slurm.reload(fresh).getStatus()).isEqualTo(JobStatus.PENDING);
    }

    @Test
    void submittingJobsAndJobsWithoutSlurmIdAreLeftToTheLaunchService() {
        Job submitting = new TransactionTemplate(txManager).execute(s -> transitions.recordNew(
                new Job(slurm.project(), "being-submitted", "abc", "dev", Instant.now())));
        long before = gateway.commandCount("dev");

        PollReport report = poller.pollOnce();

        assertThat(report.activeJobs()).isZero();
        assertThat(gateway.commandCount("dev")).isEqualTo(before);
        assertThat(slurm.reload(submitting).getStatus()).isEqualTo(JobStatus.SUBMITTING);
    }

    @Test
    void oneSqueueAndAtMostOneSacctPerClusterAndCycleFor1And10And200Jobs() {
        List<String> held = slurm.submitHeld(200);
        Map<Integer, Long> squeueOnly = new TreeMap<>();
        int recorded = 0;
        for (int n : List.of(1, 10, 200)) {
            for (; recorded < n; recorded++) {
                slurm.recordFor("dev", held.get(recorded), "held-" + recorded);
            }
            // every job is in squeue: squeue alone answers
            squeueOnly.put(n, sshCommandsOfOneCycle(1, 0));
        }
        List<Job> heldJobs = jobs.findAll().stream().filter(j -> j.getName().startsWith("held-")).toList();
        assertThat(heldJobs).hasSize(200).allSatisfy(j -> {
            assertThat(j.getStatus()).isEqualTo(JobStatus.PENDING);
            assertThat(j.getStatusReason()).isEqualTo("JobHeldUser");
            assertThat(j.getLastSeenAt()).isNotNull();
        });

        // plus one id SLURM never heard of: the cycle now also needs its one sacct, whatever the count
        slurm.recordFor("dev", "99999903", "unknown-to-slurm");
        Map<Integer, Long> withSacct = new TreeMap<>();
        for (int n : List.of(200, 10, 1)) {
            keepOnlyFirstHeld(n);
            withSacct.put(n, sshCommandsOfOneCycle(1, 1));
        }
        System.out.println("[monitor] SSH commands per poll cycle, by held jobs: all known to squeue " + squeueOnly
                + "; with one more id unknown to squeue (squeue + sacct) " + withSacct);
    }

    /** Runs one poll cycle and checks its calls; returns the SSH commands it took on dev. */
    private long sshCommandsOfOneCycle(int squeue, int sacct) {
        long before = gateway.commandCount("dev");
        PollReport report = poller.pollOnce();
        long delta = gateway.commandCount("dev") - before;
        ClusterPoll dev = report.cluster("dev").orElseThrow();
        assertThat(dev.outcome()).isEqualTo(Outcome.POLLED);
        assertThat(dev.squeueCalls()).isEqualTo(squeue);
        assertThat(dev.sacctCalls()).isEqualTo(sacct);
        assertThat(dev.sshCommands()).as("remote commands in one cycle with %d jobs", dev.jobs())
                .isEqualTo(squeue + sacct);
        assertThat(delta).isEqualTo(squeue + sacct);
        System.out.println("[monitor] cycle over " + dev.jobs() + " jobs: " + delta + " SSH command(s), "
                + dev.took().toMillis() + " ms, " + dev.changed() + " changed");
        return delta;
    }

    /** Ends (in the portal only) every held job's record from index {@code n} on. */
    private void keepOnlyFirstHeld(int n) {
        new TransactionTemplate(txManager).executeWithoutResult(s -> jobs.findAll().stream()
                .filter(j -> j.getName().startsWith("held-") && j.getStatus().isActive())
                .filter(j -> Integer.parseInt(j.getName().substring("held-".length())) >= n)
                .forEach(j -> transitions.change(j, JobStatus.CANCELLED, "test: not part of this round")));
        assertThat(jobs.findByStatusIn(JobPoller.POLLED_STATUSES)).hasSize(n + 1);
    }

    @Test
    void anUnreachableClusterDelaysNoOtherAndBacksOff() {
        List<String> held = slurm.submitHeld(1);
        Job onDev = slurm.recordFor("dev", held.getFirst(), "on-dev");
        Job onDead = slurm.recordFor("dead", "12345", "on-dead");

        PollReport first = poller.pollOnce();

        ClusterPoll dev = first.cluster("dev").orElseThrow();
        ClusterPoll dead = first.cluster("dead").orElseThrow();
        assertThat(dev.outcome()).isEqualTo(Outcome.POLLED);
        assertThat(slurm.reload(onDev).getStatusReason()).isEqualTo("JobHeldUser");
        assertThat(dead.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(dead.message()).containsIgnoringCase("refused");
        assertThat(clusters.reachability("dead")).get().extracting(ClusterService.Reachability::reachable)
                .isEqualTo(false);
        assertThat(slurm.reload(onDead).getStatus()).as("never LOST for a cluster that did not answer")
                .isEqualTo(JobStatus.PENDING);
        assertThat(poller.unhealthyClusters()).extracting(JobPoller.ClusterHealth::cluster).containsExactly("dead");

        // within the back-off the dead cluster is not even tried; dev is polled as usual
        long deadCommandsBefore = gateway.commandCount("dead");
        PollReport second = poller.pollOnce();
        assertThat(second.cluster("dead").orElseThrow().outcome()).isEqualTo(Outcome.BACKING_OFF);
        assertThat(second.cluster("dev").orElseThrow().outcome()).isEqualTo(Outcome.POLLED);
        assertThat(gateway.commandCount("dead")).isEqualTo(deadCommandsBefore);
    }

    @Test
    void refreshAsksAboutOneJobNowAndLeavesEndedJobsAlone() throws Exception {
        Job job = slurm.launch("refresh-me", "exit 0");
        Job done = slurm.pollUntil(job, () -> poller.refresh(job.getId()), j -> !j.getStatus().isActive(),
                Duration.ofSeconds(60), PAUSE);
        assertThat(done.getStatus()).isEqualTo(JobStatus.COMPLETED);

        long before = gateway.commandCount("dev");
        assertThat(poller.refresh(job.getId()).getStatus()).isEqualTo(JobStatus.COMPLETED);
        assertThat(gateway.commandCount("dev")).as("an ended job costs no SSH").isEqualTo(before);
    }

    @Test
    void statusChangesArePublishedAfterCommit() throws Exception {
        List<JobStatusChanged> seen = new CopyOnWriteArrayList<>();
        Runnable unsubscribe = events.subscribe(seen::add);
        try {
            Job job = slurm.launch("published", "exit 0");
            slurm.pollUntil(job, poller::pollOnce, j -> !j.getStatus().isActive(), Duration.ofSeconds(60), PAUSE);
            List<JobStatus> mine = new ArrayList<>();
            seen.stream().filter(e -> e.jobId().equals(job.getId())).forEach(e -> mine.add(e.current()));
            assertThat(mine).endsWith(JobStatus.COMPLETED);
        } finally {
            unsubscribe.run();
        }
    }
}
