package io.missioncontrol.job.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missioncontrol.SpringIntegrationTest;
import io.missioncontrol.TrainingRepo;
import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.base.MissionControlProperties;
import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.DevClusterShell;
import io.missioncontrol.cluster.ClusterIdentity;
import io.missioncontrol.cluster.ClusterGateway;
import io.missioncontrol.cluster.ClusterService;
import io.missioncontrol.cluster.slurm.AccountingEntry;
import io.missioncontrol.cluster.slurm.QueueEntry;
import io.missioncontrol.cluster.slurm.SlurmRules;
import io.missioncontrol.cluster.ssh.ExecResult;
import io.missioncontrol.cluster.ssh.RemoteCommand;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.job.JobStatusChangeRepository;
import io.missioncontrol.job.JobTransitions;
import io.missioncontrol.job.script.BatchScriptSpec;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.ProjectRepository;
import io.missioncontrol.project.ProjectService;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** Launches against the real dev cluster; every job's real output is read back. */
@Tag("cluster")
class JobLaunchServiceTest extends SpringIntegrationTest {

    @Autowired JobLaunchService launcher;
    @Autowired ProjectService projectService;
    @Autowired ProjectRepository projects;
    @Autowired JobRepository jobs;
    @Autowired JobStatusChangeRepository history;
    @Autowired ClusterService clusters;
    @Autowired ClusterGateway gateway;
    @Autowired JobTransitions transitions;
    @Autowired TransactionTemplate tx;
    @Autowired MissionControlProperties properties;
    @Autowired Clock clock;
    @Autowired PortalInstances instances;

    private TrainingRepo repo;
    private Project project;
    private final List<String> slurmIds = new ArrayList<>();

    @BeforeEach
    void freshProject() {
        deleteAllRows();
        repo = TrainingRepo.create("tiny");
        project = projectService.add(repo.workTree.toString(), "tiny-" + UUID.randomUUID().toString().substring(0, 6));
    }

    @AfterEach
    void cleanUp() {
        jobs.findAll().stream().map(Job::getSlurmJobId).filter(id -> id != null).forEach(slurmIds::add);
        if (!slurmIds.isEmpty()) {
            gateway.cancel(ClusterIdentity.of(dev()), slurmIds);
        }
        repo.close();
    }

    private ClusterDefinition dev() {
        return clusters.require("dev");
    }

    private LaunchRequest request(String name, Map<String, String> overrides, List<String> extras) {
        return new LaunchRequest(project.getId(), name, "a test run", "dev", "gpu", "a6000", 1, 1, "00:05:00",
                null, null, overrides, extras, false, null);
    }

