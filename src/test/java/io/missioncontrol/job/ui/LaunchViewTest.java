package io.missioncontrol.job.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.RouterLink;
import io.missioncontrol.KaribuTest;
import io.missioncontrol.TrainingRepo;
import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.DevClusterShell;
import io.missioncontrol.cluster.ClusterGateway;
import io.missioncontrol.cluster.ClusterService;
import io.missioncontrol.cluster.gpu.GpuCount;
import io.missioncontrol.cluster.slurm.AccountingEntry;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.job.JobStatusChange;
import io.missioncontrol.job.JobStatusChangeRepository;
import io.missioncontrol.job.launch.JobLaunchService;
import io.missioncontrol.job.launch.LaunchRequest;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.ProjectRepository;
import io.missioncontrol.project.ProjectService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The launch form, driven by karibu against the real dev cluster. */
class LaunchViewTest extends KaribuTest {

    @Autowired ProjectService projectService;
    @Autowired ProjectRepository projects;
    @Autowired JobRepository jobs;
    @Autowired JobStatusChangeRepository history;
    @Autowired ClusterService clusters;
    @Autowired ClusterGateway gateway;
    @Autowired JobLaunchService launchService;

    private TrainingRepo repo;
    private Project project;

    @BeforeEach
    void freshProject() {
        deleteAllRows();
        repo = TrainingRepo.create("tiny");
        project = projectService.add(repo.workTree.toString(), "tiny-" + UUID.randomUUID().toString().substring(0, 6));
    }

    @AfterEach
    void cleanUp() {
        List<String> slurmIds = jobs.findAll().stream().map(Job::getSlurmJobId).filter(id -> id != null).toList();
        if (!slurmIds.isEmpty()) {
            gateway.cancel(gateway.serviceAccount("dev"), slurmIds);
        }
        repo.close();
    }

    @Test
    void theProjectFromTheQueryParameterIsPreselectedWithItsHydraForm() {
        LaunchView view = open();

        assertThat(view.project.getValue().getId()).isEqualTo(project.getId());
        assertThat(view.gitBox.getElement().getTextRecursively()).contains("Runs commit " + repo.head().substring(0, 7));
        assertThat(view.allowDirty.isVisible()).isFalse();
        Select<String> model = view.hydra.groupSelects.get("model");
        assertThat(model.getListDataView().getItems()).containsExactly("cnn", "mlp");
        assertThat(model.getValue()).isEqualTo("cnn");
        assertThat(view.hydra.valueFields.get("trainer.epochs")).isInstanceOfSatisfying(IntegerField.class,
                f -> assertThat(f.getValue()).isEqualTo(1));
        assertThat(view.hydra.valueFields.get("trainer.lr")).isInstanceOfSatisfying(NumberField.class,
                f -> assertThat(f.getValue()).isEqualTo(0.01));
        assertThat(view.hydra.changedFields()).isEmpty();
    }

    @Test
    void withoutProjectsItSaysWhatToDo() {
        projects.deleteAll();
        startUi();
        UI.getCurrent().navigate("launch");

        _get(H3.class, spec -> spec.withText("No projects yet"));
    }

    @Test
    @Tag("cluster")
    void choosingDevLoadsPartitionsAndTheGpuChartAndGpuTypesFollowThePartition() {
        LaunchView view = open();

        _setValue(view.cluster, cluster("dev"));
        assertThat(view.clusterStatus.getElement().getTextRecursively()).contains("Asking dev for its partitions");
        await("partitions of dev", () -> !view.partition.getListDataView().getItems().toList().isEmpty());

        assertThat(view.partition.getListDataView().getItems()).containsExactly("gpu", "debug");
        assertThat(view.partition.getValue()).isEqualTo("gpu");
        assertThat(view.partition.getItemLabelGenerator().apply("gpu")).isEqualTo("gpu (default)");
        assertThat(_find(view.chartBox, Div.class, spec -> spec.withClasses("mc-gpu-chart"))).hasSize(2);
        assertThat(view.clusterStatus.getChildren()).isEmpty();

        for (String partition : List.of("gpu", "debug")) {
            _setValue(view.partition, partition);
            List<GpuCount> offered = gateway.gpuAvailability(gateway.serviceAccount("dev"), false).partition(partition).orElseThrow().gpus();
            assertThat(view.gpuType.getListDataView().getItems().toList())
                    .containsExactlyInAnyOrderElementsOf(offered.stream().map(GpuCount::gpuType).toList());
            GpuCount a6000 = offered.stream().filter(g -> g.gpuType().equals("a6000")).findFirst().orElseThrow();
            assertThat(view.gpuType.getItemLabelGenerator().apply("a6000"))
                    .isEqualTo("a6000 (" + a6000.free() + " of " + a6000.total() + " free)");
        }
        _setValue(view.gpuType, "a100");
        _setValue(view.gpusPerNode, 50);
        assertThat(view.gpusPerNode.getHelperText()).startsWith("You ask for 50 a100 GPUs but ")
                .endsWith("the job will wait in the queue.");
    }

