package io.missioncontrol.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missioncontrol.SpringIntegrationTest;
import io.missioncontrol.TestData;
import io.missioncontrol.base.ConflictException;
import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobService;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.job.JobStatusChangeRepository;
import io.missioncontrol.project.git.GitSnapshot;
import io.missioncontrol.project.hydra.HydraConfig;
import io.missioncontrol.project.hydra.HydraLoadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.data.domain.PageRequest;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

class ProjectServiceTest extends SpringIntegrationTest {

    @Autowired ProjectService service;
    @Autowired ProjectRepository projects;
    @Autowired JobRepository jobs;
    @Autowired JobStatusChangeRepository history;
    @Autowired PlatformTransactionManager transactionManager;
    @Autowired ProjectJobs projectJobs;

    @TempDir Path tmp;

    @BeforeEach
    void emptyTables() {
        deleteAllRows();
    }

    @Test
    void aDetachedHeadIsFineAndHasNoBranch() {
        Git git = GitProjects.repoWithOneCommit(tmp.resolve("detached"));
        RevCommit first = GitProjects.commitFile(git, "a.py", "1\n", "a");
        GitProjects.commitFile(git, "b.py", "2\n", "b");
        GitProjects.checkout(git, first.name());

        Project project = service.add(GitProjects.workTree(git).toString(), null);

        assertThat(project.getCurrentBranch()).isNull();
        assertThat(project.getCurrentCommit()).isEqualTo(first.name());
    }

    @Test
    void theNameIsTrimmedAndAPathThroughASymlinkIsStoredAsTheRealPath() throws Exception {
        Git git = GitProjects.repoWithOneCommit(tmp.resolve("real"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), GitProjects.workTree(git));

        Project project = service.add(link.toString(), "  linked  ");

        assertThat(project.getName()).isEqualTo("linked");
        assertThat(project.getLocalPath()).isEqualTo(GitProjects.realPath(git));
        assertThatThrownBy(() -> service.add(GitProjects.workTree(git).toString(), "again"))
                .isInstanceOfSatisfying(DuplicateProjectException.class, e -> assertThat(e.field()).isEqualTo("local_path"));
    }

    @Test
    void aSubfolderOfAWorkTreeIsRefusedWithAHint() throws Exception {
        Git git = GitProjects.repoWithOneCommit(tmp.resolve("outer"));
        Files.createDirectories(tmp.resolve("outer/src"));

        assertThatThrownBy(() -> service.add(tmp.resolve("outer/src").toString(), null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.messageFor("local_path"))
                        .contains("inside the Git work tree '" + GitProjects.realPath(git) + "'"));
    }

    @Test
    void theGitSnapshotIsReadLiveFromDisk() {
        Git git = GitProjects.visionProject(tmp);
        Project project = service.add(GitProjects.workTree(git).toString(), null);
        GitProjects.write(git, "configs/model/cnn.yaml", "name: cnn\n");
        GitProjects.write(git, "wip.py", "x\n");

        GitSnapshot snapshot = service.gitSnapshot(project.getId());

        assertThat(snapshot.dirtyPaths()).containsExactly("configs/model/cnn.yaml", "wip.py");
        assertThat(snapshot.pushed()).isTrue();
        assertThat(snapshot.remoteBranchesContainingHead()).containsExactly("origin/main");
        assertThat(projects.findById(project.getId()).orElseThrow().isDirty()).as("nothing recorded").isFalse();
    }

    @Test
    void syncOfAProjectWhoseFolderIsGoneIsAConflict() {
        Project project = TestData.project(projects, "gone", Instant.now());

        assertThatThrownBy(() -> service.sync(project.getId())).isInstanceOf(ConflictException.class)
                .hasMessageContaining("'/tmp/projects/gone' does not exist");
    }

    @Test
    void withoutMlopsConfigTheDefaultsApply() {
        Git git = GitProjects.repoWithOneCommit(tmp.resolve("bare-bones"));
        Project project = service.add(GitProjects.workTree(git).toString(), null);

        MlopsConfigResult result = service.mlopsConfig(project.getId());

        assertThat(result).isInstanceOfSatisfying(MlopsConfigResult.Loaded.class, loaded -> {
            assertThat(loaded.fileExists()).isFalse();
            assertThat(loaded.config().trainScript()).isEqualTo("train.py");
        });
    }

