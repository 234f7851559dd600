package io.missioncontrol.dashboard.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import io.missioncontrol.KaribuTest;
import io.missioncontrol.TestData;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.job.JobSummary;
import io.missioncontrol.job.JobTransitions;
import io.missioncontrol.job.ui.JobGrid;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.ProjectRepository;
import io.missioncontrol.project.ProjectSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class DashboardViewTest extends KaribuTest {

    @Autowired ProjectRepository projects;
    @Autowired JobRepository jobs;
    @Autowired JobTransitions transitions;
    @Autowired PlatformTransactionManager txManager;

    @BeforeEach
    void emptyTables() {
        jobs.deleteAll();
        projects.deleteAll();
    }

    @Test
    void showsSeededProjectsAndJobsNewestFirst() {
        Instant t = Instant.parse("2026-11-20T08:00:00Z");
        Project bert = TestData.project(projects, "bert", t);
        TestData.project(projects, "gan", t.plusSeconds(5));
        TestData.job(jobs, bert, "warmup", JobStatus.COMPLETED, t);
        TestData.job(jobs, bert, "long-run", JobStatus.RUNNING, t.plusSeconds(60));
        startUi();

        UI.getCurrent().navigate("");

        @SuppressWarnings("unchecked")
        Grid<ProjectSummary> projectGrid = _get(Grid.class, spec -> spec.withId("dashboard-projects"));
        assertThat(GridKt._size(projectGrid)).isEqualTo(2);
        assertThat(GridKt._get(projectGrid, 0).name()).isEqualTo("gan");
        assertThat(GridKt._get(projectGrid, 1).jobCount()).isEqualTo(2);
        assertThat(GridKt._getFormattedRow(projectGrid, 1)).contains("bert", "main", "01234567");

        @SuppressWarnings("unchecked")
        Grid<JobSummary> jobGrid = _get(Grid.class, spec -> spec.withId("dashboard-jobs"));
        assertThat(GridKt._size(jobGrid)).isEqualTo(2);
        assertThat(GridKt._get(jobGrid, 0).name()).isEqualTo("long-run");
        assertThat(GridKt._get(jobGrid, 0).status()).isEqualTo(JobStatus.RUNNING);
        assertThat(GridKt._get(jobGrid, 1).projectName()).isEqualTo("bert");
        _assertNone(H3.class, spec -> spec.withText("No jobs yet"));
    }

    @Test
    void explainsWhatToDoWhenThereIsNothingYet() {
        startUi();

        UI.getCurrent().navigate("");

        _get(H3.class, spec -> spec.withText("No projects yet"));
        _get(H3.class, spec -> spec.withText("No jobs yet"));
        _assertNone(Grid.class);
    }

    @Test
    void clickingAJobOpensItsPage() {
        Project p = TestData.project(projects, "clicky", Instant.now());
        var job = TestData.job(jobs, p, "click-me", JobStatus.PENDING, Instant.now());
        startUi();
        UI.getCurrent().navigate("");

        @SuppressWarnings("unchecked")
        Grid<JobSummary> jobGrid = _get(Grid.class, spec -> spec.withId("dashboard-jobs"));
        GridKt._clickItem(jobGrid, 0);

        assertThat(UI.getCurrent().getInternals().getActiveViewLocation().getPath()).isEqualTo("jobs/" + job.getId());
    }

    @SuppressWarnings("unchecked")
    private static Grid<JobSummary> jobGrid() {
        return _get(Grid.class, spec -> spec.withId("dashboard-jobs"));
    }

    private static List<String> names(Grid<JobSummary> grid) {
        return GridKt._findAll(grid).stream().map(JobSummary::name).toList();
    }

    /** As the poller does it: a transition inside a transaction, delivered to listeners after commit. */
    private void changeInTransaction(Job job, JobStatus status, String reason) {
        new TransactionTemplate(txManager).executeWithoutResult(s -> transitions.change(
                jobs.findById(job.getId()).orElseThrow(), status, reason));
    }

    @Test
    void theJobGridShowsANewStatusByPushAfterTheTransitionCommits() throws Exception {
        Project p = TestData.project(projects, "live", Instant.now());
        Job job = TestData.job(jobs, p, "watch-me", JobStatus.PENDING, Instant.now());
        TestData.job(jobs, p, "bystander", JobStatus.RUNNING, Instant.now().minusSeconds(60));
        startUi();
        UI.getCurrent().navigate("");
        Grid<JobSummary> grid = jobGrid();
        assertThat(GridKt._get(grid, 0).status()).isEqualTo(JobStatus.PENDING);

        changeInTransaction(job, JobStatus.RUNNING, null);
        awaitUi("the pushed state", Duration.ofSeconds(10), () -> GridKt._get(grid, 0).status() == JobStatus.RUNNING);

        assertThat(GridKt._get(grid, 0).name()).isEqualTo("watch-me");
        assertThat(GridKt._get(grid, 0).status()).isEqualTo(JobStatus.RUNNING);

        changeInTransaction(job, JobStatus.COMPLETED, null);
        awaitUi("the pushed state", Duration.ofSeconds(10), () -> GridKt._get(grid, 0).status() == JobStatus.COMPLETED);
        assertThat(GridKt._get(grid, 0).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(GridKt._getFormattedRow(grid, 0)).contains("watch-me", "live", "dev");
    }

    @Test
    void theFirstJobReplacesTheNoJobsYetNoteByPush() throws Exception {
        Project p = TestData.project(projects, "fresh", Instant.now());
        startUi();
        UI.getCurrent().navigate("");
        _get(H3.class, spec -> spec.withText("No jobs yet"));

        Job job = TestData.job(jobs, p, "first-ever", JobStatus.SUBMITTING, Instant.now());
        changeInTransaction(job, JobStatus.PENDING, null);
        awaitUi("the first job", Duration.ofSeconds(10), () -> _find(H3.class, spec -> spec.withText("No jobs yet")).isEmpty());

        _assertNone(H3.class, spec -> spec.withText("No jobs yet"));
        assertThat(names(jobGrid())).containsExactly("first-ever");
    }

    @Test
    void filtersByStatusClusterAndTextNarrowTheGrid() {
        Instant t = Instant.parse("2026-11-20T08:00:00Z");
        Project p = TestData.project(projects, "filters", t);
        TestData.job(jobs, p, "resnet-a", JobStatus.RUNNING, t);
        Job onFarm = new Job(p, "resnet-b", p.getCurrentCommit(), "gpu-farm", t.plusSeconds(10));
        onFarm.changeStatus(JobStatus.FAILED, "NonZeroExitCode", t.plusSeconds(10));
        onFarm.setDescription("Bigger batch");
        jobs.save(onFarm);
        TestData.job(jobs, p, "vit", JobStatus.COMPLETED, t.plusSeconds(20));
        startUi();
        UI.getCurrent().navigate("");
        JobGrid view = _get(JobGrid.class);
        Grid<JobSummary> grid = jobGrid();
        assertThat(names(grid)).containsExactly("vit", "resnet-b", "resnet-a");

        _setValue(view.statusFilter, Set.of(JobStatus.RUNNING, JobStatus.FAILED));
        assertThat(names(grid)).containsExactly("resnet-b", "resnet-a");

        _setValue(view.clusterFilter, "gpu-farm");
        assertThat(names(grid)).containsExactly("resnet-b");
        assertThat(view.clusterFilter.getListDataView().getItems().toList()).contains("dev", "dead", "gpu-farm");

        view.clearFilters();
        _setValue(view.search, "BATCH");
        assertThat(names(grid)).as("description matches too").containsExactly("resnet-b");
        _setValue(view.search, "resnet");
        assertThat(names(grid)).containsExactly("resnet-b", "resnet-a");
        _setValue(view.search, "nothing like it");
        assertThat(GridKt._size(grid)).isZero();
    }

    /** Lets the grid send its first rows, as a browser showing it asks for them. */
    private static void showRows(Grid<JobSummary> grid) {
        grid.getDataCommunicator().setViewportRange(0, 50);
        MockVaadin.clientRoundtrip(false);
    }

    /** The job in the grid's first row as the server last sent it to the browser (no new query). */
    private static JobSummary firstRowSent(Grid<JobSummary> grid) {
        return grid.getDataCommunicator().getItem(0);
    }

    @Test
    void aPushedStateChangeRedrawsOnlyThatJobsRow() throws Exception {
        Instant t = Instant.now().minusSeconds(600);
        Project p = TestData.project(projects, "rows", t);
        Job job = TestData.job(jobs, p, "watch-me", JobStatus.PENDING, t);
        startUi();
        UI.getCurrent().navigate("");
        Grid<JobSummary> grid = jobGrid();
        showRows(grid);
        assertThat(firstRowSent(grid).name()).isEqualTo("watch-me");
        // newer, stored without an event: only running the page query again would put it on top
        TestData.job(jobs, p, "unannounced", JobStatus.RUNNING, t.plusSeconds(60));

        changeInTransaction(job, JobStatus.RUNNING, null);
        awaitUi("the pushed row", Duration.ofSeconds(10), () -> firstRowSent(grid).status() == JobStatus.RUNNING);
        MockVaadin.clientRoundtrip(false);

        assertThat(firstRowSent(grid).name()).as("the page query did not run again").isEqualTo("watch-me");
        assertThat(firstRowSent(grid).status()).isEqualTo(JobStatus.RUNNING);
        assertThat(GridKt._getFormattedRow(grid, 1)).as("the row after it, from a new query").contains("watch-me");
    }

    @Test
    void aPushedStateChangeRunsThePageQueryAgainWhenTheGridIsFilteredByState() throws Exception {
        Instant t = Instant.now().minusSeconds(600);
        Project p = TestData.project(projects, "filtered", t);
        Job job = TestData.job(jobs, p, "watch-me", JobStatus.PENDING, t);
        startUi();
        UI.getCurrent().navigate("");
        JobGrid view = _get(JobGrid.class);
        Grid<JobSummary> grid = jobGrid();
        _setValue(view.statusFilter, Set.of(JobStatus.PENDING, JobStatus.RUNNING));
        showRows(grid);
        assertThat(firstRowSent(grid).name()).isEqualTo("watch-me");
        TestData.job(jobs, p, "unannounced", JobStatus.RUNNING, t.plusSeconds(60));

        changeInTransaction(job, JobStatus.RUNNING, null);
        awaitUi("the page query again", Duration.ofSeconds(10), () -> {
            MockVaadin.clientRoundtrip(false);
            return "unannounced".equals(firstRowSent(grid).name());
        });

        assertThat(GridKt._get(grid, 1).name()).isEqualTo("watch-me");
        assertThat(GridKt._get(grid, 1).status()).isEqualTo(JobStatus.RUNNING);
    }
}