    @Test
    void theDeadClusterSaysWhyItIsUnreachableAndTheRestOfTheFormStaysUsable() {
        LaunchView view = open();

        _setValue(view.cluster, cluster("dead"));
        await("the dead cluster's answer", () -> !_find(view.clusterStatus, Div.class,
                spec -> spec.withClasses("mc-cluster-unreachable")).isEmpty());

        String text = view.clusterStatus.getElement().getTextRecursively();
        assertThat(text).startsWith("Cannot reach dead: ").contains("127.0.0.1", "the rest of the form still works");
        assertThat(view.partition.getListDataView().getItems()).isEmpty();
        assertThat(view.name.isEnabled()).isTrue();
        assertThat(view.submitButton.isEnabled()).isTrue();
        _setValue(view.name, "still-typing");
        assertThat(view.name.getValue()).isEqualTo("still-typing");
    }

    @Test
    @Tag("cluster")
    void anInvalidNameIsShownOnTheNameFieldAndNothingIsSubmitted() {
        LaunchView view = openWithDev();
        _setValue(view.name, "bad name; rm -rf");

        _click(view.submitButton);
        await("the refusal", () -> view.name.isInvalid());

        assertThat(view.name.getErrorMessage()).startsWith("Use 1-100 letters, digits");
        assertThat(view.formErrors.getElement().getTextRecursively()).contains("The job was not submitted");
        assertThat(view.submitButton.isEnabled()).isTrue();
        assertThat(jobs.count()).isZero();

        _setValue(view.name, "good-name");
        assertThat(view.name.isInvalid()).isFalse();
    }

    @Test
    @Tag("cluster")
    void resourcesAreCheckedAsTheyAreTypedInTheWordsTheServiceUses() {
        LaunchView view = openWithDev();
        _setValue(view.name, "live-check");
        _setValue(view.memory, "999999999999T");
        _setValue(view.cpusPerTask, 1_000_000_000);
        _setValue(view.timeLimit, "9999999:00:00");
        _setValue(view.nodes, 0);

        assertThat(view.memory.isInvalid()).isTrue();
        assertThat(view.memory.getErrorMessage()).startsWith("Must be at most 1 PiB").endsWith("got '999999999999T'");
        assertThat(view.cpusPerTask.getErrorMessage()).isEqualTo("Must be at most 65533, got 1000000000");
        assertThat(view.timeLimit.getErrorMessage()).isEqualTo("Must be at most 9999 days, got '9999999:00:00'");
        assertThat(view.nodes.getErrorMessage()).isEqualTo("Must be at least 1, got 0");
        InvalidInputException service = catchThrowableOfType(InvalidInputException.class,
                () -> launchService.plan(new LaunchRequest(project.getId(), "live-check", null, "dev", "gpu", "a6000",
                        0, 1, "9999999:00:00", 1_000_000_000, "999999999999T", null, null, false, null)));
        assertThat(view.memory.getErrorMessage()).isEqualTo(capitalized(service.messageFor("memory")));
        assertThat(view.cpusPerTask.getErrorMessage()).isEqualTo(capitalized(service.messageFor("cpus_per_task")));
        assertThat(view.timeLimit.getErrorMessage()).isEqualTo(capitalized(service.messageFor("time_limit")));
        assertThat(view.nodes.getErrorMessage()).isEqualTo(capitalized(service.messageFor("num_nodes")));

        _click(view.previewButton);
        await("the refusal", () -> !view.formErrors.getChildren().toList().isEmpty());
        assertThat(view.memory.getErrorMessage()).as("the service says the same").isEqualTo(
                capitalized(service.messageFor("memory")));

        _setValue(view.memory, "2g");
        _setValue(view.cpusPerTask, 2);
        _setValue(view.timeLimit, "00:05:00");
        _setValue(view.nodes, 1);
        assertThat(List.of(view.memory.isInvalid(), view.cpusPerTask.isInvalid(), view.timeLimit.isInvalid(),
                view.nodes.isInvalid())).containsOnly(false);
        _click(view.previewButton);
        await("the preview", () -> !_find(view.previewPanel, Pre.class).isEmpty());
        assertThat(_get(view.previewPanel, Pre.class).getText()).contains("#SBATCH --mem=2G\n");
        assertThat(jobs.count()).isZero();
    }