    @Test
    void theMlopsConfigIsReadFromTheWorkTree() {
        Git git = GitProjects.visionProject(tmp);
        Project project = service.add(GitProjects.workTree(git).toString(), null);

        MlopsConfigResult result = service.mlopsConfig(project.getId());

        assertThat(result).isInstanceOfSatisfying(MlopsConfigResult.Loaded.class, loaded -> {
            assertThat(loaded.fileExists()).isTrue();
            assertThat(loaded.config().resources().gpusPerNode()).isEqualTo(2);
            assertThat(loaded.config().wandb().entity()).isEqualTo("my-lab");
            assertThat(loaded.config().warnings()).isEmpty();
        });
    }

    @Test
    void aBrokenMlopsConfigIsAMessageWithItsLines() {
        Git git = GitProjects.repoWithOneCommit(tmp.resolve("broken"));
        GitProjects.write(git, ".mlops-config.yaml", "train_script: main.py\nresources:\n  gpus_per_node: lots\n");
        Project project = service.add(GitProjects.workTree(git).toString(), null);

        MlopsConfigResult result = service.mlopsConfig(project.getId());

        assertThat(result).isInstanceOfSatisfying(MlopsConfigResult.Broken.class, broken -> {
            assertThat(broken.message()).isEqualTo(
                    ".mlops-config.yaml line 3: resources.gpus_per_node must be a whole number, got 'lots'");
            assertThat(broken.problems()).singleElement().extracting(MlopsConfigException.Problem::line).isEqualTo(3);
        });
    }

    @Test
    void theHydraConfigIsLocatedThroughTheMlopsConfig() {
        Git git = GitProjects.repoWithOneCommit(tmp.resolve("custom"));
        GitProjects.write(git, ".mlops-config.yaml", "hydra:\n  config_path: experiments/cfg\n  config_name: main\n");
        GitProjects.write(git, "experiments/cfg/main.yaml", "defaults:\n  - optim: adam\n  - _self_\nepochs: 3\n");
        GitProjects.write(git, "experiments/cfg/optim/adam.yaml", "lr: 0.001\n");
        GitProjects.write(git, "configs/train.yaml", "decoy: true\n");
        GitProjects.commitAll(git, "custom layout");
        Project project = service.add(GitProjects.workTree(git).toString(), null);

        HydraConfig config = service.hydraConfig(project.getId()).orElseThrow();

        assertThat(config.configPath()).isEqualTo("experiments/cfg");
        assertThat(config.configName()).isEqualTo("main");
        assertThat(config.group("optim").orElseThrow().defaultOption()).isEqualTo("adam");
        assertThat(config.values()).containsKeys("optim", "epochs").doesNotContainKey("decoy");
    }

    @Test
    void aMlopsConfigPointingNowhereSaysWhereItLooked() {
        Git git = GitProjects.repoWithOneCommit(tmp.resolve("nowhere"));
        GitProjects.write(git, ".mlops-config.yaml", "hydra:\n  config_path: cfg\n  config_name: train\n");
        Project project = service.add(GitProjects.workTree(git).toString(), null);

        HydraLoadResult result = service.hydraConfig(project.getId());

        assertThat(result).isInstanceOf(HydraLoadResult.NotFound.class);
        assertThat(result.message()).isEqualTo("no Hydra config found (looked at cfg/train.yaml)");
    }

    @Test
    void jobCountsAndTheDeletionCheckCountActiveJobs() {
        Project project = TestData.project(projects, "counted", Instant.now());
        TestData.job(jobs, project, "a", JobStatus.COMPLETED, Instant.now());
        TestData.job(jobs, project, "b", JobStatus.CANCELLED, Instant.now());
        assertThat(service.deletionCheck(project.getId())).isEqualTo(new ProjectJobCounts(2, 0));

        TestData.job(jobs, project, "c", JobStatus.SUBMITTING, Instant.now());
        TestData.job(jobs, project, "d", JobStatus.RUNNING, Instant.now());

        assertThat(service.jobCounts(project.getId())).isEqualTo(new ProjectJobCounts(4, 2));
        assertThatThrownBy(() -> service.deletionCheck(project.getId())).isInstanceOf(ConflictException.class)
                .hasMessageContaining("has 2 active jobs (being submitted, queued or running); cancel them or wait until they end");
        assertThatThrownBy(() -> service.delete(project.getId())).isInstanceOf(ConflictException.class);
        assertThat(jobs.countByProjectId(project.getId())).isEqualTo(4);
    }

