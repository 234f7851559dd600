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
import io.missioncontrol.cluster.ClusterIdentity;
import io.missioncontrol.cluster.ClusterService;
import io.missioncontrol.cluster.gpu.GpuAvailability;
import io.missioncontrol.cluster.gpu.GpuCount;
import io.missioncontrol.cluster.slurm.AccountingEntry;
import io.missioncontrol.cluster.slurm.Partition;
import io.missioncontrol.cluster.slurm.QueueEntry;
import io.missioncontrol.cluster.slurm.SlurmMemory;
import io.missioncontrol.cluster.slurm.SlurmResources;
import io.missioncontrol.cluster.slurm.SlurmRules;
import io.missioncontrol.cluster.slurm.SlurmTimeLimit;
import io.missioncontrol.cluster.slurm.SlurmSubmitRejectedException;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.job.JobTransitions;
import io.missioncontrol.job.script.BatchScriptRenderer;
import io.missioncontrol.job.script.BatchScriptSpec;
import io.missioncontrol.project.MlopsConfig;
import io.missioncontrol.project.MlopsConfigException;
import io.missioncontrol.project.MlopsConfigReader;
import io.missioncontrol.project.MlopsConfigResult;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.ProjectService;
import io.missioncontrol.project.git.GitBundleWriter;
import io.missioncontrol.project.git.GitInspector;
import io.missioncontrol.project.git.GitRemoteUrl;
import io.missioncontrol.project.git.GitSnapshot;
import io.missioncontrol.project.hydra.HydraConfig;
import io.missioncontrol.project.hydra.HydraLoadResult;
import io.missioncontrol.project.hydra.HydraOverride;
import io.missioncontrol.project.hydra.HydraOverrides;
import io.missioncontrol.project.hydra.OverrideProblem;
import io.missioncontrol.project.hydra.OverrideSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import java.util.UUID;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
 */
@Service
public class JobLaunchService {

    private static final Logger log = LoggerFactory.getLogger(JobLaunchService.class);

    private static final String CLASSPATH_TEMPLATE = "/slurm_template.vm";
    /** Longest wait for another instance's launch of the same request_key (a launch takes seconds). */
    private static final Duration OTHER_LAUNCH_WAIT = Duration.ofSeconds(60);

    private final ProjectService projects;
    private final ClusterService clusters;
    private final ClusterGateway gateway;
    private final JobRepository jobs;
    private final JobTransitions transitions;
    /** Before sbatch a busy database gives up (503, nothing submitted); after it, the write is retried until stored. */
    private final DatabaseWrites writes;
    private final MissionControlProperties properties;
    private final Clock clock;
    private final SubmissionHook hook;
    private final Timer submitDuration;
    private final BatchScriptRenderer renderer = new BatchScriptRenderer();
    private final GitInspector git = new GitInspector();
    private final MlopsConfigReader mlopsReader = new MlopsConfigReader();
    private final Map<String, ReentrantLock> keyLocks = new ConcurrentHashMap<>();
    /** Jobs whose launch is running in this portal right now: never settled as interrupted. */
    private final Set<String> launching = ConcurrentHashMap.newKeySet();
    /** The other portal instances on this database, whose running launches are not settled here either. */
    private final PortalInstances instances;

