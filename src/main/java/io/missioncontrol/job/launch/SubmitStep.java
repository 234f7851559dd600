package io.missioncontrol.job.launch;

import io.missioncontrol.base.DatabaseWrites;
import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.ClusterException;
import io.missioncontrol.cluster.slurm.SlurmSubmitRejectedException;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.job.script.BatchScriptSpec;
import io.missioncontrol.project.git.GitBundleWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Launch step 5: a job recorded as SUBMITTING goes to the cluster: the bundle (when the commit is not on origin)
 * and the script are uploaded, sbatch runs, and SLURM's answer is stored. A refusal or a failed upload leaves the
 * job SUBMIT_FAILED with the reason; once sbatch answered, the answer is stored however long the database
 * stays busy, since SLURM has the job.
 */
final class SubmitStep {

    private static final Logger log = LoggerFactory.getLogger(SubmitStep.class);

    /** Where a launch's outcome is written; each call runs in its own transaction and (re)loads the job. */
    interface Records {

        /** The job is SLURM job {@code slurmId}, now in {@code status}. */
        Job attach(String jobId, String slurmId, JobStatus status, String reason);

        /** The job is SUBMIT_FAILED for {@code reason}. */
        Job fail(String jobId, String reason);
    }

    private final LaunchGateway clusters;
    private final DatabaseWrites writes;
    private final Records records;
    private final SubmissionHook hook;

    SubmitStep(LaunchGateway clusters, DatabaseWrites writes, Records records, SubmissionHook hook) {
        this.clusters = clusters;
        this.writes = writes;
        this.records = records;
        this.hook = hook;
    }

    /**
     * @param workTree   the project's work tree, where a bundle is written from
     * @param unanswered settles the job when sbatch did not answer cleanly (it may or may not have queued it)
     */
    Job submit(String jobId, LaunchPlan plan, ClusterDefinition cluster, Path workTree,
               Function<String, Job> unanswered) {
        BatchScriptSpec spec = plan.spec();
        try {
            if (plan.codeSource() == LaunchPlan.CodeSource.BUNDLE) {
                uploadBundle(cluster, workTree, plan.commitSha(), spec.bundlePath());
            }
            clusters.upload(cluster, plan.script().getBytes(StandardCharsets.UTF_8), spec.scriptPath());
        } catch (IOException | RuntimeException e) {
            // nothing reached sbatch (cluster unreachable, bundle not writable…): the record says why
            return fail(jobId, "Upload to " + cluster.name() + " failed, nothing was submitted: " + e.getMessage());
        }

        String slurmId;
        try {
            slurmId = clusters.submit(cluster, spec.scriptPath(), spec.jobDir());
        } catch (SlurmSubmitRejectedException e) {
            return fail(jobId, "SLURM refused the job: " + e.getMessage());
        } catch (ClusterException e) {
            // sbatch may or may not have queued it: only SLURM knows, by our comment.
            log.warn("sbatch for job {} did not answer cleanly: {}", jobId, e.getMessage());
            return unanswered.apply(jobId);
        }
        hook.afterSbatch(jobId, slurmId);
        return attach(jobId, slurmId, JobStatus.PENDING, null);
    }

    /** Stores that the job is SLURM job {@code slurmId}: retried for as long as the database is busy. */
    Job attach(String jobId, String slurmId, JobStatus status, String reason) {
        return writes.inTransactionUntilStored("SLURM job " + slurmId + " of job " + jobId,
                s -> records.attach(jobId, slurmId, status, reason));
    }

    /** Stores that the job failed: retried for as long as the database is busy. */
    Job fail(String jobId, String reason) {
        return writes.inTransactionUntilStored("the failure of job " + jobId, s -> records.fail(jobId, reason));
    }

    private void uploadBundle(ClusterDefinition cluster, Path workTree, String commit, String remotePath)
            throws IOException {
        Path tmp = Files.createTempFile("missioncontrol-", ".bundle");
        try {
            new GitBundleWriter().writeBundle(workTree, commit, tmp);
            clusters.upload(cluster, tmp, remotePath);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