    @Test
    void anInvalidExtraOverrideShowsAProblemAsItIsTyped() {
        LaunchView view = open();

        _setValue(view.hydra.extra, "trainer.epochs=2\nmodel=resnet");

        assertThat(view.hydra.extra.isInvalid()).isTrue();
        assertThat(problems(view)).containsExactly("model=resnet — option 'resnet' not in model: cnn, mlp");

        _setValue(view.hydra.extra, "trainer.epochs=2\nmodel=mlp");
        assertThat(view.hydra.extra.isInvalid()).isFalse();
        assertThat(problems(view)).isEmpty();
    }

    @Test
    @Tag("cluster")
    void previewShowsTheExactScriptWithTheOverridesAndCreatesNoJob() {
        LaunchView view = openWithDev();
        _setValue(view.name, "preview-me");
        _setValue(view.hydra.groupSelects.get("model"), "mlp");
        _setValue((IntegerField) view.hydra.valueFields.get("trainer.epochs"), 3);
        _setValue(view.hydra.extra, "+trainer.note=from-the-form");

        _click(view.previewButton);
        await("the preview", () -> !_find(view.previewPanel, Pre.class).isEmpty());

        String script = _get(view.previewPanel, Pre.class).getText();
        assertThat(script).contains("#SBATCH --partition=gpu", "#SBATCH --gres=gpu:", "model=mlp", "trainer.epochs=3",
                "+trainer.note=from-the-form");
        assertThat(view.hydra.changedFields()).containsExactly(java.util.Map.entry("model", "mlp"),
                java.util.Map.entry("trainer.epochs", "3"));
        assertThat(view.working.isVisible()).isFalse();
        assertThat(jobs.count()).isZero();
    }

    @Test
    @Tag("cluster")
    void choosingAnotherOptionShowsItsValuesKeepsWhatWasChangedAndThePreviewPassesIt() {
        LaunchView view = openWithDev();
        _setValue(view.name, "recomposed");
        _setValue((IntegerField) view.hydra.valueFields.get("trainer.epochs"), 3);
        assertThat(view.hydra.valueFields).containsKey("model.layers").doesNotContainKey("model.hidden");

        _setValue(view.hydra.groupSelects.get("model"), "mlp");

        assertThat(view.hydra.valueFields).as("mlp.yaml's key, not cnn.yaml's")
                .containsKey("model.hidden").doesNotContainKey("model.layers");
        assertThat(view.hydra.valueFields.get("model.hidden")).isInstanceOfSatisfying(IntegerField.class,
                f -> assertThat(f.getValue()).isEqualTo(64));
        assertThat(view.hydra.valueFields.get("trainer.epochs")).as("a changed value is kept")
                .isInstanceOfSatisfying(IntegerField.class, f -> assertThat(f.getValue()).isEqualTo(3));
        assertThat(view.hydra.getElement().getTextRecursively()).doesNotContain("default choices");

        _setValue((IntegerField) view.hydra.valueFields.get("model.hidden"), 128);
        assertThat(view.hydra.changedFields()).containsExactly(java.util.Map.entry("model", "mlp"),
                java.util.Map.entry("model.hidden", "128"), java.util.Map.entry("trainer.epochs", "3"));

        _click(view.previewButton);
        await("the preview", () -> !_find(view.previewPanel, Pre.class).isEmpty());

        String script = _get(view.previewPanel, Pre.class).getText();
        assertThat(script).contains("model=mlp", "model.hidden=128", "trainer.epochs=3");
        assertThat(view.formErrors.getElement().getTextRecursively()).isEmpty();
        assertThat(jobs.count()).isZero();
    }

