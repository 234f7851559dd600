package io.missioncontrol.project.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.H3;
import io.missioncontrol.KaribuTest;
import io.missioncontrol.TestData;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.job.JobStatusChangeRepository;
import io.missioncontrol.project.GitProjects;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.ProjectRepository;
import io.missioncontrol.project.ProjectService;
import io.missioncontrol.project.ProjectSummary;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

class ProjectsViewTest extends KaribuTest {

    @Autowired ProjectRepository projects;
    @Autowired JobRepository jobs;
    @Autowired JobStatusChangeRepository history;
    @Autowired ProjectService projectService;

    @TempDir Path tmp;

    @BeforeEach
    void emptyTables() {
        deleteAllRows();
    }

    @Test
    void withoutProjectsItExplainsWhatToDo() {
        ProjectsView view = open();

        H3 title = _get(H3.class, spec -> spec.withText("No projects yet"));
        assertThat(title.getParent().orElseThrow().getElement().getTextRecursively()).contains("absolute path");
        assertThat(view.grid.isVisible()).isFalse();
    }

    @Test
    void addingAProjectThroughTheDialogListsIt() {
        Git git = GitProjects.visionProject(tmp);
        ProjectsView view = open();

        _click(view.addButton);
        AddProjectDialog dialog = _get(AddProjectDialog.class);
        _setValue(dialog.path, GitProjects.workTree(git).toString());
        _click(dialog.addButton);

        assertThat(dialog.isOpened()).isFalse();
        assertThat(notificationTexts()).anyMatch(t -> t.startsWith("Added project vision — main at "));
        assertThat(view.grid.isVisible()).isTrue();
        assertThat(GridKt._size(view.grid)).isEqualTo(1);
        ProjectSummary row = GridKt._get(view.grid, 0);
        assertThat(row.name()).isEqualTo("vision");
        assertThat(GridKt._getFormattedRow(view.grid, 0)).contains("vision", GitProjects.realPath(git), "main", row.shortCommit());
    }

    @Test
    void anInvalidPathIsShownOnThePathField() {
        ProjectsView view = open();

        _click(view.addButton);
        AddProjectDialog dialog = _get(AddProjectDialog.class);
        _setValue(dialog.path, "code/my-model");
        _click(dialog.addButton);

        assertThat(dialog.isOpened()).isTrue();
        assertThat(dialog.path.isInvalid()).isTrue();
        assertThat(dialog.path.getErrorMessage()).contains("'code/my-model' is not an absolute path");
        assertThat(dialog.name.isInvalid()).isFalse();
        assertThat(projects.count()).isZero();

        _setValue(dialog.path, "/fixing/it");
        assertThat(dialog.path.isInvalid()).as("typing clears the error").isFalse();
    }

    @Test
    void aNameInUseIsShownOnTheNameField() {
        Git first = GitProjects.repoWithOneCommit(tmp.resolve("first"));
        Git second = GitProjects.repoWithOneCommit(tmp.resolve("second"));
        projectService.add(GitProjects.workTree(first).toString(), "shared");
        ProjectsView view = open();

        _click(view.addButton);
        AddProjectDialog dialog = _get(AddProjectDialog.class);
        _setValue(dialog.path, GitProjects.workTree(second).toString());
        _setValue(dialog.name, "shared");
        _click(dialog.addButton);

        assertThat(dialog.name.isInvalid()).isTrue();
        assertThat(dialog.name.getErrorMessage()).contains("A project named 'shared' already exists");
        assertThat(dialog.path.isInvalid()).isFalse();
    }

    @Test
    void deleteAsksFirstAndSaysHowManyJobRecordsGo() {
        Project bert = TestData.project(projects, "bert", Instant.now());
        TestData.job(jobs, bert, "one", JobStatus.COMPLETED, Instant.now());
        TestData.job(jobs, bert, "two", JobStatus.FAILED, Instant.now());
        ProjectsView view = open();

        _click(actionButton(view, 0, "delete-" + bert.getId()));
        ConfirmDialog confirm = _get(ConfirmDialog.class);

        assertThat(ConfirmDialogKt.getHeader(confirm)).isEqualTo("Delete project bert?");
        assertThat(ConfirmDialogKt.getText(confirm)).contains("Its 2 job records", "will be deleted too",
                "folder on disk");
        assertThat(projects.count()).as("nothing deleted before confirming").isEqualTo(1);

        ConfirmDialogKt._fireConfirm(confirm);

        assertThat(projects.count()).isZero();
        assertThat(jobs.count()).isZero();
        assertThat(notificationTexts()).contains("Deleted project bert and its 2 job records");
        _get(H3.class, spec -> spec.withText("No projects yet"));
    }

    @Test
    void deleteIsRefusedWithAClearMessageWhileJobsAreActive() {
        Project busy = TestData.project(projects, "busy", Instant.now());
        TestData.job(jobs, busy, "training", JobStatus.RUNNING, Instant.now());
        ProjectsView view = open();

        _click(actionButton(view, 0, "delete-" + busy.getId()));

        _assertNone(ConfirmDialog.class);
        assertThat(notificationTexts()).anyMatch(t -> t.contains("'busy' has 1 active job") && t.contains("cancel it"));
        assertThat(projects.count()).isEqualTo(1);
    }

    @Test
    void syncReadsTheNewCommit() {
        Git git = GitProjects.repoWithOneCommit(tmp.resolve("moving"));
        Project project = projectService.add(GitProjects.workTree(git).toString(), null);
        RevCommit next = GitProjects.commitFile(git, "train.py", "print('v2')\n", "v2");
        ProjectsView view = open();
        assertThat(GridKt._get(view.grid, 0).commit()).isEqualTo(project.getCurrentCommit());

        _click(actionButton(view, 0, "sync-" + project.getId()));

        assertThat(GridKt._get(view.grid, 0).commit()).isEqualTo(next.name());
        assertThat(notificationTexts()).anyMatch(t -> t.startsWith("Synced moving: main at " + next.name().substring(0, 8)));
    }

    @Test
    void clickingARowOpensTheProject() {
        Project p = TestData.project(projects, "clicky", Instant.now());
        ProjectsView view = open();

        GridKt._clickItem(view.grid, 0);

        assertThat(UI.getCurrent().getInternals().getActiveViewLocation().getPath()).isEqualTo("projects/" + p.getId());
    }

    // ---- helpers

    private ProjectsView open() {
        startUi();
        UI.getCurrent().navigate("projects");
        return _get(ProjectsView.class);
    }

    private static Button actionButton(ProjectsView view, int row, String id) {
        Component cell = GridKt._getCellComponent(view.grid, row, ProjectsView.ACTIONS);
        return LocatorJ._get(cell, Button.class, spec -> spec.withId(id));
    }

    static List<String> notificationTexts() {
        return NotificationsKt.getNotifications().stream().map(n -> n.getElement().getProperty("text")).toList();
    }
}
