package io.missioncontrol.job.monitor;

import io.missioncontrol.base.Backoff;
import io.missioncontrol.base.MissionControlProperties;
import io.missioncontrol.base.NotFoundException;
import io.missioncontrol.base.UnavailableException;
import io.missioncontrol.cluster.slurm.AccountingEntry;
import io.missioncontrol.cluster.slurm.QueueEntry;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobService;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.job.JobStatusChanged;
import io.missioncontrol.job.JobTransitions;
import io.missioncontrol.job.monitor.PollReport.ClusterPoll;
import io.missioncontrol.job.monitor.PollReport.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings the jobs in active states up to date with SLURM. One cycle ({@link #pollOnce()}) loads the active jobs
 * (SUBMITTING ones are the launch service's), groups them by cluster and asks each cluster once: one
 * {@code squeue} for all of its jobs, then one {@code sacct} only for the jobs squeue no longer lists or lists
 * as ended (squeue prints no exit code). Clusters are asked in parallel, each on its own virtual thread, so a
 * dead or slow cluster delays no other; a failing cluster is retried after a doubling back-off and recovers by
 * itself. With no active job nothing is asked at all.
 *
 * <p>Every change goes through {@link JobTransitions} (history + event). A job that neither squeue nor sacct
 * lists while its cluster answers, for {@link Settings#lostAfter()} of such answers, becomes LOST with a reason;
 * time in which the cluster did not answer, or the portal itself did not ask (it was down), is not counted. A job
 * squeue shows as FAILED but sacct has not recorded yet waits up to {@link Settings#accountingGrace()} for its exit
 * code (squeue prints none).
 *
 * <p>When a cluster has not answered for more than {@link Settings#staleAfter()}, its active jobs get
 * {@code status_stale_since} (when it stopped answering), so that pages say their state is as of the last answer;
 * the next answer clears it. Both are published like status changes, so open pages update.
 */
@Component
public class JobPoller implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(JobPoller.class);

    /** The states the poller asks SLURM about: every active state except SUBMITTING. */
    public static final Set<JobStatus> POLLED_STATUSES;

    static {
        EnumSet<JobStatus> polled = EnumSet.noneOf(JobStatus.class);
        polled.addAll(JobService.ACTIVE_STATUSES);
        polled.remove(JobStatus.SUBMITTING);
        POLLED_STATUSES = Collections.unmodifiableSet(polled);
    }

    /**
     * Tunables.
     *
     * @param cycleWait       how long a cycle waits for its clusters; slower ones finish in the background
     * @param lostAfter       a job unknown to squeue and sacct for this long (since last seen) becomes LOST
     * @param accountingGrace how long a job squeue shows as ended waits for its sacct record (exit code)
     * @param backoff         how long a cluster that failed is left alone before it is asked again
     * @param refreshWait     how long a single-job refresh waits for a running poll of the same cluster
     * @param staleAfter      a cluster silent for longer than this has its jobs' states marked stale
     */
    public record Settings(Duration cycleWait, Duration lostAfter, Duration accountingGrace, Backoff backoff,
                           Duration refreshWait, Duration staleAfter) {

        /**
         * Derived from the poll interval: back-off from half of it, doubling up to 5 min; stale after two
         * intervals without an answer.
         */
        public static Settings defaults(Duration pollInterval) {
            Duration half = pollInterval.dividedBy(2);
            Duration base = half.isZero() ? Duration.ofSeconds(1) : half;
            Duration max = Duration.ofMinutes(5);
            return new Settings(Duration.ofSeconds(45), Duration.ofMinutes(10), Duration.ofSeconds(90),
                    new Backoff(base, base.compareTo(max) > 0 ? base : max), Duration.ofSeconds(60),
                    pollInterval.multipliedBy(2));
        }
    }

    /** What the poller knows about one job while asking; read outside any transaction. */
    record JobRef(String id, String slurmJobId, String cluster, JobStatus status, String statusReason,
                  Instant startedAt, Instant lastSeenAt, Instant submittedAt, Instant statusStaleSince,
                  long unknownForMillis) {
        static JobRef of(Job j) {
            return new JobRef(j.getId(), j.getSlurmJobId(), j.getCluster(), j.getStatus(), j.getStatusReason(),
                    j.getStartedAt(), j.getLastSeenAt(), j.getSubmittedAt(), j.getStatusStaleSince(),
                    j.getUnknownForMillis());
        }

        /** Nothing to reset about it when SLURM lists it again: not stale, no LOST clock running. */
        boolean plain() {
            return statusStaleSince == null && unknownForMillis == 0;
        }
    }

    /** Jobs per "last seen" UPDATE statement (keeps the id list well below any database's parameter limit). */
    static final int SEEN_CHUNK = 500;

    /** The decision for one job. */
    sealed interface Decision {
        JobRef job();
    }

    /** SLURM knows the job: apply its state. */
    record Seen(JobRef job, SlurmObservation observation) implements Decision {
    }

    /**
     * squeue says it failed but sacct has no ended record of it yet (none, or slurmdbd still says RUNNING): keep
     * waiting (briefly) for the exit code.
     */
    record AwaitingAccounting(JobRef job, SlurmObservation observation) implements Decision {
    }

    /** Nobody knows it, for too long. */
    record Lost(JobRef job, String reason) implements Decision {
    }

    /**
     * Nobody knows it, but not for long (just submitted, or sacct did not answer): leave it, adding
     * {@code countedMillis} to its LOST clock.
     */
    record Unknown(JobRef job, long countedMillis) implements Decision {
    }

    /** Back-off, answer times and concurrency state of one cluster. */
    private static final class ClusterState {
        final ReentrantLock lock = new ReentrantLock();
        volatile int failures;
        volatile Instant retryAt;
        volatile String lastError;
        /** When it last answered in this run of the portal (start of that poll). */
        volatile Instant lastAnswerAt;
        /** When the current run of failures began (start of the first failed poll); null while it answers. */
        volatile Instant unreachableSince;
    }

    /** A cluster's back-off as the UI may show it. */
    public record ClusterHealth(String cluster, int consecutiveFailures, Instant retryAt, String lastError) {
    }

    private final JobRepository jobs;
    private final JobTransitions transitions;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final SlurmGateway gateway;
    private final Clock clock;
    private final Settings settings;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("job-poller-", 0).factory());
    private final ReentrantLock cycleLock = new ReentrantLock();
    private final Map<String, ClusterState> states = new ConcurrentHashMap<>();
    /** Job id → when squeue was first seen saying it ended without sacct knowing it yet. */
    private final Map<String, Instant> awaitingAccounting = new ConcurrentHashMap<>();

    @Autowired
    public JobPoller(JobRepository jobs, JobTransitions transitions, ApplicationEventPublisher events,
                     PlatformTransactionManager transactionManager, SlurmGateway gateway, Clock clock,
                     MissionControlProperties properties) {
        this(jobs, transitions, events, transactionManager, gateway, clock,
                Settings.defaults(properties.pollInterval()));
    }

    public JobPoller(JobRepository jobs, JobTransitions transitions, ApplicationEventPublisher events,
                     PlatformTransactionManager transactionManager, SlurmGateway gateway, Clock clock,
                     Settings settings) {
        this.jobs = jobs;
        this.transitions = transitions;
        this.events = events;
        this.tx = new TransactionTemplate(transactionManager);
        this.gateway = gateway;
        this.clock = clock;
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * One poll cycle, synchronously (the Quartz job calls it; tests call it directly). Cycles never overlap: a
     * second caller waits for the running cycle to end.
     */
    public PollReport pollOnce() {
        cycleLock.lock();
        try {
            Instant start = clock.instant();
            List<JobRef> active = jobs.findByStatusIn(POLLED_STATUSES).stream()
                    .filter(j -> j.getSlurmJobId() != null && !j.getSlurmJobId().isBlank())
                    .map(JobRef::of).toList();
            if (active.isEmpty()) {
                return new PollReport(start, 0, List.of());
            }
            Map<String, List<JobRef>> byCluster = active.stream()
                    .collect(Collectors.groupingBy(JobRef::cluster, LinkedHashMap::new, Collectors.toList()));
            Map<String, CompletableFuture<ClusterPoll>> running = new LinkedHashMap<>();
            byCluster.forEach((cluster, refs) -> running.put(cluster,
                    CompletableFuture.supplyAsync(() -> pollCluster(cluster, refs, false), executor)));
            long deadline = System.nanoTime() + settings.cycleWait().toNanos();
            List<ClusterPoll> report = new ArrayList<>();
            running.forEach((cluster, future) -> report.add(await(cluster, byCluster.get(cluster).size(), future,
                    deadline)));
            for (ClusterPoll poll : report) {
                if (poll.outcome() == Outcome.FAILED) {
                    log.warn("Polling cluster '{}' failed: {}", poll.cluster(), poll.message());
                }
            }
            return new PollReport(start, active.size(), report);
        } finally {
            cycleLock.unlock();
        }
    }

    private static ClusterPoll await(String cluster, int jobs, CompletableFuture<ClusterPoll> future, long deadline) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return new ClusterPoll(cluster, Outcome.STILL_RUNNING, jobs, 0, 0, 0, 0,
                    "no answer yet; the poll continues in the background", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ClusterPoll(cluster, Outcome.STILL_RUNNING, jobs, 0, 0, 0, 0, "interrupted", null);
        } catch (ExecutionException e) {
            return new ClusterPoll(cluster, Outcome.FAILED, jobs, 0, 0, 0, 0, String.valueOf(e.getCause()), null);
        }
    }

    /**
     * Asks SLURM about one job now and applies the answer, whatever the cluster's back-off says.
     *
     * @return the job as stored afterwards
     * @throws NotFoundException    no such job
     * @throws UnavailableException the cluster or SLURM did not answer
     */
    public Job refresh(String jobId) {
        Job job = jobs.findById(jobId).orElseThrow(() -> new NotFoundException("No job with id '" + jobId + "'"));
        if (!POLLED_STATUSES.contains(job.getStatus()) || job.getSlurmJobId() == null) {
            return job; // ended (nothing will change) or still being submitted (the launch service's business)
        }
        ClusterPoll poll = pollCluster(job.getCluster(), List.of(JobRef.of(job)), true);
        if (poll.outcome() == Outcome.FAILED || poll.outcome() == Outcome.BUSY
                || poll.outcome() == Outcome.UNKNOWN_CLUSTER) {
            throw new UnavailableException("Cannot refresh job '" + job.getName() + "': " + poll.message(), null);
        }
        return jobs.findById(jobId).orElseThrow(() -> new NotFoundException("Job '" + jobId + "' was deleted"));
    }

    /** Clusters that failed their last poll, with when they are tried again. */
    public List<ClusterHealth> unhealthyClusters() {
        List<ClusterHealth> out = new ArrayList<>();
        states.forEach((name, s) -> {
            if (s.failures > 0) {
                out.add(new ClusterHealth(name, s.failures, s.retryAt, s.lastError));
            }
        });
        return out;
    }

    // ---- one cluster ----------------------------------------------------------------------------------------

    ClusterPoll pollCluster(String cluster, List<JobRef> refs, boolean explicit) {
        ClusterState state = states.computeIfAbsent(cluster, c -> new ClusterState());
        long t0 = System.nanoTime();
        boolean locked;
        try {
            locked = explicit ? state.lock.tryLock(settings.refreshWait().toMillis(), TimeUnit.MILLISECONDS)
                    : state.lock.tryLock();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            locked = false;
        }
        if (!locked) {
            return new ClusterPoll(cluster, Outcome.BUSY, refs.size(), 0, 0, 0, 0,
                    "the previous poll of cluster '" + cluster + "' is still running", took(t0));
        }
        try {
            Instant now = clock.instant();
            if (!explicit && state.retryAt != null && now.isBefore(state.retryAt)) {
                markStaleIfSilentTooLong(state, refs, now);
                return new ClusterPoll(cluster, Outcome.BACKING_OFF, refs.size(), 0, 0, 0, 0,
                        "cluster '" + cluster + "' failed " + state.failures + " time(s) in a row ("
                                + state.lastError + "); next try at " + state.retryAt, took(t0));
            }
            long before = gateway.commandCount(cluster);
            int[] calls = new int[2];
            try {
                List<Decision> decisions = observe(cluster, refs, now, calls, answeredWithoutBreak(state, now));
                int changed = apply(decisions, now);
                state.failures = 0;
                state.retryAt = null;
                state.lastError = null;
                state.lastAnswerAt = now;
                state.unreachableSince = null;
                return new ClusterPoll(cluster, Outcome.POLLED, refs.size(), calls[0], calls[1],
                        gateway.commandCount(cluster) - before, changed, null, took(t0));
            } catch (NotFoundException e) {
                return new ClusterPoll(cluster, Outcome.UNKNOWN_CLUSTER, refs.size(), calls[0], calls[1],
                        gateway.commandCount(cluster) - before, 0, e.getMessage(), took(t0));
            } catch (RuntimeException e) {
                int failures = state.failures + 1;
                state.failures = failures;
                state.lastError = e.getMessage();
                state.retryAt = clock.instant().plus(backoff(failures));
                if (state.unreachableSince == null) {
                    // a stale mark stored before the portal restarted still says when the outage began
                    state.unreachableSince = refs.stream().map(JobRef::statusStaleSince).filter(Objects::nonNull)
                            .min(Comparator.naturalOrder()).filter(t -> t.isBefore(now)).orElse(now);
                }
                markStaleIfSilentTooLong(state, refs, now);
                return new ClusterPoll(cluster, Outcome.FAILED, refs.size(), calls[0], calls[1],
                        gateway.commandCount(cluster) - before, 0, e.getMessage(), took(t0));
            }
        } finally {
            state.lock.unlock();
        }
    }

    Duration backoff(int failures) {
        return settings.backoff().delay(failures);
    }

    /**
     * How much of the time since the cluster's previous answer counts on the LOST clock of jobs it does not list:
     * all of it when the cluster answered then and every time since, within {@link Settings#staleAfter()};
     * nothing after a failure, a long silence, or when this is the first answer since the portal started (it may
     * have been down for any time).
     */
    private Duration answeredWithoutBreak(ClusterState state, Instant now) {
        Instant previous = state.lastAnswerAt;
        if (previous == null || state.failures > 0 || now.isBefore(previous)) {
            return Duration.ZERO;
        }
        Duration gap = Duration.between(previous, now);
        return gap.compareTo(settings.staleAfter()) > 0 ? Duration.ZERO : gap;
    }

    /**
     * Marks the cluster's jobs stale (with when the cluster stopped answering) once it has been silent for more
     * than {@link Settings#staleAfter()}; jobs marked before keep their time. Open pages hear of it by an event.
     */
    private void markStaleIfSilentTooLong(ClusterState state, List<JobRef> refs, Instant now) {
        Instant since = state.unreachableSince;
        Instant silentSince = state.lastAnswerAt != null ? state.lastAnswerAt : since;
        if (since == null || !now.isAfter(silentSince.plus(settings.staleAfter()))) {
            return;
        }
        List<String> unmarked = refs.stream().filter(r -> r.statusStaleSince() == null).map(JobRef::id).toList();
        if (unmarked.isEmpty()) {
            return;
        }
        try {
            tx.executeWithoutResult(status -> {
                for (Job job : jobs.findAllById(unmarked)) {
                    if (POLLED_STATUSES.contains(job.getStatus()) && job.getStatusStaleSince() == null) {
                        job.setStatusStaleSince(since);
                        publishUnchanged(job, now);
                    }
                }
            });
        } catch (RuntimeException e) {
            log.warn("Could not mark the jobs of an unreachable cluster as stale: {}", e.toString());
        }
    }

    /** Tells open pages that something about the job other than its state changed (staleness). */
    private void publishUnchanged(Job job, Instant now) {
        events.publishEvent(new JobStatusChanged(job.getId(), job.getProjectId(), job.getName(), job.getStatus(),
                job.getStatus(), job.getStatusReason(), now));
    }

    private static Duration took(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** Runs the one squeue (and at most one sacct) for the cluster's jobs and decides what each job becomes. */
    private List<Decision> observe(String cluster, List<JobRef> refs, Instant now, int[] calls,
                                   Duration answeredFor) {
        List<String> ids = refs.stream().map(JobRef::slurmJobId).distinct().toList();
        calls[0]++;
        Map<String, SlurmObservation> queue = index(gateway.queue(cluster, ids), SlurmStatusMapper::fromQueue);

        List<String> needAccounting = ids.stream()
                .filter(id -> !queue.containsKey(id) || queue.get(id).isTerminal()).toList();
        Map<String, SlurmObservation> accounting = Map.of();
        String accountingError = null;
        if (!needAccounting.isEmpty()) {
            calls[1]++;
            try {
                accounting = index(gateway.accounting(cluster, needAccounting), SlurmStatusMapper::fromAccounting);
            } catch (UnavailableException e) {
                accountingError = e.getMessage(); // squeue's answers still count; nobody is declared lost
                log.warn("sacct on cluster '{}' failed; using squeue alone this cycle: {}", cluster, e.getMessage());
            }
        }

        List<Decision> decisions = new ArrayList<>(refs.size());
        for (JobRef ref : refs) {
            SlurmObservation q = queue.get(ref.slurmJobId());
            SlurmObservation a = accounting.get(ref.slurmJobId());
            if (q == null && a == null) {
                Instant since = ref.lastSeenAt() != null ? ref.lastSeenAt() : ref.submittedAt();
                long counted = accountingError == null ? counted(ref, answeredFor, now) : 0;
                long unknownFor = ref.unknownForMillis() + counted;
                if (accountingError == null && unknownFor > settings.lostAfter().toMillis()) {
                    decisions.add(new Lost(ref, "SLURM no longer knows job " + ref.slurmJobId() + " on cluster '"
                            + cluster + "': neither squeue nor sacct has listed it since " + since + ", in "
                            + Duration.ofMillis(unknownFor).toMinutes() + " min of the cluster's answers ("
                            + settings.lostAfter().toMinutes() + " min grace)"));
                } else {
                    decisions.add(new Unknown(ref, counted));
                }
                continue;
            }
            SlurmObservation obs = SlurmStatusMapper.combine(q, a);
            boolean accountingBehind = a == null || !a.isTerminal();
            if (obs.status() == JobStatus.FAILED && accountingBehind && accountingError == null) {
                Instant first = awaitingAccounting.computeIfAbsent(ref.id(), id -> now);
                if (now.isBefore(first.plus(settings.accountingGrace()))) {
                    decisions.add(new AwaitingAccounting(ref, obs));
                    continue;
                }
            }
            decisions.add(new Seen(ref, obs));
        }
        return decisions;
    }

    /** The part of {@code answeredFor} (ending now) after the job was submitted and last seen, in ms. */
    private static long counted(JobRef ref, Duration answeredFor, Instant now) {
        Instant from = now.minus(answeredFor);
        for (Instant t : new Instant[] {ref.submittedAt(), ref.lastSeenAt()}) {
            if (t != null && t.isAfter(from)) {
                from = t;
            }
        }
        return from.isBefore(now) ? Duration.between(from, now).toMillis() : 0;
    }

    private static <E> Map<String, SlurmObservation> index(List<E> entries, Function<E, SlurmObservation> mapper) {
        Map<String, SlurmObservation> out = new HashMap<>();
        for (E e : entries) {
            SlurmObservation o = mapper.apply(e);
            out.put(o.slurmJobId(), o);
        }
        return out;
    }

    /**
     * Applies the decisions in one transaction; events go out after it commits. Returns the changed count.
     *
     * <p>Most jobs, most cycles, are just seen again in the state they had: they only get {@code last_seen_at},
     * by one UPDATE per {@value #SEEN_CHUNK} jobs, without being loaded. Loading and saving each of them made
     * the database ~85% of a cycle with 1000 active jobs (1000 entity UPDATEs every 30 s).
     */
    private int apply(List<Decision> decisions, Instant now) {
        List<String> seenOnly = new ArrayList<>();
        List<Decision> changing = new ArrayList<>();
        for (Decision d : decisions) {
            switch (d) {
                case Seen seen when seen.job().plain() && onlySeen(seen.job(), seen.observation()) ->
                        seenOnly.add(d.job().id());
                case AwaitingAccounting waiting when waiting.job().plain() -> seenOnly.add(d.job().id());
                case Unknown unknown when unknown.countedMillis() == 0 && unknown.job().statusStaleSince() == null -> {
                }
                default -> changing.add(d);
            }
        }
        if (seenOnly.isEmpty() && changing.isEmpty()) {
            return 0;
        }
        Integer changed = tx.execute(status -> {
            for (int i = 0; i < seenOnly.size(); i += SEEN_CHUNK) {
                jobs.markSeen(seenOnly.subList(i, Math.min(seenOnly.size(), i + SEEN_CHUNK)), now, POLLED_STATUSES);
            }
            if (changing.isEmpty()) {
                return 0;
            }
            Map<String, Job> fresh = new HashMap<>();
            jobs.findAllById(changing.stream().map(d -> d.job().id()).toList())
                    .forEach(j -> fresh.put(j.getId(), j));
            int n = 0;
            for (Decision d : changing) {
                Job job = fresh.get(d.job().id());
                if (job == null || !POLLED_STATUSES.contains(job.getStatus())
                        || !Objects.equals(job.getSlurmJobId(), d.job().slurmJobId())) {
                    awaitingAccounting.remove(d.job().id());
                    continue; // deleted, ended or changed by someone else meanwhile
                }
                // the cluster answered: whatever it says, the job's state is fresh again
                boolean wasStale = job.getStatusStaleSince() != null;
                job.setStatusStaleSince(null);
                boolean stateChanged = switch (d) {
                    case Seen seen -> {
                        job.setUnknownForMillis(0);
                        yield applySeen(job, seen.observation(), now);
                    }
                    case AwaitingAccounting waiting -> {
                        job.setUnknownForMillis(0);
                        job.setLastSeenAt(now);
                        yield false;
                    }
                    case Lost lost -> {
                        awaitingAccounting.remove(job.getId());
                        yield transitions.change(job, JobStatus.LOST, lost.reason());
                    }
                    case Unknown unknown -> {
                        job.setUnknownForMillis(job.getUnknownForMillis() + unknown.countedMillis());
                        yield false;
                    }
                };
                if (stateChanged) {
                    n++;
                } else if (wasStale) {
                    publishUnchanged(job, now);
                }
            }
            return n;
        });
        return changed == null ? 0 : changed;
    }

    /** Whether {@link #applySeen} would change nothing about the job but its {@code last_seen_at}. */
    static boolean onlySeen(JobRef job, SlurmObservation obs) {
        if (obs.status() == null) {
            return Objects.equals(unknownStateReason(obs), job.statusReason());
        }
        boolean startsNow = job.startedAt() == null && obs.elapsed() != null && !obs.elapsed().isZero();
        return obs.status() == job.status() && !obs.isTerminal() && !startsNow
                && Objects.equals(obs.reason(), job.statusReason());
    }

    private static String unknownStateReason(SlurmObservation obs) {
        return "SLURM reports state '" + obs.rawState() + "', which the portal does not know; it keeps asking";
    }

    private boolean applySeen(Job job, SlurmObservation obs, Instant now) {
        job.setLastSeenAt(now);
        if (obs.status() == null) {
            return transitions.change(job, job.getStatus(), unknownStateReason(obs));
        }
        if (job.getStartedAt() == null && obs.elapsed() != null && !obs.elapsed().isZero()) {
            job.setStartedAt(now.minus(obs.elapsed()));
        }
        if (obs.isTerminal()) {
            awaitingAccounting.remove(job.getId());
            if (obs.exitCode() != null) {
                job.setExitCode(obs.exitCode());
            }
        }
        return transitions.change(job, obs.status(), obs.reason());
    }

    /** Forgets back-off state (tests). */
    void resetClusterStates() {
        states.clear();
        awaitingAccounting.clear();
    }

    /** Whether the poller asks SLURM about this job (active, submitted, not SUBMITTING). */
    public static boolean isPolled(Job job) {
        return POLLED_STATUSES.contains(job.getStatus()) && job.getSlurmJobId() != null;
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
