package io.missioncontrol.dashboard.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridSortOrder;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import io.missioncontrol.base.ui.EmptyState;
import io.missioncontrol.base.ui.Formats;
import io.missioncontrol.base.ui.StatusBadge;
import io.missioncontrol.job.JobService;
import io.missioncontrol.job.JobSummary;
import io.missioncontrol.project.ProjectService;
import io.missioncontrol.project.ProjectSummary;
import java.util.List;

/** The start page: every project and the most recent jobs, newest first. */
@Route("")
@PageTitle("Dashboard · Mission Control")
public class DashboardView extends VerticalLayout {

    final Grid<ProjectSummary> projectGrid = new Grid<>();
    final Grid<JobSummary> jobGrid = new Grid<>();

    public DashboardView(ProjectService projectService, JobService jobService) {
        setSizeFull();
        addClassName("mc-dashboard");

        H2 projectsTitle = new H2("Projects");
        projectGrid.setId("dashboard-projects");
        projectGrid.addColumn(ProjectSummary::name).setHeader("Name").setSortProperty("name").setFlexGrow(2);
        projectGrid.addColumn(ProjectSummary::branch).setHeader("Branch");
        projectGrid.addColumn(ProjectSummary::shortCommit).setHeader("Commit").setPartNameGenerator(p -> "mc-mono");
        projectGrid.addColumn(p -> Formats.dateTime(p.lastSynced())).setHeader("Last synced")
                .setSortProperty("lastSynced");
        projectGrid.addColumn(ProjectSummary::jobCount).setHeader("Jobs");
        projectGrid.setItems(query -> projectService.findSummaries(
                VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        projectGrid.addItemClickListener(e -> getUI().ifPresent(ui ->
                ui.navigate("projects/" + e.getItem().id())));
        projectGrid.setAllRowsVisible(false);
        projectGrid.setHeight("16rem");

        H2 jobsTitle = new H2("Recent jobs");
        jobGrid.setId("dashboard-jobs");
        jobGrid.addColumn(JobSummary::name).setHeader("Name").setFlexGrow(2);
        jobGrid.addColumn(JobSummary::projectName).setHeader("Project");
        jobGrid.addColumn(JobSummary::cluster).setHeader("Cluster");
        jobGrid.addComponentColumn(j -> new StatusBadge(j.status(), j.status().isActive(), j.status().isSuccess()))
                .setHeader("Status");
        var submitted = jobGrid.addColumn(j -> Formats.dateTime(j.submittedAt())).setHeader("Submitted")
                .setSortProperty("submittedAt");
        jobGrid.addColumn(j -> Formats.dateTime(j.updatedAt())).setHeader("Updated").setSortProperty("updatedAt");
        jobGrid.setItems(query -> jobService.findSummaries(
                VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        jobGrid.sort(List.of(new GridSortOrder<>(submitted, SortDirection.DESCENDING)));
        jobGrid.addItemClickListener(e -> getUI().ifPresent(ui ->
                ui.navigate("jobs/" + e.getItem().id())));

        add(projectsTitle);
        if (projectService.hasProjects()) {
            add(projectGrid);
        } else {
            Button addProject = new Button("Add a project", e -> getUI().ifPresent(ui -> ui.navigate("projects")));
            addProject.addThemeVariants(ButtonVariant.PRIMARY);
            add(new EmptyState("No projects yet",
                    "Register a Git work tree of your training code on the Projects page; its branch and commit "
                            + "show up here.", addProject));
        }
        add(jobsTitle);
        if (jobService.hasJobs()) {
            add(jobGrid);
            setFlexGrow(1, jobGrid);
        } else {
            add(new EmptyState("No jobs yet",
                    "Jobs you launch on a SLURM cluster appear here and update by themselves while they run."));
        }
    }
}
