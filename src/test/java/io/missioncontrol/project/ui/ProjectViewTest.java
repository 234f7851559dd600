package io.missioncontrol.project.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.hierarchy.TreeData;
import com.vaadin.flow.data.provider.hierarchy.TreeDataProvider;
import com.vaadin.flow.router.Location;
import io.missioncontrol.KaribuTest;
import io.missioncontrol.TestData;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.job.JobStatusChangeRepository;
import io.missioncontrol.job.JobSummary;
import io.missioncontrol.job.JobTransitions;
import io.missioncontrol.job.ui.JobGrid;
import io.missioncontrol.project.GitProjects;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.ProjectRepository;
import io.missioncontrol.project.ProjectService;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class ProjectViewTest extends KaribuTest {

    @Autowired ProjectRepository projects;
    @Autowired JobRepository jobs;
    @Autowired JobStatusChangeRepository history;
    @Autowired ProjectService projectService;
    @Autowired JobTransitions transitions;
    @Autowired PlatformTransactionManager txManager;

    @TempDir Path tmp;

    @BeforeEach
    void emptyTables() {
        deleteAllRows();
    }

    @Test
    void anUnknownIdSaysThereIsNoSuchProject() {
        open("does-not-exist");

        _get(H3.class, spec -> spec.withText("No such project"));
        assertThat(UI.getCurrent().getInternals().getTitle()).startsWith("No such project");
    }

    @Test
    void aCleanPushedProjectShowsItsMetadataAndSettingsWithoutWarnings() throws Exception {
        Git git = GitProjects.visionProject(tmp);
        Project project = projectService.add(GitProjects.workTree(git).toString(), null);

        open(project.getId());

        _get(H2.class, spec -> spec.withText("vision"));
        TextField commit = _get(TextField.class, spec -> spec.withLabel("Commit"));
        assertThat(commit.getValue()).isEqualTo(git.getRepository().resolve("HEAD").name());
        assertThat(commit.isReadOnly()).isTrue();
        assertThat(commit.getClassNames()).contains("mc-mono");
        assertThat(field("Branch")).isEqualTo("main");
        assertThat(field("Remote (origin)")).endsWith("vision-origin.git/");
        assertThat(warnings()).isEmpty();
        _assertNone(Paragraph.class, spec -> spec.withClasses("mc-warning"));

        assertThat(field("Train script")).isEqualTo("python src/train.py");
        assertThat(field("Python")).isEqualTo("conda env vision-2.3, after module load cuda/12.1");
        assertThat(field("Resource defaults")).isEqualTo(
                "partition gpu · 1 node · 2 × a6000 GPUs per node · 8 CPUs per task · 32G memory · time limit 04:00:00");
        assertThat(field("Weights & Biases")).isEqualTo("my-lab/vision");
        assertThat(field("Hydra location")).isEqualTo("configs / train");
        assertThat(field("Environment variables")).isEqualTo("OMP_NUM_THREADS=8");
        assertThat(UI.getCurrent().getInternals().getTitle()).isEqualTo("vision · Mission Control");
    }

    @Test
    void dirtyAndUnpushedStateIsExplainedInPlainWords() {
        Git git = GitProjects.repoWithOneCommit(tmp.resolve("local-only"));
        Project project = projectService.add(GitProjects.workTree(git).toString(), null);
        GitProjects.write(git, "a.py", "1\n");
        GitProjects.write(git, "b.py", "2\n");
        GitProjects.write(git, "README.md", "changed\n");

        open(project.getId());

        String shortCommit = project.getCurrentCommit().substring(0, 8);
        assertThat(warnings()).containsExactly(
                "3 files have uncommitted changes: README.md, a.py, b.py — a job runs the last commit, not these changes.",
                "Commit " + shortCommit + " is not on any remote yet (the repository has no origin remote) — it will be "
                        + "shipped to the cluster as a git bundle.");
    }

    @Test
    void manyDirtyFilesAreCountedNotAllListed() {
        Git git = GitProjects.visionProject(tmp);
        Project project = projectService.add(GitProjects.workTree(git).toString(), null);
        for (int i = 1; i <= 7; i++) {
            GitProjects.write(git, "scratch/f" + i + ".py", "x\n");
        }

        open(project.getId());

        assertThat(warnings()).containsExactly("7 files have uncommitted changes: scratch/f1.py, scratch/f2.py, "
                + "scratch/f3.py, scratch/f4.py, scratch/f5.py … and 2 more — a job runs the last commit, not these changes.");
    }

    @Test
    void aNewCommitSinceTheLastSyncIsPointedOutAndSyncRecordsIt() {
        Git git = GitProjects.visionProject(tmp);
        Project project = projectService.add(GitProjects.workTree(git).toString(), null);
        RevCommit next = GitProjects.commitFile(git, "src/extra.py", "pass\n", "More");
        GitProjects.push(git, "main");
        ProjectView view = open(project.getId());
        assertThat(warnings()).containsExactly("The work tree has changed since the last sync: it is now on branch main at "
                + "commit " + next.name().substring(0, 8) + ". Press Sync to record it.");

        _click(view.syncButton);

        assertThat(field("Commit")).isEqualTo(next.name());
        assertThat(warnings()).isEmpty();
        assertThat(ProjectsViewTest.notificationTexts()).contains("Synced vision: main at " + next.name().substring(0, 8));
    }

    @Test
    void theHydraConfigIsShownAsTreesOfGroupsAndValues() {
        Git git = GitProjects.visionProject(tmp);
        Project project = projectService.add(GitProjects.workTree(git).toString(), null);

        ProjectView view = open(project.getId());

        TreeData<HydraTrees.GroupRow> groups = treeData(view.groupTree);
        assertThat(groups.getRootItems()).extracting(HydraTrees.GroupRow::label)
                .containsExactly("dataset", "experiment", "model", "trainer");
        HydraTrees.GroupRow model = groups.getRootItems().get(2);
        assertThat(model.defaultText()).isEqualTo("cnn");
        assertThat(model.optionsText()).isEqualTo("3 options");
        assertThat(groups.getChildren(model)).extracting(HydraTrees.GroupRow::label)
                .containsExactly("optimizer", "cnn", "mlp", "resnet");
        assertThat(groups.getChildren(model)).filteredOn(r -> "default".equals(r.defaultText()))
                .extracting(HydraTrees.GroupRow::option).containsExactly("cnn");
        HydraTrees.GroupRow optimizer = groups.getChildren(model).getFirst();
        assertThat(optimizer.defaultText()).isEqualTo("adam");
        assertThat(groups.getChildren(optimizer)).extracting(HydraTrees.GroupRow::label).containsExactly("adam", "sgd");
        assertThat(groups.getRootItems().get(1).defaultText()).isEqualTo("null (nothing loaded unless chosen)");
        assertThat(view.groupTree.isExpanded(model)).isTrue();

        TreeData<HydraTrees.ValueRow> values = treeData(view.valueTree);
        assertThat(values.getRootItems()).extracting(HydraTrees.ValueRow::key).containsExactly(
                "model", "dataset", "trainer", "seed", "run_name", "tags", "notes", "debug", "output_dir");
        Map<String, HydraTrees.ValueRow> modelValues = byKey(values.getChildren(values.getRootItems().getFirst()));
        assertThat(modelValues.get("lr")).isEqualTo(new HydraTrees.ValueRow("model.lr", "lr", "0.001", "float"));
        assertThat(modelValues.get("channels").type()).isEqualTo("list (2)");
        assertThat(modelValues.get("optimizer").type()).isEqualTo("map");
        Map<String, HydraTrees.ValueRow> top = byKey(values.getRootItems());
        assertThat(top.get("seed")).isEqualTo(new HydraTrees.ValueRow("seed", "seed", "42", "int"));
        assertThat(top.get("notes").type()).isEqualTo("missing (???)");
        assertThat(top.get("output_dir")).isEqualTo(
                new HydraTrees.ValueRow("output_dir", "output_dir", "${hydra:runtime.output_dir}", "interpolation"));
        assertThat(top.get("debug").type()).isEqualTo("bool");
    }

    @Test
    void withoutAHydraConfigItSaysWhereItLooked() {
        Git git = GitProjects.repoWithOneCommit(tmp.resolve("plain"));
        Project project = projectService.add(GitProjects.workTree(git).toString(), null);

        ProjectView view = open(project.getId());

        Paragraph none = _get(Paragraph.class, spec -> spec.withClasses("mc-hydra-none"));
        assertThat(none.getText()).startsWith("No Hydra config found (looked at configs/train.yaml, configs/config.yaml, ");
        assertThat(view.groupTree).isNull();
        assertThat(pageText()).contains("No .mlops-config.yaml in the project: jobs run python train.py",
                "train_script 'train.py' (the default) does not exist in the project directory");
    }

    @Test
    void aBrokenMlopsConfigIsShownAsItsMessage() {
        Git git = GitProjects.repoWithOneCommit(tmp.resolve("broken"));
        GitProjects.commitFile(git, ".mlops-config.yaml", "resources:\n  nodes: many\n", "settings");
        Project project = projectService.add(GitProjects.workTree(git).toString(), null);

        open(project.getId());

        assertThat(errorBoxes()).anyMatch(t -> t.contains(
                ".mlops-config.yaml line 2: resources.nodes must be a whole number, got 'many'"));
        assertThat(errorBoxes()).anyMatch(t -> t.startsWith("The Hydra config cannot be read: .mlops-config.yaml, line 2:"));
    }

    @Test
    void aProjectWhoseFolderIsGoneStillShowsItsPage() {
        Project project = TestData.project(projects, "vanished", Instant.now());

        open(project.getId());

        _get(H2.class, spec -> spec.withText("vanished"));
        assertThat(errorBoxes()).anyMatch(t -> t.startsWith("Cannot read the Git state of project 'vanished'"));
        assertThat(pageText()).contains("The project folder '/tmp/projects/vanished' does not exist any more");
    }

    @Test
    void theJobHistoryIsFilteredByStatusAndOpensAJob() {
        Project project = TestData.project(projects, "history", Instant.now());
        Project other = TestData.project(projects, "other", Instant.now());
        Instant t = Instant.parse("2026-11-20T08:00:00Z");
        TestData.job(jobs, project, "first", JobStatus.COMPLETED, t);
        Job failed = TestData.job(jobs, project, "second", JobStatus.FAILED, t.plusSeconds(60));
        TestData.job(jobs, project, "third", JobStatus.RUNNING, t.plusSeconds(120));
        TestData.job(jobs, other, "elsewhere", JobStatus.FAILED, t);
        open(project.getId());
        JobGrid jobGrid = _get(JobGrid.class); // the job feature's section of the page

        assertThat(GridKt._findAll(jobGrid.grid)).extracting(JobSummary::name).containsExactly("third", "second", "first");

        _setValue(jobGrid.statusFilter, Set.of(JobStatus.FAILED, JobStatus.COMPLETED));
        assertThat(GridKt._findAll(jobGrid.grid)).extracting(JobSummary::name).containsExactly("second", "first");

        _setValue(jobGrid.statusFilter, Set.of(JobStatus.PENDING));
        assertThat(GridKt._size(jobGrid.grid)).isZero();

        _setValue(jobGrid.statusFilter, Set.of(JobStatus.FAILED));
        GridKt._clickItem(jobGrid.grid, 0);
        assertThat(UI.getCurrent().getInternals().getActiveViewLocation().getPath()).isEqualTo("jobs/" + failed.getId());
    }

    @Test
    void theJobHistoryShowsANewStatusByPushAfterTheTransitionCommits() throws Exception {
        Project project = TestData.project(projects, "live-history", Instant.now());
        Job job = TestData.job(jobs, project, "watch-me", JobStatus.PENDING, Instant.now());
        open(project.getId());
        JobGrid jobGrid = _get(JobGrid.class);
        assertThat(GridKt._get(jobGrid.grid, 0).status()).isEqualTo(JobStatus.PENDING);

        // as the poller does it: a transition inside a transaction, delivered to listeners after commit
        new TransactionTemplate(txManager).executeWithoutResult(s -> transitions.change(
                jobs.findById(job.getId()).orElseThrow(), JobStatus.RUNNING, null));
        awaitUi("the pushed state", Duration.ofSeconds(10),
                () -> GridKt._get(jobGrid.grid, 0).status() == JobStatus.RUNNING);

        assertThat(GridKt._get(jobGrid.grid, 0).status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void goingToAnotherProjectShowsItsJobsWithTheFiltersCleared() {
        Project first = TestData.project(projects, "first-project", Instant.now());
        Project second = TestData.project(projects, "second-project", Instant.now());
        TestData.job(jobs, first, "one", JobStatus.FAILED, Instant.now());
        TestData.job(jobs, second, "two", JobStatus.COMPLETED, Instant.now());
        open(first.getId());
        JobGrid jobGrid = _get(JobGrid.class);
        _setValue(jobGrid.statusFilter, Set.of(JobStatus.FAILED));
        assertThat(GridKt._findAll(jobGrid.grid)).extracting(JobSummary::name).containsExactly("one");

        UI.getCurrent().navigate("projects/" + second.getId());

        JobGrid shown = _get(JobGrid.class);
        assertThat(shown.statusFilter.getValue()).isEmpty();
        assertThat(GridKt._findAll(shown.grid)).extracting(JobSummary::name).containsExactly("two");
    }

    @Test
    void launchJobOpensTheLaunchPageForThisProject() {
        Project project = TestData.project(projects, "launchy", Instant.now());
        ProjectView view = open(project.getId());

        _click(view.launchButton);

        Location location = UI.getCurrent().getInternals().getActiveViewLocation();
        assertThat(location.getPath()).isEqualTo("launch");
        assertThat(location.getQueryParameters().getParameters()).containsEntry("project", List.of(project.getId()));
    }

    // ---- helpers

    private ProjectView open(String id) {
        startUi();
        UI.getCurrent().navigate("projects/" + id);
        return _find(ProjectView.class).stream().findFirst().orElse(null);
    }

    private static String field(String label) {
        return _get(TextField.class, spec -> spec.withLabel(label)).getValue();
    }

    /** The Git warnings (not the .mlops-config.yaml ones). */
    private static List<String> warnings() {
        return _find(Paragraph.class, spec -> spec.withClasses("mc-git-warning")).stream().map(Paragraph::getText).toList();
    }

    private static List<String> errorBoxes() {
        return _find(Div.class, spec -> spec.withClasses("mc-error-box")).stream()
                .map(d -> d.getElement().getTextRecursively()).toList();
    }

    private static String pageText() {
        return _get(ProjectView.class).getElement().getTextRecursively();
    }

    @SuppressWarnings("unchecked")
    private static <T> TreeData<T> treeData(Component treeGrid) {
        assertThat(treeGrid).isNotNull();
        return ((TreeDataProvider<T>) ((com.vaadin.flow.component.treegrid.TreeGrid<T>) treeGrid).getDataProvider()).getTreeData();
    }

    private static Map<String, HydraTrees.ValueRow> byKey(List<HydraTrees.ValueRow> rows) {
        return rows.stream().collect(java.util.stream.Collectors.toMap(HydraTrees.ValueRow::key, r -> r));
    }
}