    @Test
    void choosingTheDefaultAgainBringsItsValuesBackAndLeavesNothingChanged() {
        LaunchView view = open();
        Select<String> model = view.hydra.groupSelects.get("model");

        _setValue(model, "mlp");
        _setValue(model, "cnn");

        assertThat(view.hydra.valueFields).containsKey("model.layers").doesNotContainKey("model.hidden");
        assertThat(view.hydra.changedFields()).isEmpty();
    }

    @Test
    void extraOverridesAreCheckedWithTheOptionsChosenInTheForm() {
        LaunchView view = open();

        _setValue(view.hydra.extra, "model.hidden=128");
        assertThat(problems(view)).singleElement().asString()
                .startsWith("model.hidden=128 — unknown key 'model.hidden' — model=mlp has it");

        _setValue(view.hydra.groupSelects.get("model"), "mlp");
        assertThat(view.hydra.extra.isInvalid()).isFalse();
        assertThat(problems(view)).isEmpty();
    }

    @Test
    @Tag("cluster")
    void aDirtyProjectNeedsLaunchAnywayAndThePreviewSaysWhatIsLeftOut() throws Exception {
        Files.writeString(repo.workTree.resolve("train.py"), "print('uncommitted')\n");
        LaunchView view = openWithDev();
        _setValue(view.name, "dirty-run");
        assertThat(view.allowDirty.isVisible()).isTrue();

        _click(view.previewButton);
        await("the refusal", () -> view.allowDirty.isInvalid());
        assertThat(view.allowDirty.getErrorMessage()).contains("train.py").contains("uncommitted");

        _setValue(view.allowDirty, true);
        _click(view.previewButton);
        await("the preview", () -> !_find(view.previewPanel, Pre.class).isEmpty());
        assertThat(_find(view.previewPanel, com.vaadin.flow.component.html.Paragraph.class,
                spec -> spec.withClasses("mc-warning")))
                .anyMatch(p -> p.getText().startsWith("Uncommitted changes (train.py) are NOT part of this run"));
    }

    @Test
    @Tag("cluster")
    void submittingAValidFormRunsARealSlurmJobAtTheRecordedCommitWithTheFormsOverrides() throws Exception {
        LaunchView view = openWithDev();
        _setValue(view.name, "from-the-form");
        _setValue(view.description, "karibu launch");
        _setValue(view.gpuType, "a6000");
        _setValue(view.timeLimit, "00:05:00");
        _setValue(view.hydra.groupSelects.get("model"), "mlp");
        _setValue((IntegerField) view.hydra.valueFields.get("trainer.epochs"), 3);
        _setValue(view.hydra.extra, "+trainer.note=hello");

        view.submitButton.click();
        view.submitButton.click(); // a double click
        assertThat(view.submitButton.isEnabled()).isFalse();
        assertThat(view.working.isVisible()).isTrue();
        await("navigation to the job page", () -> UI.getCurrent().getInternals().getActiveViewLocation().getPath()
                .startsWith("jobs/"));

        assertThat(jobs.count()).as("one job for two clicks").isOne();
        Job job = jobs.findAll().getFirst();
        assertThat(UI.getCurrent().getInternals().getActiveViewLocation().getPath()).isEqualTo("jobs/" + job.getId());
        assertThat(job.getSlurmJobId()).matches("[0-9]+");
        assertThat(history.findByJobIdOrderByChangedAtAscIdAsc(job.getId())).extracting(JobStatusChange::getStatus)
                .startsWith(JobStatus.SUBMITTING, JobStatus.PENDING);
        assertThat(job.getCommitSha()).isEqualTo(repo.head());
        assertThat(job.getPartition()).isEqualTo("gpu");
        assertThat(job.getGpuType()).isEqualTo("a6000");
        assertThat(job.getHydraOverrides()).containsEntry("model", "mlp").containsEntry("trainer.epochs", "3")
                .hasSize(2);
        assertThat(NotificationsKt.getNotifications()).extracting(n -> n.getElement().getProperty("text"))
                .contains("Submitted job from-the-form as SLURM job " + job.getSlurmJobId());

        AccountingEntry end = awaitEnd(job.getSlurmJobId());
        String out = read(job.getStdoutPath());
        assertThat(end.rawState()).as(out).startsWith("COMPLETED");
        assertThat(out).contains("MC-COMMIT " + repo.head(), "MC-ARG model=mlp", "MC-ARG trainer.epochs=3",
                "MC-ARG +trainer.note=hello", "MC-DONE");
    }