    public JobLaunchService(ProjectService projects, ClusterService clusters, ClusterGateway gateway,
                            JobRepository jobs, JobTransitions transitions, TransactionTemplate tx,
                            MissionControlProperties properties, Clock clock, Optional<SubmissionHook> hook,
                            MeterRegistry meters, PortalInstances instances) {
        this.projects = projects;
        this.clusters = clusters;
        this.gateway = gateway;
        this.jobs = jobs;
        this.transitions = transitions;
        this.writes = new DatabaseWrites(tx);
        this.properties = properties;
        this.clock = clock;
        this.hook = hook.orElse(SubmissionHook.NONE);
        this.instances = instances;
        this.submitDuration = Timer.builder("missioncontrol.submit.duration")
                .description("A launch from the request until SLURM's answer is stored").register(meters);
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
        ClusterDefinition cluster = clusters.require(plan.cluster());
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
            j.setHydraOverrides(request.hydraOverrides());
            j.setExtraOverrides(request.extraOverrides());
            j.setRenderedScript(plan.script());
            j.setJobDir(spec.jobDir());
            j.setRequestKey(blankToNull(request.requestKey()));
            j.setLaunchedBy(instances.self());
            return transitions.recordNew(j);
        });

        launching.add(job.getId());
        Job outcome = null;
        try {
            outcome = submit(job, plan, cluster, spec);
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

    private Job submit(Job job, LaunchPlan plan, ClusterDefinition cluster, BatchScriptSpec spec) {
        try {
            if (plan.codeSource() == LaunchPlan.CodeSource.BUNDLE) {
                uploadBundle(cluster, projects.get(plan.projectId()), plan.commitSha(), spec.bundlePath());
            }
            gateway.upload(ClusterIdentity.of(cluster), plan.script().getBytes(StandardCharsets.UTF_8),
                    spec.scriptPath());
        } catch (IOException | RuntimeException e) {
            // nothing reached sbatch (cluster unreachable, bundle not writable…): the record says why
            return fail(job.getId(), "Upload to " + cluster.name() + " failed, nothing was submitted: "
                    + e.getMessage());
        }

        String slurmId;
        try {
            slurmId = gateway.submit(ClusterIdentity.of(cluster), spec.scriptPath(), spec.jobDir());
        } catch (SlurmSubmitRejectedException e) {
            return fail(job.getId(), "SLURM refused the job: " + e.getMessage());
        } catch (ClusterException e) {
            // sbatch may or may not have queued it: only SLURM knows, by our comment.
            log.warn("sbatch for job {} did not answer cleanly: {}", job.getId(), e.getMessage());
            return reconcile(job.getId());
        }
        hook.afterSbatch(job.getId(), slurmId);
        return attach(job.getId(), slurmId, JobStatus.PENDING, null);
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
            List<QueueEntry> queued = gateway.queueByComment(ClusterIdentity.of(cluster.get()), comment);
            if (!queued.isEmpty()) {
                QueueEntry e = queued.getFirst();
                JobStatus status = Optional.ofNullable(JobStatus.fromSlurm(e.rawState())).orElse(JobStatus.PENDING);
                return attach(jobId, e.jobId(), status, "found in squeue by its comment after an interrupted launch");
            }
            LocalDateTime since = LocalDateTime.ofInstant(job.getSubmittedAt(), ZoneId.systemDefault()).minusDays(1);
            List<AccountingEntry> done = gateway.accountingByComment(ClusterIdentity.of(cluster.get()), comment,
                    since);
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

    // ---- planning

    private LaunchPlan plan(LaunchRequest request, String jobId) {
        List<FieldError> errors = new ArrayList<>();
        Project project;
        try {
            project = projects.get(requireText(request.projectId(), "project_id"));
        } catch (NotFoundException e) {
            throw new InvalidInputException("project_id", e.getMessage());
        }
        // The code: HEAD of the work tree, as it is now; its settings are read as committed, since the job
        // runs the commit and not the work tree.
        GitSnapshot snapshot = projects.gitSnapshot(project.getId());
        MlopsConfig config = committedSettings(project, snapshot.headCommit());
        MlopsConfig.Resources defaults = config.resources();

        // Name and resources: SLURM's rule book decides, as for the form and .mlops-config.yaml.
        String name = accept(SlurmRules.jobName(request.name()), errors);
        if (request.description() != null && (request.description().length() > 2000
                || request.description().indexOf('\0') >= 0)) {
            errors.add(new FieldError("description", "must be at most 2000 characters of text"));
        }
        ClusterDefinition cluster = null;
        if (request.cluster() == null || request.cluster().isBlank()) {
            errors.add(new FieldError("cluster", "is required"));
        } else {
            cluster = clusters.find(request.cluster()).orElse(null);
            if (cluster == null) {
                errors.add(new FieldError("cluster", "no cluster named '" + request.cluster() + "'; configured: "
                        + clusters.clusters().stream().map(ClusterDefinition::name).toList()));
            }
        }
        int nodes = firstNonNull(request.numNodes(), defaults.nodes(), 1);
        int gpus = firstNonNull(request.gpusPerNode(), defaults.gpusPerNode(), 0);
        accept(SlurmRules.nodes(nodes), errors);
        accept(SlurmRules.gpusPerNode(gpus), errors);
        String timeLimit = blankToNull(request.timeLimit() != null ? request.timeLimit() : defaults.timeLimit());
        if (timeLimit != null) {
            accept(SlurmRules.timeLimit(timeLimit), errors);
        }
        Integer cpus = request.cpusPerTask() != null ? request.cpusPerTask() : defaults.cpusPerTask();
        if (cpus != null) {
            accept(SlurmRules.cpusPerTask(cpus), errors);
        }
        String memory = blankToNull(request.memory() != null ? request.memory() : defaults.memory());
        if (memory != null) {
            accept(SlurmRules.memory(memory), errors); // 32g is 32G
        }

        // Hydra overrides, checked against the project's Hydra model when it has one.
        List<String> overrideArgs = overrides(project, config, snapshot, request, errors);

        List<String> warnings = new ArrayList<>();
        if (snapshot.dirty()) {
            String files = String.join(", ", snapshot.dirtyFiles().stream().limit(5)
                    .map(f -> f.path()).toList()) + (snapshot.dirtyFileCount() > 5 ? ", …" : "");
            if (!request.allowDirty()) {
                errors.add(new FieldError("allow_dirty", snapshot.dirtyFileCount() + " file(s) have uncommitted "
                        + "changes (" + files + "). Commit them, or launch anyway to run the last commit without them"));
            } else {
                warnings.add("Uncommitted changes (" + files + ") are NOT part of this run: it runs commit "
                        + snapshot.headCommit().substring(0, 8) + ".");
            }
        }
        // The script fetches from origin, so only origin's branches count (not a fork's); and only a plain
        // origin URL is handed to the cluster's git (some URL shapes make git run commands).
        Optional<String> remoteProblem = snapshot.remoteUrl() == null ? Optional.empty()
                : GitRemoteUrl.problem(snapshot.remoteUrl());
        boolean onRemote = snapshot.remoteUrl() != null && remoteProblem.isEmpty()
                && git.isCommitOnRemote(Path.of(project.getLocalPath()), snapshot.headCommit(), "origin");
        if (remoteProblem.isPresent()) {
            warnings.add("The origin URL is not usable by clusters (" + remoteProblem.get() + "): commit "
                    + snapshot.headCommit().substring(0, 8) + " is shipped to the cluster as a git bundle instead.");
        } else if (!onRemote) {
            warnings.add("Commit " + snapshot.headCommit().substring(0, 8) + " is not on origin yet: it is "
                    + "shipped to the cluster as a git bundle.");
        }

        // The cluster: partition exists, GPU type is offered there.
        String partition = blankToNull(request.partition() != null ? request.partition() : defaults.partition());
        String gpuType = blankToNull(request.gpuType() != null ? request.gpuType() : defaults.gpuType());
        // a name SLURM would not take is not looked for on the cluster either
        boolean partitionNamed = partition == null || accept(SlurmRules.partition(partition), errors) != null;
        boolean gpuTypeNamed = gpus <= 0 || gpuType == null || accept(SlurmRules.gpuType(gpuType), errors) != null;
        if (partitionNamed && gpuTypeNamed && cluster != null
                && errors.stream().noneMatch(e -> e.field().equals("cluster"))) {
            ClusterDefinition c = cluster;
            List<Partition> partitions = clusters.partitions(c.name());
            if (partition == null) {
                partition = partitions.stream().filter(Partition::isDefault).map(Partition::name).findFirst()
                        .orElse(null);
            }
            String p = partition;
            if (p == null || partitions.stream().noneMatch(x -> x.name().equals(p))) {
                errors.add(new FieldError("partition", (p == null ? "is required" : "no partition '" + p + "'")
                        + " on " + c.name() + "; it has " + partitions.stream().map(Partition::name).toList()));
            } else if (gpus > 0) {
                GpuAvailability availability = clusters.gpuAvailability(c.name(), false);
                List<GpuCount> offered = availability.partition(p).map(x -> x.gpus()).orElse(List.of());
                if (offered.isEmpty()) {
                    errors.add(new FieldError("gpus_per_node", "partition '" + p + "' has no GPUs"));
                } else if (gpuType != null && offered.stream().noneMatch(g -> g.gpuType().equals(gpuType))) {
                    errors.add(new FieldError("gpu_type", "partition '" + p + "' offers no GPU type '" + gpuType
                            + "'; it has " + offered.stream().map(GpuCount::gpuType).toList()));
                } else {
                    FreeGpus free = FreeGpus.of(availability, p, gpuType, gpus, nodes);
                    if (free.willWait()) {
                        warnings.add(free.message());
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }

        SlurmResources resources = SlurmResources.parse(name, partition, gpuType, nodes, gpus, cpus, memory,
                timeLimit);
        String jobDir = cluster.workspace().replaceAll("/+$", "") + "/" + project.getName() + "/jobs/" + jobId;
        BatchScriptSpec spec = new BatchScriptSpec(jobId, resources.jobName(), project.getName(),
                request.description(), jobDir,
                onRemote ? snapshot.remoteUrl() : null, onRemote ? null : jobDir + "/.missioncontrol/code.bundle",
                snapshot.headCommit(), resources.partition(), resources.nodes(), resources.gpuType(),
                resources.gpusPerNode(), resources.cpusPerTask(), text(resources.memory(), SlurmMemory::text),
                text(resources.timeLimit(), SlurmTimeLimit::text),
                config.python().moduleLoads(), config.python().condaEnv(), config.python().venv(), config.env(),
                config.setupCommands(), config.trainScript(), overrideArgs, config.wandb().project(),
                config.wandb().entity());
        String script = renderer.render(spec, template(cluster), cluster.templateOverride()
                .map(Path::toString).orElse("slurm_template.vm"));
        return new LaunchPlan(project.getId(), project.getName(), cluster.name(), snapshot.headCommit(),
                onRemote ? LaunchPlan.CodeSource.REMOTE : LaunchPlan.CodeSource.BUNDLE, overrideArgs, script,
                warnings, spec, snapshot.dirty());
    }

    private List<String> overrides(Project project, MlopsConfig config, GitSnapshot snapshot, LaunchRequest request,
                                   List<FieldError> errors) {
        // located by the committed settings, like everything else the job runs with
        HydraLoadResult hydra = projects.hydraConfig(project, new MlopsConfigResult.Loaded(config, true));
        if (hydra instanceof HydraLoadResult.Loaded loaded) {
            HydraConfig model = loaded.config();
            // Overrides are checked against the Hydra config on disk; the job runs the committed one.
            String folder = model.configPath().isEmpty() ? "" : model.configPath() + "/";
            List<String> uncommitted = snapshot.dirtyFiles().stream().map(f -> f.path())
                    .filter(path -> path.startsWith(folder) && path.endsWith(".yaml")).toList();
            if (!uncommitted.isEmpty()) {
                errors.add(new FieldError("allow_dirty", "the Hydra config has uncommitted changes ("
                        + String.join(", ", uncommitted.stream().limit(5).toList())
                        + "): commit them, since a job runs the committed config"));
                return List.of();
            }
            OverrideSet set = HydraOverrides.build(model, request.hydraOverrides(), request.extraOverrides());
            for (OverrideProblem problem : set.problems()) {
                boolean extra = request.extraOverrides().contains(problem.override());
                errors.add(new FieldError(extra ? "extra_overrides" : "hydra_overrides",
                        problem.override() + ": " + problem.message()));
            }
            return set.valid() ? set.arguments() : List.of();
        }
        if (hydra instanceof HydraLoadResult.Invalid invalid
                && (!request.hydraOverrides().isEmpty() || !request.extraOverrides().isEmpty())) {
            errors.add(new FieldError("hydra_overrides", "the project's Hydra config cannot be read, so overrides "
                    + "cannot be checked: " + invalid.message()));
            return List.of();
        }
        // No Hydra config: overrides are passed as written, but must still be well-formed.
        List<String> args = new ArrayList<>();
        request.hydraOverrides().forEach((key, value) -> {
            try {
                args.add(HydraOverride.set(key, value).toArgument());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("hydra_overrides", key + ": " + e.getMessage()));
            }
        });
        for (String extra : request.extraOverrides()) {
            try {
                args.add(HydraOverride.parse(extra).toArgument());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("extra_overrides", extra + ": " + e.getMessage()));
            }
        }
        return args;
    }

    /** The project's .mlops-config.yaml as recorded in {@code commit} (defaults when the commit has none). */
    private MlopsConfig committedSettings(Project project, String commit) {
        try {
            return mlopsReader.parse(git.readFileAtCommit(Path.of(project.getLocalPath()), commit,
                    MlopsConfig.FILE_NAME).orElse(""));
        } catch (MlopsConfigException e) {
            throw new InvalidInputException("project_id", "The project's .mlops-config.yaml in commit "
                    + commit.substring(0, 8) + " cannot be used: " + e.getMessage());
        }
    }

    private String template(ClusterDefinition cluster) {
        Path file = cluster.templateOverride().orElse(properties.slurmTemplate());
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file);
            }
            try (InputStream in = JobLaunchService.class.getResourceAsStream(CLASSPATH_TEMPLATE)) {
                if (in == null) {
                    throw new IllegalStateException("No batch script template at " + file.toAbsolutePath());
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the batch script template " + file + ": " + e.getMessage(), e);
        }
    }

    // ---- cluster side

    private void uploadBundle(ClusterDefinition cluster, Project project, String commit, String remotePath)
            throws IOException {
        Path tmp = Files.createTempFile("missioncontrol-", ".bundle");
        try {
            new GitBundleWriter().writeBundle(Path.of(project.getLocalPath()), commit, tmp);
            gateway.upload(ClusterIdentity.of(cluster), tmp, remotePath);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private Job attach(String jobId, String slurmId, JobStatus status, String reason) {
        return writes.inTransactionUntilStored("SLURM job " + slurmId + " of job " + jobId, s -> {
            Job job = jobs.findById(jobId).orElseThrow();
            job.setSlurmJobId(slurmId);
            job.setStdoutPath(BatchScriptSpec.logPath(job.getJobDir(), BatchScriptSpec.STDOUT_PATTERN, slurmId));
            job.setStderrPath(BatchScriptSpec.logPath(job.getJobDir(), BatchScriptSpec.STDERR_PATTERN, slurmId));
            job.setLastSeenAt(clock.instant());
            transitions.change(job, status, reason);
            return jobs.save(job);
        });
    }

    private Job fail(String jobId, String reason) {
        return writes.inTransactionUntilStored("the failure of job " + jobId, s -> {
            Job job = jobs.findById(jobId).orElseThrow();
            transitions.change(job, JobStatus.SUBMIT_FAILED, reason);
            return job;
        });
    }

    // ---- small helpers

    /** The accepted value, or null with the problem added to {@code errors}. */
    private static <T> T accept(SlurmRules.Checked<T> checked, List<FieldError> errors) {
        checked.problem().ifPresent(errors::add);
        return checked.value();
    }

    private static <T> String text(T value, Function<T, String> text) {
        return value == null ? null : text.apply(value);
    }

    private static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "is required");
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