    @Test
    void theDeleteStatementItselfSparesAProjectWhoseJobBecameActive() {
        Project project = TestData.project(projects, "raced", Instant.now());
        TestData.job(jobs, project, "just-submitted", JobStatus.SUBMITTING, Instant.now());
        TransactionTemplate tx = new TransactionTemplate(transactionManager);

        Integer deleted = tx.execute(s -> jobs.deleteProjectUnlessAJobIsIn(project.getId(), JobService.ACTIVE_STATUSES));

        assertThat(deleted).isZero();
        assertThat(projects.findById(project.getId())).isPresent();
        assertThat(jobs.countByProjectId(project.getId())).isEqualTo(1);
    }

    /**
     * The interleaving the deletion guards against, step by step as {@link ProjectJobs#deleteUnlessAJobIsActive}
     * runs it: the check has read the jobs (none active) when another connection records a job, then the delete.
     */
    @Test
    void aJobRecordedWhileTheProjectIsDeletedIsNeverLostWithIt() throws Exception {
        Project project = TestData.project(projects, "interleaved", Instant.now());
        TestData.job(jobs, project, "done", JobStatus.COMPLETED, Instant.now());
        TransactionTemplate deletion = new TransactionTemplate(transactionManager);
        deletion.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        TransactionTemplate submission = new TransactionTemplate(transactionManager);
        java.util.concurrent.CompletableFuture<Void> late = new java.util.concurrent.CompletableFuture<>();

        Throwable deleteFailure = org.assertj.core.api.Assertions.catchThrowable(() -> deletion.executeWithoutResult(s -> {
            assertThat(projectJobs.counts(project.getId())).isEqualTo(new ProjectJobCounts(1, 0));
            // another launch records a job after the check: on PostgreSQL it commits at once; on SQLite it waits
            // for the one writer connection, which this deletion holds
            Thread.ofVirtual().start(() -> {
                try {
                    submission.executeWithoutResult(s2 -> TestData.job(jobs, project, "late", JobStatus.SUBMITTING,
                            Instant.now()));
                    late.complete(null);
                } catch (RuntimeException e) {
                    late.completeExceptionally(e);
                }
            });
            try {
                late.get(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // still waiting for the writer: it goes on after this transaction
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            jobs.deleteProjectUnlessAJobIsIn(project.getId(), JobService.ACTIVE_STATUSES);
        }));
        Throwable lateFailure = org.assertj.core.api.Assertions.catchThrowable(() -> late.get(60,
                java.util.concurrent.TimeUnit.SECONDS));

        if (projects.findById(project.getId()).isPresent()) {
            // the deletion gave way to the job (PostgreSQL: a serialization failure); both jobs are kept
            assertThat(deleteFailure).isInstanceOf(ConcurrencyFailureException.class);
            assertThat(lateFailure).isNull();
            assertThat(jobs.countByProjectId(project.getId())).isEqualTo(2);
        } else {
            // the deletion went first (SQLite: writes are serialised); the late job was refused, not lost silently
            assertThat(deleteFailure).isNull();
            assertThat(lateFailure).as("recording a job of a deleted project fails").isNotNull();
            assertThat(jobs.countByProjectId(project.getId())).isZero();
        }
    }

    @Test
    void deleteTakesTheProjectWithItsFinishedJobs() {
        Project project = TestData.project(projects, "finished", Instant.now());
        TestData.job(jobs, project, "a", JobStatus.COMPLETED, Instant.now());
        TestData.job(jobs, project, "b", JobStatus.FAILED, Instant.now());

        ProjectDeletion deletion = service.delete(project.getId());

        assertThat(deletion).isEqualTo(new ProjectDeletion(project.getId(), "finished", 2));
        assertThat(projects.findById(project.getId())).isEmpty();
        assertThat(jobs.countByProjectId(project.getId())).isZero();
    }

    @Test
    void summariesCountTheJobsOfEveryProjectOnTheirPage() {
        Instant t = Instant.parse("2026-11-01T00:00:00Z");
        Project a = TestData.project(projects, "a", t);
        Project b = TestData.project(projects, "b", t.plusSeconds(1));
        TestData.project(projects, "c", t.plusSeconds(2));
        TestData.job(jobs, a, "a1", JobStatus.COMPLETED, t);
        TestData.job(jobs, b, "b1", JobStatus.RUNNING, t);
        TestData.job(jobs, b, "b2", JobStatus.FAILED, t);

        var first = service.findSummaries(PageRequest.of(0, 2));
        var second = service.findSummaries(PageRequest.of(1, 2));

        assertThat(first.getContent()).extracting(p -> p.name() + "=" + p.jobCount()).containsExactly("c=0", "b=2");
        assertThat(first.hasNext()).isTrue();
        assertThat(second.getContent()).extracting(p -> p.name() + "=" + p.jobCount()).containsExactly("a=1");
        assertThat(second.hasNext()).isFalse();
    }
}