    @Test
    @Tag("cluster")
    void aJobSlurmRefusesShowsSlurmsReasonAndLinksTheKeptRecord() {
        LaunchView view = openWithDev();
        _setValue(view.name, "greedy");
        _setValue(view.gpusPerNode, 99);
        String firstKey = view.requestKey;

        _click(view.submitButton);
        await("SLURM's answer", () -> !_find(view.resultBox, Div.class, spec -> spec.withClasses("mc-submit-failed"))
                .isEmpty());

        Job job = jobs.findAll().getFirst();
        assertThat(job.getStatus()).isEqualTo(JobStatus.SUBMIT_FAILED);
        assertThat(view.resultBox.getElement().getTextRecursively()).startsWith("SLURM did not accept job greedy: ")
                .containsIgnoringCase("node configuration is not available");
        assertThat(_get(view.resultBox, RouterLink.class).getHref()).isEqualTo("jobs/" + job.getId());
        assertThat(view.requestKey).as("a retry is a new job").isNotEqualTo(firstKey);
        assertThat(UI.getCurrent().getInternals().getActiveViewLocation().getPath()).isEqualTo("launch");
    }

    @Test
    @Tag("cluster")
    void theAccountAndQosListsOfferWhatTheLaunchingAccountsAssociationsAllowAndThePreviewRendersThem() {
        LaunchView view = openWithDev();
        await("the associations of mlops", () -> !view.account.getListDataView().getItems().toList().isEmpty());

        // scripts/dev-cluster.sh: mlops is in nlp (QoS normal), vision (high, normal) and lab (normal)
        assertThat(view.account.getListDataView().getItems()).containsExactly("nlp", "vision", "lab");
        assertThat(view.account.getValue()).as("dev sets no default account").isNull();
        assertThat(view.qos.getListDataView().getItems()).containsExactly("normal", "high");
        _setValue(view.account, "nlp");
        assertThat(view.qos.getListDataView().getItems()).containsExactly("normal");
        _setValue(view.account, "vision");
        assertThat(view.qos.getListDataView().getItems()).containsExactly("high", "normal");
        _setValue(view.qos, "high");

        _setValue(view.constraint, "a100 && rm");
        assertThat(view.constraint.isInvalid()).isTrue();
        assertThat(view.constraint.getErrorMessage()).isEqualTo(capitalized(
                io.missioncontrol.cluster.slurm.SlurmRules.constraint("a100 && rm").problem().orElseThrow().message()));
        _setValue(view.constraint, "a100&(ib|eth)");
        assertThat(view.constraint.isInvalid()).isFalse();

        _setValue(view.name, "charged");
        _click(view.previewButton);
        await("the preview", () -> !_find(view.previewPanel, Pre.class).isEmpty());
        assertThat(_get(view.previewPanel, Pre.class).getText()).contains("\n#SBATCH --account=vision\n",
                "\n#SBATCH --qos=high\n", "\n#SBATCH --constraint=a100&(ib|eth)\n");

        _setValue(view.qos, null);
        _setValue(view.account, null);
        _setValue(view.constraint, "");
        _click(view.previewButton);
        await("the second preview", () -> !_find(view.previewPanel, Pre.class).isEmpty());
        assertThat(_get(view.previewPanel, Pre.class).getText()).doesNotContain("--account", "--qos", "--constraint");
        assertThat(jobs.count()).isZero();
    }