    @Test
    void aLaunchedJobRunsExactlyTheRecordedCommitWithItsOverridesAndGpus() throws Exception {
        // model.hidden is in model/mlp.yaml only: valid because model=mlp is chosen too
        Job job = launcher.launch(request("exact-commit", Map.of("model", "mlp", "trainer.lr", "0.5", "model.hidden", "128"),
                List.of("+trainer.note=hello world")));

        assertThat(job.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(job.getSlurmJobId()).matches("[0-9]+");
        assertThat(job.getCommitSha()).isEqualTo(repo.head());
        assertThat(job.getRenderedScript()).contains("#SBATCH --partition=gpu", "#SBATCH --gres=gpu:a6000:1",
                "#SBATCH --comment=missioncontrol:" + job.getId());
        assertThat(job.getHydraOverrides()).containsEntry("model", "mlp");
        assertThat(history.findByJobIdOrderByChangedAtAscIdAsc(job.getId())).extracting(h -> h.getStatus())
                .containsExactly(JobStatus.SUBMITTING, JobStatus.PENDING);

        AccountingEntry done = awaitEnd(job.getSlurmJobId());
        String out = read(job.getStdoutPath());
        assertThat(done.rawState()).as(out + read(job.getStderrPath())).startsWith("COMPLETED");
        assertThat(out).contains("MC-COMMIT " + repo.head(), "MC-ARG model=mlp", "MC-ARG trainer.lr=0.5",
                "MC-ARG model.hidden=128", "MC-ARG +trainer.note='hello world'", "MC-DONE");

        // SLURM gave it what was asked for, and its folder is a checkout of the commit.
        String gres = exec("scontrol", "show", "job", job.getSlurmJobId()).stdout();
        assertThat(gres).containsPattern("gres[/:]gpu[:=]a6000[:=]?1|gpu:a6000:1");
        assertThat(exec("git", "-C", job.getJobDir(), "rev-parse", "HEAD").stdout().strip()).isEqualTo(repo.head());
        assertThat(job.getJobDir()).isEqualTo(dev().workspaceFor(dev().user()) + "/" + project.getName() + "/jobs/" + job.getId());
    }

    @Test
    void aCommitThatIsOnNoRemoteIsShippedAsABundle() throws Exception {
        String local = repo.commitLocally("notes.txt", "only here\n").name();
        projectService.sync(project.getId());

        LaunchPlan plan = launcher.plan(request("bundled", Map.of(), List.of()));
        assertThat(plan.codeSource()).isEqualTo(LaunchPlan.CodeSource.BUNDLE);
        assertThat(plan.warnings()).anyMatch(w -> w.contains("git bundle"));

        Job job = launcher.launch(request("bundled", Map.of(), List.of()));
        awaitEnd(job.getSlurmJobId());
        assertThat(read(job.getStdoutPath())).contains("MC-COMMIT " + local, "MC-DONE");
    }

    @Test
    void hostileTextEitherFailsValidationOrRunsInertly() throws Exception {
        String canary = "/tmp/missioncontrol-canary-" + UUID.randomUUID();
        String[] payloads = {"$(touch " + canary + ")", "`touch " + canary + "`", "x; touch " + canary,
                "a'b\"c", "x && touch " + canary + " #"};

        // As a job name: refused before anything happens.
        for (String payload : payloads) {
            assertThatThrownBy(() -> launcher.launch(request(payload, Map.of(), List.of())))
                    .isInstanceOfSatisfying(InvalidInputException.class,
                            e -> assertThat(e.messageFor("name")).isNotNull());
        }
        assertThatThrownBy(() -> launcher.launch(request("newline", Map.of("trainer.lr", "1\ntouch " + canary),
                List.of()))).isInstanceOf(InvalidInputException.class);
        assertThat(jobs.count()).isZero();

        // As override values: passed through literally.
        Map<String, String> overrides = new java.util.LinkedHashMap<>();
        List<String> extras = new ArrayList<>();
        for (int i = 0; i < payloads.length; i++) {
            extras.add("+hostile" + i + "=" + payloads[i]);
        }
        Job job = launcher.launch(request("inert", overrides, extras));
        awaitEnd(job.getSlurmJobId());
        String out = read(job.getStdoutPath());
        assertThat(out).contains("MC-DONE").contains("$(touch " + canary + ")").contains("`touch " + canary + "`");
        assertThat(exec("test", "-e", canary).exitCode()).as("the canary exists on the cluster").isNotZero();
        assertThat(java.nio.file.Files.exists(java.nio.file.Path.of(canary))).isFalse();
    }

    @Test
    void moreGpusThanAnyNodeHasEndsAsSubmitFailedWithSlurmsReasonAndTheRecordIsKept() {
        LaunchRequest greedy = new LaunchRequest(project.getId(), "greedy", null, "dev", "gpu", "a6000", 1, 99,
                "00:05:00", null, null, Map.of(), List.of(), false, null);

        Job job = launcher.launch(greedy);

        assertThat(job.getStatus()).isEqualTo(JobStatus.SUBMIT_FAILED);
        assertThat(job.getSlurmJobId()).isNull();
        assertThat(job.getStatusReason()).startsWith("SLURM refused the job:")
                .containsIgnoringCase("node configuration is not available");
        assertThat(jobs.findById(job.getId())).isPresent();
        assertThat(job.getRenderedScript()).contains("#SBATCH --gres=gpu:a6000:99");
    }

    @Test
    void valueKeysAreCheckedAgainstTheConfigComposedWithTheChosenGroups() {
        assertThat(launcher.plan(request("mlp-fields", Map.of("model", "mlp", "model.hidden", "128"), List.of()))
                .overrideArgs()).containsExactlyInAnyOrder("model=mlp", "model.hidden=128");
        assertThat(launcher.plan(request("mlp-extras", Map.of(), List.of("model=mlp", "model.hidden=128")))
                .overrideArgs()).containsExactly("model=mlp", "model.hidden=128");
        assertThat(launcher.plan(request("mlp-mixed", Map.of("model.hidden", "128"), List.of("model=mlp")))
                .overrideArgs()).containsExactly("model.hidden=128", "model=mlp");
        assertThat(launcher.plan(request("added", Map.of(), List.of("+model.hidden=128"))).overrideArgs())
                .as("adding the key to cnn stays possible").containsExactly("+model.hidden=128");

        assertThatThrownBy(() -> launcher.plan(request("cnn-hidden", Map.of("model.hidden", "128"), List.of())))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.messageFor("hydra_overrides"))
                        .startsWith("model.hidden=128: unknown key 'model.hidden' — model=mlp has it"));
        assertThatThrownBy(() -> launcher.plan(request("cnn-hidden", Map.of(), List.of("model.hidden=128"))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.messageFor("extra_overrides"))
                        .startsWith("model.hidden=128: unknown key 'model.hidden'"));
        assertThat(jobs.count()).isZero();
    }

    @Test
    void everyInvalidFieldIsNamed() {
        LaunchRequest bad = new LaunchRequest(project.getId(), "", null, "dev", "nopart", "a6000", 0, -1,
                "soon", 0, "lots", Map.of("modle", "cnn"), List.of("model=resnet"), false, null);
        assertThatThrownBy(() -> launcher.plan(bad)).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.errors()).extracting(InvalidInputException.FieldError::field).contains("name", "num_nodes",
                    "gpus_per_node", "time_limit", "cpus_per_task", "memory", "hydra_overrides", "extra_overrides",
                    "partition");
            assertThat(e.messageFor("hydra_overrides")).contains("did you mean 'model'");
            assertThat(e.messageFor("extra_overrides")).contains("cnn, mlp");
        });
        assertThatThrownBy(() -> launcher.plan(new LaunchRequest(project.getId(), "ok", null, "nowhere", null, null,
                1, 0, null, null, null, null, null, false, null)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.messageFor("cluster")).contains("nowhere"));
        assertThatThrownBy(() -> launcher.plan(new LaunchRequest(project.getId(), "ok", null, "dev", "gpu", "h100",
                1, 1, null, null, null, null, null, false, null)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.messageFor("gpu_type")).contains("h100").contains("a6000"));
    }

    @Test
    void resourcesAreRefusedInTheRuleBooksWordsBeforeTheClusterIsAsked() {
        LaunchRequest tooMuch = new LaunchRequest(project.getId(), "too-much", null, "dev", "gpu", "a6000", 1, 1,
                "9999999:00:00", 1_000_000_000, "999999999999T", Map.of(), List.of(), false, null);
        assertThatThrownBy(() -> launcher.plan(tooMuch)).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.messageFor("cpus_per_task")).isEqualTo(problem(SlurmRules.cpusPerTask(1_000_000_000)))
                    .isEqualTo("must be at most 65533, got 1000000000");
            assertThat(e.messageFor("memory")).isEqualTo(problem(SlurmRules.memory("999999999999T")))
                    .startsWith("must be at most 1 PiB");
            assertThat(e.messageFor("time_limit")).isEqualTo(problem(SlurmRules.timeLimit("9999999:00:00")));
        });
        assertThatThrownBy(() -> launcher.plan(new LaunchRequest(project.getId(), "named", null, "dev", "gpu:x",
                "a6000:1", 1, 1, null, null, null, null, null, false, null)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.messageFor("partition")).isEqualTo(problem(SlurmRules.partition("gpu:x")));
                    assertThat(e.messageFor("gpu_type")).isEqualTo(problem(SlurmRules.gpuType("a6000:1")));
                });
        // _gpu is a name SLURM takes (the reader took it, the renderer did not): only the cluster lacks it
        assertThatThrownBy(() -> launcher.plan(new LaunchRequest(project.getId(), "underscore", null, "dev", "_gpu",
                null, 1, 0, null, null, null, null, null, false, null)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.messageFor("partition")).startsWith("no partition '_gpu' on dev; it has"));
        assertThat(jobs.count()).isZero();
    }

    @Test
    void lowerCaseMemoryIsTheUpperCaseOneAndMoreGpusThanFreeIsAWaitNotARefusal() {
        LaunchPlan plan = launcher.plan(new LaunchRequest(project.getId(), "lower", null, "dev", "gpu", "a100", 1, 4,
                "00:05:00", 2, "512m", Map.of(), List.of(), false, null));

        assertThat(plan.script()).contains("#SBATCH --mem=512M\n", "#SBATCH --cpus-per-task=2\n",
                "#SBATCH --gres=gpu:a100:4\n");
        assertThat(plan.spec().memory()).isEqualTo("512M");
        // dev has 2 a100s in all: the form's hint and this warning are one rule's words (FreeGpus)
        assertThat(plan.warnings()).anyMatch(w -> w.startsWith("You ask for 4 a100 GPUs but ")
                && w.endsWith(" free now: the job will wait in the queue."));
    }

    @Test
    void resourcesFromTheCommittedMlopsConfigReachTheScriptAsTheReaderNormalisedThem() {
        repo.commitLocally(".mlops-config.yaml", """
                resources:
                  partition: debug
                  memory: 1g
                  cpus_per_task: 2
                  time_limit: "0-01"
                  gpus_per_node: 0
                """);
        projectService.sync(project.getId());

        LaunchPlan plan = launcher.plan(new LaunchRequest(project.getId(), "from-config", null, "dev", null, null,
                null, null, null, null, null, Map.of(), List.of(), false, null));

        assertThat(plan.script()).contains("#SBATCH --partition=debug\n", "#SBATCH --mem=1G\n",
                "#SBATCH --cpus-per-task=2\n", "#SBATCH --time=0-01\n").doesNotContain("--gres");
    }

    private static String problem(SlurmRules.Checked<?> checked) {
        return checked.problem().orElseThrow().message();
    }

    @Test
    void aDirtyWorkTreeIsRefusedUnlessLaunchedAnywayWhichIsRecorded() throws Exception {
        java.nio.file.Files.writeString(repo.workTree.resolve("train.py"), "print('uncommitted')\n");
        assertThatThrownBy(() -> launcher.plan(request("dirty", Map.of(), List.of())))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.messageFor("allow_dirty")).contains("train.py"));

        LaunchRequest anyway = new LaunchRequest(project.getId(), "dirty", null, "dev", "gpu", "a6000", 1, 1,
                "00:05:00", null, null, Map.of(), List.of(), true, null);
        Job job = launcher.launch(anyway);
        assertThat(job.isLaunchedDirty()).isTrue();
        awaitEnd(job.getSlurmJobId());
        assertThat(read(job.getStdoutPath())).contains("MC-COMMIT " + repo.head()).doesNotContain("uncommitted");
    }

    @Test
    void aRepeatedRequestWithTheSameKeySubmitsOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        LaunchRequest twice = new LaunchRequest(project.getId(), "double-click", null, "dev", "gpu", "a6000", 1, 1,
                "00:05:00", null, null, Map.of(), List.of(), false, key);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Job> click = () -> launcher.launch(twice);
            List<Future<Job>> clicks = pool.invokeAll(List.of(click, click));
            assertThat(clicks.get(0).get().getId()).isEqualTo(clicks.get(1).get().getId());
        } finally {
            pool.shutdown();
        }
        assertThat(jobs.count()).isEqualTo(1);
        String comment = BatchScriptSpec.comment(jobs.findAll().getFirst().getId());
        assertThat(gateway.queueByComment(ClusterIdentity.of(dev()), comment)).hasSize(1);
    }

    @Test
    void aPortalThatDiesBetweenSbatchAndStoringItsAnswerEndsWithExactlyOneSlurmJob() {
        JobLaunchService dying = new JobLaunchService(projectService, clusters, gateway, jobs, transitions, tx, properties,
                clock, Optional.of((jobId, slurmId) -> {
                    throw new IllegalStateException("simulated crash after sbatch answered " + slurmId);
                }), new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), instances);

        assertThatThrownBy(() -> dying.launch(request("crash", Map.of(), List.of())))
                .hasMessageContaining("simulated crash");
        Job orphan = jobs.findAll().getFirst();
        assertThat(orphan.getStatus()).isEqualTo(JobStatus.SUBMITTING);
        assertThat(orphan.getSlurmJobId()).isNull();

        launcher.reconcileSubmitting(); // what a restart does

        Job settled = jobs.findById(orphan.getId()).orElseThrow();
        List<QueueEntry> inSlurm = gateway.queueByComment(ClusterIdentity.of(dev()), BatchScriptSpec.comment(orphan.getId()));
        assertThat(inSlurm).hasSize(1);
        assertThat(settled.getSlurmJobId()).isEqualTo(inSlurm.getFirst().jobId());
        assertThat(settled.getStatus()).isNotEqualTo(JobStatus.SUBMITTING).isNotEqualTo(JobStatus.SUBMIT_FAILED);
        assertThat(jobs.count()).isEqualTo(1);
    }

    @Test
    void aLaunchThatNeverReachedSbatchIsMarkedFailedOnRestart() {
        Job orphan = tx.execute(s -> transitions.recordNew(new Job(project, "never-sent", repo.head(), "dev",
                clock.instant())));

        launcher.reconcileSubmitting();

        Job settled = jobs.findById(orphan.getId()).orElseThrow();
        assertThat(settled.getStatus()).isEqualTo(JobStatus.SUBMIT_FAILED);
        assertThat(settled.getStatusReason()).contains("no SLURM job carries this job's id");
    }

    @Test
    void aStaleSubmissionIsSettledWhileTheLaunchInProgressIsLeftAlone() {
        Job stale = tx.execute(s -> transitions.recordNew(new Job(project, "stale", repo.head(), "dev",
                clock.instant().minus(java.time.Duration.ofMinutes(10)))));
        Job inFlight = tx.execute(s -> transitions.recordNew(new Job(project, "in-flight", repo.head(), "dev",
                clock.instant())));

        launcher.reconcileStale(java.time.Duration.ofMinutes(5));

        assertThat(jobs.findById(stale.getId()).orElseThrow().getStatus()).isEqualTo(JobStatus.SUBMIT_FAILED);
        assertThat(jobs.findById(inFlight.getId()).orElseThrow().getStatus()).isEqualTo(JobStatus.SUBMITTING);
    }

    @Test
    void aCommitOnlyOnAnotherRemoteThanOriginIsShippedAsABundle() throws Exception {
        java.nio.file.Path fork = repo.root.resolve("fork.git");
        org.eclipse.jgit.api.Git.init().setBare(true).setDirectory(fork.toFile()).setInitialBranch("main").call()
                .close();
        repo.git.remoteAdd().setName("fork").setUri(new org.eclipse.jgit.transport.URIish(fork.toUri().toString()))
                .call();
        repo.commitLocally("fork-only.txt", "on the fork\n");
        repo.git.push().setRemote("fork").setRefSpecs(new org.eclipse.jgit.transport.RefSpec(
                "refs/heads/main:refs/heads/main")).call();
        projectService.sync(project.getId());

        LaunchPlan plan = launcher.plan(request("forked", Map.of(), List.of()));

        assertThat(plan.codeSource()).as("origin does not have the commit").isEqualTo(LaunchPlan.CodeSource.BUNDLE);
    }

    @Test
    void anOriginUrlThatGitWouldRunAsACommandNeverReachesTheScriptAndTheCommitIsBundled() throws Exception {
        String canary = "/tmp/mc-remote-canary-" + UUID.randomUUID();
        for (String hostile : List.of("ext::sh -c touch% " + canary, "ssh://-oProxyCommand=touch " + canary + "/x",
                "--upload-pack=touch " + canary)) {
            var config = repo.git.getRepository().getConfig();
            config.setString("remote", "origin", "url", hostile);
            config.save();
            projectService.sync(project.getId());

            LaunchPlan plan = launcher.plan(request("hostile-origin", Map.of(), List.of()));

            assertThat(plan.codeSource()).as(hostile).isEqualTo(LaunchPlan.CodeSource.BUNDLE);
            assertThat(plan.warnings()).anyMatch(w -> w.contains("not usable by clusters") && w.contains("git bundle"));
            assertThat(plan.script()).doesNotContain(canary, "git remote add");
        }
        Job job = launcher.launch(request("hostile-origin", Map.of(), List.of()));
        awaitEnd(job.getSlurmJobId());
        assertThat(read(job.getStdoutPath())).contains("MC-COMMIT " + repo.head(), "MC-DONE");
        assertThat(exec("test", "-e", canary).exitCode()).as("nothing ran on the cluster").isNotZero();
        assertThat(java.nio.file.Files.exists(java.nio.file.Path.of(canary))).as("nothing ran here").isFalse();
    }

    @Test
    void theScriptUsesTheCommittedSettingsNotUncommittedOnes() throws Exception {
        java.nio.file.Files.writeString(repo.workTree.resolve(".mlops-config.yaml"), """
                train_script: not_committed.py
                setup_commands:
                  - echo uncommitted-setup
                """);
        LaunchRequest anyway = new LaunchRequest(project.getId(), "settings", null, "dev", "gpu", "a6000", 1, 1,
                "00:05:00", null, null, Map.of(), List.of(), true, null);

        LaunchPlan plan = launcher.plan(anyway);

        assertThat(plan.script()).contains("srun python 'train.py'").doesNotContain("not_committed.py",
                "uncommitted-setup");
    }

    // ---- helpers

    private ExecResult exec(String program, String... args) {
        return DevClusterShell.remote().exec(dev(), RemoteCommand.of(program).args(args));
    }

    private String read(String path) {
        return new String(DevClusterShell.remote().readRange(dev(), path, 0, 1 << 20), StandardCharsets.UTF_8);
    }

    /** Waits (at most two minutes) until sacct reports the job finished. */
    private AccountingEntry awaitEnd(String slurmId) throws InterruptedException {
        slurmIds.add(slurmId);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<AccountingEntry> rows = gateway.accounting(ClusterIdentity.of(dev()), List.of(slurmId));
            if (!rows.isEmpty() && rows.getFirst().state().isTerminal()) {
                return rows.getFirst();
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("SLURM job " + slurmId + " did not finish within two minutes");
    }
}
