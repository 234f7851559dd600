package io.missioncontrol.job.launch;

import static io.missioncontrol.project.GitProjects.commitFile;
import static io.missioncontrol.project.GitProjects.visionProject;
import static io.missioncontrol.project.GitProjects.workTree;
import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.base.DatabaseBusyException;
import io.missioncontrol.base.DatabaseWrites;
import io.missioncontrol.cluster.RemoteFileException;
import io.missioncontrol.cluster.slurm.SlurmException;
import io.missioncontrol.cluster.slurm.SlurmResources;
import io.missioncontrol.cluster.slurm.SlurmSubmitRejectedException;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.project.git.GitBundleWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Launch step 5 against a scripted cluster: what is uploaded where, SLURM's answer or refusal, and that an answer
 * is stored even while the database is busy.
 */
class SubmitStepTest {

    static final String JOB = "11111111-2222-3333-4444-555555555555";

    @TempDir Path dir;
    final ScriptedLaunchGateway cluster = new ScriptedLaunchGateway();
    final ScriptedRecords records = new ScriptedRecords();
    final List<String> afterSbatch = new ArrayList<>();
    final SubmitStep step = new SubmitStep(cluster, new DatabaseWrites(new TransactionTemplate(new NoDatabase())),
            records, (jobId, slurmId) -> afterSbatch.add(jobId + " -> " + slurmId));

    @Test
    void aCommitOnOriginUploadsTheScriptAloneAndStoresSlurmsIdAsPending() {
        Git git = visionProject(dir);
        LaunchPlan plan = plan(git);

        step.submit(JOB, plan, cluster.dev, workTree(git), this::notExpected);

        assertThat(cluster.uploads.keySet()).containsExactly(plan.spec().scriptPath());
        assertThat(new String(cluster.uploads.get(plan.spec().scriptPath()), StandardCharsets.UTF_8))
                .isEqualTo(plan.script());
        assertThat(cluster.submitted).containsExactly(plan.spec().scriptPath());
        assertThat(afterSbatch).containsExactly(JOB + " -> 4242");
        assertThat(records.stored).containsExactly("attach " + JOB + " 4242 PENDING null");
    }

    @Test
    void aCommitNotOnOriginIsUploadedAsABundleThatHoldsIt() throws Exception {
        Git git = visionProject(dir);
        String local = commitFile(git, "NOTES.md", "local\n", "Local only").name();
        LaunchPlan plan = plan(git);
        assertThat(plan.codeSource()).isEqualTo(LaunchPlan.CodeSource.BUNDLE);

        step.submit(JOB, plan, cluster.dev, workTree(git), this::notExpected);

        assertThat(cluster.uploads.keySet()).containsExactly(plan.spec().bundlePath(), plan.spec().scriptPath());
        // the uploaded bundle is one git can clone the commit from
        Path bundle = Files.write(dir.resolve("uploaded.bundle"), cluster.uploads.get(plan.spec().bundlePath()));
        try (Git clone = Git.cloneRepository().setURI(new URIish(bundle.toUri().toURL()).toString())
                .setBranch(GitBundleWriter.refNameFor(local)).setDirectory(dir.resolve("from-bundle").toFile())
                .setNoCheckout(true).call()) {
            assertThat(clone.getRepository().parseCommit(clone.getRepository().resolve(local)).name()).isEqualTo(local);
        }
        assertThat(records.stored).containsExactly("attach " + JOB + " 4242 PENDING null");
    }

    @Test
    void aRefusalBySbatchIsSubmitFailedWithSlurmsWords() {
        Git git = visionProject(dir);
        cluster.sbatch = () -> {
            throw new SlurmSubmitRejectedException("dev", SlurmSubmitRejectedException.Reason.INVALID_GRES,
                    "Invalid generic resource (gres) specification", "sbatch", "sbatch: error: Invalid gres", 1);
        };

        step.submit(JOB, plan(git), cluster.dev, workTree(git), this::notExpected);

        assertThat(records.stored).containsExactly("fail " + JOB
                + " SLURM refused the job: Invalid generic resource (gres) specification");
        assertThat(afterSbatch).isEmpty();
    }

    @Test
    void aFailedUploadIsSubmitFailedAndSbatchNeverRuns() {
        Git git = visionProject(dir);
        cluster.uploadFailure = new RemoteFileException("dev", "/home/mlops/workspace", RemoteFileException.Reason.PERMISSION_DENIED,
                "permission denied: /home/mlops/workspace", null);

        step.submit(JOB, plan(git), cluster.dev, workTree(git), this::notExpected);

        assertThat(cluster.submitted).isEmpty();
        assertThat(records.stored).containsExactly("fail " + JOB
                + " Upload to dev failed, nothing was submitted: permission denied: /home/mlops/workspace");
    }

    @Test
    void anSbatchWithoutAClearAnswerIsHandedToTheLookUpByComment() {
        Git git = visionProject(dir);
        cluster.sbatch = () -> {
            throw new SlurmException("dev", "the connection closed during sbatch", "sbatch", "", -1);
        };
        List<String> lookedUp = new ArrayList<>();

        step.submit(JOB, plan(git), cluster.dev, workTree(git), jobId -> {
            lookedUp.add(jobId);
            return null;
        });

        assertThat(lookedUp).containsExactly(JOB);
        assertThat(records.stored).isEmpty();
    }

    @Test
    void slurmsAnswerIsStoredEvenWhenTheDatabaseIsBusyAtFirst() {
        Git git = visionProject(dir);
        records.busyFor = 2;

        step.submit(JOB, plan(git), cluster.dev, workTree(git), this::notExpected);

        assertThat(records.attempts).isEqualTo(3);
        assertThat(records.stored).containsExactly("attach " + JOB + " 4242 PENDING null");
        assertThat(cluster.submitted).hasSize(1); // retried storing, not submitting
    }

    // ---- helpers

    private LaunchPlan plan(Git git) {
        Revision revision = LaunchSteps.revisions().resolve(LaunchSteps.project(git));
        RenderStep.Rendered rendered = new RenderStep(Path.of("config/slurm_template.vm")).render(JOB, revision,
                cluster.dev, SlurmResources.parse("train", "debug", null, 1, 0, null, null, null), null, List.of());
        return new LaunchPlan(revision.project().getId(), revision.project().getName(), cluster.dev.name(),
                revision.commit(), revision.codeSource(), List.of(), rendered.script(), List.of(), rendered.spec(),
                false);
    }

    private Job notExpected(String jobId) {
        throw new AssertionError("sbatch answered; job " + jobId + " must not be looked up by its comment");
    }

    /** Job records as lines; the first {@code busyFor} writes find the database busy. */
    static final class ScriptedRecords implements SubmitStep.Records {
        final List<String> stored = new ArrayList<>();
        int busyFor;
        int attempts;

        @Override
        public Job attach(String jobId, String slurmId, JobStatus status, String reason) {
            busy();
            stored.add("attach " + jobId + " " + slurmId + " " + status + " " + reason);
            return null;
        }

        @Override
        public Job fail(String jobId, String reason) {
            busy();
            stored.add("fail " + jobId + " " + reason);
            return null;
        }

        private void busy() {
            attempts++;
            if (attempts <= busyFor) {
                throw new DatabaseBusyException("database is locked (attempt " + attempts + ")", null);
            }
        }
    }

    /** Transactions without a database: the records above are the store. */
    static final class NoDatabase extends AbstractPlatformTransactionManager {
        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
        }
    }
}
