package io.missioncontrol.dashboard.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import io.missioncontrol.KaribuTest;
import io.missioncontrol.TestData;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.job.JobSummary;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.ProjectRepository;
import io.missioncontrol.project.ProjectSummary;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class DashboardViewTest extends KaribuTest {

    @Autowired ProjectRepository projects;
    @Autowired JobRepository jobs;

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
}
