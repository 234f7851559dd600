package io.missioncontrol.job;

import io.missioncontrol.base.JsonColumns;
import io.missioncontrol.project.Project;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One training run launched from the portal as a SLURM batch job. */
@Entity
@Table(name = "jobs")
public class Job {

    @Id
    private String id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "project_id", nullable = false)
    private Project project;

    @Column(name = "project_id", insertable = false, updatable = false)
    private String projectId;

    @Column(nullable = false)
    private String name;

    private String description;

    @Column(name = "commit_sha", nullable = false)
    private String commitSha;

    @Column(name = "launched_dirty", nullable = false)
    private boolean launchedDirty;

    @Column(nullable = false)
    private String cluster;

    @Column(name = "partition_name")
    private String partition;

    @Column(name = "gpu_type")
    private String gpuType;

    @Column(name = "num_nodes", nullable = false)
    private int numNodes = 1;

    @Column(name = "gpus_per_node", nullable = false)
    private int gpusPerNode;

    @Column(name = "cpus_per_task")
    private Integer cpusPerTask;

    private String memory;

    @Column(name = "time_limit")
    private String timeLimit;

    /** SLURM's {@code --account} the job was charged to, or null for the user's default account. */
    @Column(name = "charge_account")
    private String chargeAccount;

    /** SLURM's {@code --qos}, or null for the association's default. */
    private String qos;

    /** SLURM's {@code --constraint} (node features), or null. */
    @Column(name = "node_constraint")
    private String nodeConstraint;

    @Convert(converter = JsonColumns.StringMap.class)
    @Column(name = "hydra_overrides")
    private Map<String, String> hydraOverrides = new LinkedHashMap<>();

    @Convert(converter = JsonColumns.StringList.class)
    @Column(name = "extra_overrides")
    private List<String> extraOverrides = new ArrayList<>();

    @Column(name = "slurm_job_id")
    private String slurmJobId;

    @Enumerated(EnumType.STRING)
    @Column(name = "slurm_status", nullable = false)
    private JobStatus status;

    @Column(name = "status_reason")
    private String statusReason;

    @Column(name = "exit_code")
    private Integer exitCode;

    @Column(name = "job_dir")
    private String jobDir;

    @Column(name = "stdout_path")
    private String stdoutPath;

    @Column(name = "stderr_path")
    private String stderrPath;

    @Column(name = "rendered_script")
    private String renderedScript;

    @Column(name = "wandb_run_url")
    private String wandbRunUrl;

    @Column(name = "mlflow_run_url")
    private String mlflowRunUrl;

    @Column(name = "submitted_at", nullable = false)
    private Instant submittedAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "last_seen_at")
    private Instant lastSeenAt;

    @Column(name = "request_key")
    private String requestKey;

    /**
     * The portal instance (its Quartz scheduler instance id) whose launch of this job may still be under way; only
     * when several instances share the database, and cleared when that launch ended leaving the job SUBMITTING.
     */
    @Column(name = "launched_by")
    private String launchedBy;

    /** When the job's cluster stopped answering the poller, once that lasted too long; null while it answers. */
    @Column(name = "status_stale_since")
    private Instant statusStaleSince;

    /**
     * How long the job's cluster has been answering without listing the job (squeue and sacct both), in ms: the
     * LOST clock. Time when the cluster did not answer, or the portal did not ask, is not counted.
     */
    @Column(name = "unknown_for_ms", nullable = false)
    private long unknownForMillis;

    /**
     * When to notify the member about this job: {@code on_end}, {@code on_failure}, {@code never}, or null for the
     * events of the member's notification preferences (notify/).
     */
    @Column(name = "notify_on")
    private String notifyOn;

    protected Job() {
    }

    /** A new job, recorded as SUBMITTING before anything touches the cluster. */
    public Job(Project project, String name, String commitSha, String cluster, Instant now) {
        this(project, name, commitSha, cluster, now, UUID.randomUUID().toString());
    }

    /** A new job with an id chosen beforehand (the launch renders its script, which names the id, first). */
    public Job(Project project, String name, String commitSha, String cluster, Instant now, String id) {
        this.id = id;
        this.project = project;
        this.projectId = project.getId();
        this.name = name;
        this.commitSha = commitSha;
        this.cluster = cluster;
        this.status = JobStatus.SUBMITTING;
        this.submittedAt = now;
        this.updatedAt = now;
    }

    public String getId() { return id; }
    public Project getProject() { return project; }
    public String getProjectId() { return projectId; }
    public String getName() { return name; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public String getCommitSha() { return commitSha; }
    public boolean isLaunchedDirty() { return launchedDirty; }
    public void setLaunchedDirty(boolean launchedDirty) { this.launchedDirty = launchedDirty; }
    public String getCluster() { return cluster; }
    public String getPartition() { return partition; }
    public void setPartition(String partition) { this.partition = partition; }
    public String getGpuType() { return gpuType; }
    public void setGpuType(String gpuType) { this.gpuType = gpuType; }
    public int getNumNodes() { return numNodes; }
    public void setNumNodes(int numNodes) { this.numNodes = numNodes; }
    public int getGpusPerNode() { return gpusPerNode; }
    public void setGpusPerNode(int gpusPerNode) { this.gpusPerNode = gpusPerNode; }
    public Integer getCpusPerTask() { return cpusPerTask; }
    public void setCpusPerTask(Integer cpusPerTask) { this.cpusPerTask = cpusPerTask; }
    public String getMemory() { return memory; }
    public void setMemory(String memory) { this.memory = memory; }
    public String getTimeLimit() { return timeLimit; }
    public void setTimeLimit(String timeLimit) { this.timeLimit = timeLimit; }
    public String getChargeAccount() { return chargeAccount; }
    public void setChargeAccount(String chargeAccount) { this.chargeAccount = chargeAccount; }
    public String getQos() { return qos; }
    public void setQos(String qos) { this.qos = qos; }
    public String getNodeConstraint() { return nodeConstraint; }
    public void setNodeConstraint(String nodeConstraint) { this.nodeConstraint = nodeConstraint; }
    public Map<String, String> getHydraOverrides() { return hydraOverrides; }
    public void setHydraOverrides(Map<String, String> overrides) { this.hydraOverrides = new LinkedHashMap<>(overrides); }
    public List<String> getExtraOverrides() { return extraOverrides; }
    public void setExtraOverrides(List<String> overrides) { this.extraOverrides = new ArrayList<>(overrides); }
    public String getSlurmJobId() { return slurmJobId; }
    public void setSlurmJobId(String slurmJobId) { this.slurmJobId = slurmJobId; }
    public JobStatus getStatus() { return status; }
    public String getStatusReason() { return statusReason; }
    public Integer getExitCode() { return exitCode; }
    public void setExitCode(Integer exitCode) { this.exitCode = exitCode; }
    public String getJobDir() { return jobDir; }
    public void setJobDir(String jobDir) { this.jobDir = jobDir; }
    public String getStdoutPath() { return stdoutPath; }
    public void setStdoutPath(String stdoutPath) { this.stdoutPath = stdoutPath; }
    public String getStderrPath() { return stderrPath; }
    public void setStderrPath(String stderrPath) { this.stderrPath = stderrPath; }
    public String getRenderedScript() { return renderedScript; }
    public void setRenderedScript(String renderedScript) { this.renderedScript = renderedScript; }
    public String getWandbRunUrl() { return wandbRunUrl; }
    public void setWandbRunUrl(String wandbRunUrl) { this.wandbRunUrl = wandbRunUrl; }
    public String getMlflowRunUrl() { return mlflowRunUrl; }
    public void setMlflowRunUrl(String mlflowRunUrl) { this.mlflowRunUrl = mlflowRunUrl; }
    public Instant getSubmittedAt() { return submittedAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(Instant updatedAt) { this.updatedAt = updatedAt; }
    public Instant getStartedAt() { return startedAt; }
    public void setStartedAt(Instant startedAt) { this.startedAt = startedAt; }
    public Instant getFinishedAt() { return finishedAt; }
    public void setFinishedAt(Instant finishedAt) { this.finishedAt = finishedAt; }
    public Instant getLastSeenAt() { return lastSeenAt; }
    public String getRequestKey() { return requestKey; }
    public void setRequestKey(String requestKey) { this.requestKey = requestKey; }

    public String getLaunchedBy() { return launchedBy; }
    public void setLaunchedBy(String launchedBy) { this.launchedBy = launchedBy; }
    public void setLastSeenAt(Instant lastSeenAt) { this.lastSeenAt = lastSeenAt; }
    public Instant getStatusStaleSince() { return statusStaleSince; }
    public void setStatusStaleSince(Instant statusStaleSince) { this.statusStaleSince = statusStaleSince; }
    public long getUnknownForMillis() { return unknownForMillis; }
    public void setUnknownForMillis(long unknownForMillis) { this.unknownForMillis = unknownForMillis; }
    public String getNotifyOn() { return notifyOn; }
    public void setNotifyOn(String notifyOn) { this.notifyOn = notifyOn; }

    /** When the shown state was last confirmed: SLURM's last sighting, or the last change if that is later. */
    public Instant getStateAsOf() {
        return lastSeenAt == null || updatedAt.isAfter(lastSeenAt) ? updatedAt : lastSeenAt;
    }

    /**
     * Moves the job to a new state; returns whether anything changed so callers record history
     * and publish an event only for real transitions.
     */
    public boolean changeStatus(JobStatus newStatus, String reason, Instant at) {
        boolean changed = newStatus != status || !java.util.Objects.equals(reason, statusReason);
        if (!changed) {
            return false;
        }
        this.status = newStatus;
        this.statusReason = reason;
        this.updatedAt = at;
        if (newStatus == JobStatus.RUNNING && startedAt == null) {
            startedAt = at;
        }
        if (!newStatus.isActive() && finishedAt == null) {
            finishedAt = at;
        }
        return true;
    }
}