    @Test
    @Tag("cluster")
    void launchingAJobAgainFillsTheFormWithItsRecordedValuesAccountAndQosIncluded() {
        Job earlier = new Job(project, "earlier-run", repo.head(), "dev", java.time.Instant.now());
        earlier.setDescription("the first try");
        earlier.setPartition("debug");
        earlier.setNumNodes(1);
        earlier.setGpusPerNode(0);
        earlier.setTimeLimit("00:03:00");
        earlier.setMemory("1G");
        earlier.setChargeAccount("vision");
        earlier.setQos("high");
        earlier.setNodeConstraint("a100&ib");
        earlier.setHydraOverrides(java.util.Map.of("model", "mlp", "trainer.epochs", "3"));
        earlier.setExtraOverrides(List.of("+trainer.note=again"));
        jobs.save(earlier);

        startUi();
        UI.getCurrent().navigate("launch", QueryParameters.of("from", earlier.getId()));
        LaunchView view = _get(LaunchView.class);
        await("the cluster's answer", () -> !view.account.getListDataView().getItems().toList().isEmpty());

        assertThat(view.project.getValue().getId()).isEqualTo(project.getId());
        assertThat(view.name.getValue()).isEqualTo("earlier-run");
        assertThat(view.description.getValue()).isEqualTo("the first try");
        assertThat(view.cluster.getValue().name()).isEqualTo("dev");
        assertThat(view.partition.getValue()).isEqualTo("debug");
        assertThat(view.gpusPerNode.getValue()).isZero();
        assertThat(view.timeLimit.getValue()).isEqualTo("00:03:00");
        assertThat(view.memory.getValue()).isEqualTo("1G");
        assertThat(view.account.getValue()).isEqualTo("vision");
        assertThat(view.qos.getValue()).isEqualTo("high");
        assertThat(view.constraint.getValue()).isEqualTo("a100&ib");
        assertThat(view.hydra.changedFields()).containsEntry("model", "mlp").containsEntry("trainer.epochs", "3");
        assertThat(view.hydra.extraOverrides()).containsExactly("+trainer.note=again");

        _setValue(view.account, "nlp");
        assertThat(view.qos.getValue()).as("high is not allowed with nlp").isNull();
    }

    // ---- helpers

    private static String capitalized(String message) {
        return Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }

    private LaunchView open() {
        startUi();
        UI.getCurrent().navigate("launch", QueryParameters.of("project", project.getId()));
        return _get(LaunchView.class);
    }

    private LaunchView openWithDev() {
        LaunchView view = open();
        _setValue(view.cluster, cluster("dev"));
        await("partitions of dev", () -> view.partition.getValue() != null);
        return view;
    }

    private ClusterDefinition cluster(String name) {
        return clusters.require(name);
    }

    private static List<String> problems(LaunchView view) {
        List<String> out = new ArrayList<>();
        view.hydra.extraProblems.getChildren().forEach(c -> out.add(c.getElement().getText()));
        return out;
    }

    /** Lets background work land in the UI: runs the UI's pending access tasks until the condition holds. */
    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            MockVaadin.runUIQueue();
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Waited 60 s for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + what);
            }
        }
    }

    private String read(String path) {
        return new String(DevClusterShell.remote().readRange(cluster("dev"), path, 0, 65536), StandardCharsets.UTF_8);
    }

    /** Waits (at most two minutes) until sacct reports the job finished. */
    private AccountingEntry awaitEnd(String slurmId) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<AccountingEntry> rows = gateway.accounting(gateway.serviceAccount("dev"), List.of(slurmId));
            if (!rows.isEmpty() && rows.getFirst().state().isTerminal()) {
                return rows.getFirst();
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("SLURM job " + slurmId + " did not finish within two minutes");
    }
}
