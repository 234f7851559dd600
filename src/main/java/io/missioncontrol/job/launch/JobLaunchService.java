package io.missioncontrol.job.launch;

import io.missioncontrol.base.DatabaseWrites;
import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.base.InvalidInputException.FieldError;
import io.missioncontrol.base.MissionControlProperties;
import io.missioncontrol.base.NotFoundException;
import io.missioncontrol.base.UnavailableException;
import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.ClusterException;
import io.missioncontrol.cluster.ClusterGateway;
import io.missioncontrol.cluster.ClusterService;
import io.missioncontrol.cluster.slurm.AccountingEntry;
import io.missioncontrol.cluster.slurm.QueueEntry;
import io.missioncontrol.cluster.slurm.SlurmRules;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.job.JobTransitions;
import io.missioncontrol.job.script.BatchScriptSpec;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.ProjectService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns a launch request into exactly one SLURM job running exactly the recorded commit.
 *
 * <p>Order matters for "no lost, no duplicate job": the job is committed as SUBMITTING before the
 * cluster is touched, and its id travels to SLURM in {@code --comment}; if the portal dies between
 * sbatch and storing its answer, {@link #reconcileSubmitting()} finds the job by that comment.
 *
 * <p>A launch is a sequence of steps, each tested on its own: {@link RevisionStep} (the commit, how it reaches
 * the cluster, its committed settings and Hydra model), {@link ResourcesStep}, {@link ChargeStep}, {@link OverridesStep},
 * {@link RenderStep} and {@link SubmitStep}. The cluster side goes through one port, {@link LaunchGateway}.
 */
@Service
public class JobLaunchService {

    private static final Logger log = LoggerFactory.getLogger(JobLaunchService.class);

    /** Longest wait for another instance's launch of the same request_key (a launch takes seconds). */
    private static final Duration OTHER_LAUNCH_WAIT = Duration.ofSeconds(60);

    private final ProjectService projects;
    private final LaunchGateway clusters;
    private final JobRepository jobs;
    private final JobTransitions transitions;
    /** Before sbatch a busy database gives up (503, nothing submitted); after it, the write is retried until stored. */
    private final DatabaseWrites writes;
    private final Clock clock;
    private final Timer submitDuration;
    private final RevisionStep revisions;
    private final ResourcesStep resources;
    private final ChargeStep charges;
    private final OverridesStep overrides = new OverridesStep();
    private final RenderStep renderer;
    private final SubmitStep submission;
    private final Map<String, ReentrantLock> keyLocks = new ConcurrentHashMap<>();
    /** Jobs whose launch is running in this portal right now: never settled as interrupted. */
    private final Set<String> launching = ConcurrentHashMap.newKeySet();
    /** The other portal instances on this database, whose running launches are not settled here either. */
    private final PortalInstances instances;

    public JobLaunchService(ProjectService projects, ClusterService clusterConfig, ClusterGateway gateway,
                            JobRepository jobs, JobTransitions transitions, TransactionTemplate tx,
                            MissionControlProperties properties, Clock clock, Optional<SubmissionHook> hook,
                            MeterRegistry meters, PortalInstances instances) {
        this.projects = projects;
        // every call into the cluster feature goes through this one adapter
        this.clusters = new ClusterLaunchGateway(clusterConfig, gateway);
        this.jobs = jobs;
        this.transitions = transitions;
        this.writes = new DatabaseWrites(tx);
        this.clock = clock;
        this.instances = instances;
        this.submitDuration = Timer.builder("missioncontrol.submit.duration")
                .description("A launch from the request until SLURM's answer is stored").register(meters);
        this.revisions = new RevisionStep(projects);
        this.resources = new ResourcesStep(clusters);
        this.charges = new ChargeStep(clusters);
        this.renderer = new RenderStep(properties.slurmTemplate());
        this.submission = new SubmitStep(clusters, writes, new JobRecords(jobs, transitions, clock),
                hook.orElse(SubmissionHook.NONE));
    }

    /**
     * Validates the request against the project, its Hydra model and the cluster, and renders the
     * script that would be submitted. Touches nothing; asks the cluster for partitions and GPUs.
     *
     * @throws InvalidInputException naming every offending field
     * @throws UnavailableException  when the cluster cannot be asked
     */
    public LaunchPlan plan(LaunchRequest request) {
        return plan(request, "00000000-0000-0000-0000-000000000000");
    }

    /** The request that launches job {@code jobId} again with its recorded values (see {@link LaunchRequest#again}). */
    public LaunchRequest againRequest(String jobId) {
        return LaunchRequest.again(jobs.findById(jobId)
                .orElseThrow(() -> new NotFoundException("No job with id '" + jobId + "'")));
    }

    /**
     * Launches the job: records it, uploads script (and bundle), runs sbatch. A request key seen
     * before returns that job instead. A refusal by SLURM is not an exception: the job comes back
     * SUBMIT_FAILED with SLURM's words in its reason.
     */
    public Job launch(LaunchRequest request) {
        return submitDuration.record(() -> launchWithKey(request));
    }

    private Job launchWithKey(LaunchRequest request) {
        String key = request.requestKey();
        if (key == null || key.isBlank()) {
            return launchOnce(request);
        }
        if (key.length() > 100) {
            throw new InvalidInputException("request_key", "must be at most 100 characters");
        }
        // Concurrent calls with one key wait for the first; across portal instances the unique index on request_key
        // decides. The job is inserted (SUBMITTING) before anything reaches the cluster, so the instance whose
        // insert the index refuses has submitted nothing and answers with the winner's job.
        ReentrantLock lock = keyLocks.computeIfAbsent(key, k -> new ReentrantLock());
        lock.lock();
        try {
            Optional<Job> existing = jobs.findByRequestKey(key);
            if (existing.isPresent()) {
                return awaitOtherInstancesLaunch(existing.get());
            }
            try {
                return launchOnce(request);
            } catch (DataIntegrityViolationException e) {
                Job winner = jobs.findByRequestKey(key).orElseThrow(() -> e);
                log.info("request_key {}: another portal instance stored job {} first; answering with it", key,
                        winner.getId());
                return awaitOtherInstancesLaunch(winner);
            }
        } finally {
            lock.unlock();
            if (!lock.hasQueuedThreads()) {
                keyLocks.remove(key, lock);
            }
        }
    }

    private Job launchOnce(LaunchRequest request) {
        String jobId = UUID.randomUUID().toString();
        LaunchPlan plan = plan(request, jobId);
        ClusterDefinition cluster = clusters.find(plan.cluster()).orElseThrow(() -> new NotFoundException(
                "No cluster named '" + plan.cluster() + "'; configured: " + clusters.clusterNames()));
        BatchScriptSpec spec = plan.spec();

        Job job = writes.inTransaction("the new job '" + spec.jobName() + "'", status -> {
            Job j = new Job(projects.get(plan.projectId()), spec.jobName(), plan.commitSha(), plan.cluster(),
                    clock.instant(), jobId);
            j.setDescription(request.description());
            j.setLaunchedDirty(plan.dirty());
            j.setPartition(spec.partition());
            j.setGpuType(spec.gpusPerNode() > 0 ? spec.gpuType() : null);
            j.setNumNodes(spec.nodes());
            j.setGpusPerNode(spec.gpusPerNode());
            j.setCpusPerTask(spec.cpusPerTask());
            j.setMemory(spec.memory());
            j.setTimeLimit(spec.timeLimit());
            j.setChargeAccount(spec.account());
            j.setQos(spec.qos());
            j.setNodeConstraint(spec.constraint());
            j.setHydraOverrides(request.hydraOverrides());
            j.setExtraOverrides(request.extraOverrides());
            j.setRenderedScript(plan.script());
            j.setJobDir(spec.jobDir());
            j.setRequestKey(blankToNull(request.requestKey()));
            j.setNotifyOn(request.notifyOn());
            j.setLaunchedBy(instances.self());
            return transitions.recordNew(j);
        });

        launching.add(job.getId());
        Job outcome = null;
        try {
            outcome = submit(job, plan, cluster);
            return outcome;
        } finally {
            launching.remove(job.getId());
            if (job.getLaunchedBy() != null && (outcome == null || outcome.getStatus() == JobStatus.SUBMITTING)) {
                releaseLaunch(job.getId());
            }
        }
    }

    /**
     * A launch that ended with its job still SUBMITTING gives it up: the job no longer names this instance, so
     * whichever instance polls next may settle it (after {@link #reconcileStale}'s wait), not only this one.
     */
    private void releaseLaunch(String jobId) {
        try {
            writes.inTransactionUntilStored("the end of the launch of job " + jobId, s -> {
                jobs.findById(jobId).ifPresent(j -> j.setLaunchedBy(null));
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("Job {} still names this instance as launching it: {}", jobId, e.getMessage());
        }
    }

    /**
     * A job with the request's key that another live instance is still submitting: waits (bounded) until that
     * launch has settled it, so both answers show the same SLURM job, as within one instance.
     */
    private Job awaitOtherInstancesLaunch(Job job) {
        Instant giveUp = Instant.now().plus(OTHER_LAUNCH_WAIT);
        Job current = job;
        while (current.getStatus() == JobStatus.SUBMITTING && current.getLaunchedBy() != null
                && !current.getLaunchedBy().equals(instances.self()) && Instant.now().isBefore(giveUp)
                && instances.liveOthers().contains(current.getLaunchedBy())) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return current;
            }
            current = jobs.findById(current.getId()).orElse(current);
        }
        return current;
    }

    private Job submit(Job job, LaunchPlan plan, ClusterDefinition cluster) {
        Path workTree = Path.of(projects.get(plan.projectId()).getLocalPath());
        return submission.submit(job.getId(), plan, cluster, workTree, this::reconcile);
    }

    /**
     * Settles every job left in SUBMITTING (the portal stopped during a launch): attached to the
     * SLURM job carrying its id in the comment, or SUBMIT_FAILED with the reason. Runs at start-up.
     */
    public void reconcileSubmitting() {
        reconcileSubmittedBefore(Instant.MAX);
    }

    /** At start-up, off the main thread: an unreachable cluster must not hold the portal's start. */
    @EventListener(ApplicationReadyEvent.class)
    void reconcileAfterStart() {
        Thread.ofVirtual().name("reconcile-submitting").start(this::reconcileSubmitting);
    }

    /**
     * Settles jobs that have been SUBMITTING for longer than any launch takes: their launch was cut
     * short while the portal kept running (e.g. the cluster stopped answering right after sbatch).
     * The poller calls this every cycle; with no such job it costs one query and no SSH.
     */
    public void reconcileStale(Duration olderThan) {
        reconcileSubmittedBefore(clock.instant().minus(olderThan));
    }

    private void reconcileSubmittedBefore(Instant cutoff) {
        Set<String> liveOthers = null; // asked only when there is a job to settle
        for (Job job : jobs.findByStatusIn(List.of(JobStatus.SUBMITTING))) {
            if (!job.getSubmittedAt().isBefore(cutoff) || launching.contains(job.getId())) {
                continue;
            }
            if (job.getLaunchedBy() != null) {
                // another instance that still checks in may be between its insert and sbatch right now
                liveOthers = liveOthers != null ? liveOthers : instances.liveOthers();
                if (liveOthers.contains(job.getLaunchedBy())) {
                    log.info("Job {} is being launched by portal instance {}, which is alive: left to it", job.getId(),
                            job.getLaunchedBy());
                    continue;
                }
            }
            try {
                reconcile(job.getId());
            } catch (RuntimeException e) {
                log.warn("Could not settle job {} left in SUBMITTING: {}", job.getId(), e.getMessage());
            }
        }
    }

    /** Looks a SUBMITTING job up in SLURM by its comment and settles it. */
    public Job reconcile(String jobId) {
        Job job = jobs.findById(jobId).orElseThrow(() -> new NotFoundException("No job with id '" + jobId + "'"));
        if (job.getStatus() != JobStatus.SUBMITTING) {
            return job;
        }
        Optional<ClusterDefinition> cluster = clusters.find(job.getCluster());
        if (cluster.isEmpty()) {
            return fail(jobId, "Cluster '" + job.getCluster() + "' is no longer configured; the job cannot be "
                    + "looked up");
        }
        String comment = BatchScriptSpec.comment(jobId);
        try {
            List<QueueEntry> queued = clusters.queueByComment(cluster.get(), comment);
            if (!queued.isEmpty()) {
                QueueEntry e = queued.getFirst();
                JobStatus status = Optional.ofNullable(JobStatus.fromSlurm(e.rawState())).orElse(JobStatus.PENDING);
                return attach(jobId, e.jobId(), status, "found in squeue by its comment after an interrupted launch");
            }
            LocalDateTime since = LocalDateTime.ofInstant(job.getSubmittedAt(), ZoneId.systemDefault()).minusDays(1);
            List<AccountingEntry> done = clusters.accountingByComment(cluster.get(), comment, since);
            if (!done.isEmpty()) {
                AccountingEntry e = done.getFirst();
                JobStatus status = Optional.ofNullable(JobStatus.fromSlurm(e.rawState())).orElse(JobStatus.LOST);
                return attach(jobId, e.jobId(), status, "found in sacct by its comment after an interrupted launch");
            }
            return fail(jobId, "The launch was interrupted before SLURM accepted the job: no SLURM job carries "
                    + "this job's id, so nothing runs");
        } catch (ClusterException e) {
            log.warn("Cannot settle job {} yet: {}", jobId, e.getMessage());
            return job; // stays SUBMITTING; settled at the next start or reconcile
        }
    }

    // ---- planning: the steps, in the order their problems are listed

    private LaunchPlan plan(LaunchRequest request, String jobId) {
        Project project;
        try {
            project = projects.get(requireText(request.projectId(), "project_id"));
        } catch (NotFoundException e) {
            throw new InvalidInputException("project_id", e.getMessage());
        }
        Revision revision = revisions.resolve(project);

        List<FieldError> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String name = ResourcesStep.accept(SlurmRules.jobName(request.name()), errors);
        if (request.description() != null && (request.description().length() > 2000
                || request.description().indexOf('\0') >= 0)) {
            errors.add(new FieldError("description", "must be at most 2000 characters of text"));
        }
        ClusterDefinition cluster = resources.cluster(request.cluster(), errors);
        if (cluster != null) {
            revision = RevisionStep.reachableFrom(revision, cluster, clusters);
        }
        ResourcesStep.Asked asked = resources.asked(request, revision.config().resources(), errors);
        List<String> overrideArgs = overrides.check(revision, request.hydraOverrides(), request.extraOverrides(),
                errors);
        revision.check(request.allowDirty(), errors, warnings);
        String partition = resources.onCluster(asked, cluster, errors, warnings);
        ChargeStep.Charge charge = charges.check(request, revision.config().resources(), cluster, partition, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }

        RenderStep.Rendered rendered = renderer.render(jobId, revision, cluster,
                asked.resources(name, partition, charge),
                request.description(), overrideArgs);
        return new LaunchPlan(project.getId(), project.getName(), cluster.name(), revision.commit(),
                revision.codeSource(), overrideArgs, rendered.script(), warnings, rendered.spec(),
                revision.snapshot().dirty());
    }

    private Job attach(String jobId, String slurmId, JobStatus status, String reason) {
        return submission.attach(jobId, slurmId, status, reason);
    }

    private Job fail(String jobId, String reason) {
        return submission.fail(jobId, reason);
    }

    // ---- small helpers

    private static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "is required");
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
