package io.missioncontrol.dashboard.ui;

import com.vaadin.flow.component.button.Button;
import jakarta.annotation.security.PermitAll;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import io.missioncontrol.base.ui.EmptyState;
import io.missioncontrol.base.ui.Formats;
import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.ClusterService;
import io.missioncontrol.job.JobEvents;
import io.missioncontrol.job.JobService;
import io.missioncontrol.job.JobSummary;
import io.missioncontrol.job.ui.JobGrid;
import io.missioncontrol.project.ProjectService;
import io.missioncontrol.project.ProjectSummary;

/**
 * The start page: every project and the jobs, newest first, filtered by state, cluster and text. The job grid
 * follows the poller by push; the first job to appear replaces the "no jobs yet" note.
 */
@Route("")
@PermitAll
@PageTitle("Dashboard · Mission Control")
@Menu(order = 0, title = "Dashboard", icon = "vaadin:dashboard")
class DashboardView extends VerticalLayout {

    final Grid<ProjectSummary> projectGrid = new Grid<>();
    final JobGrid jobs;
    final Grid<JobSummary> jobGrid;

    DashboardView(ProjectService projectService, JobService jobService, JobEvents events,
                         ClusterService clusterService) {
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

        H2 jobsTitle = new H2("Jobs");
        jobs = new JobGrid(jobService, events, clusterService.clusters().stream().map(ClusterDefinition::name)
                .toList(), true);
        jobGrid = jobs.grid;
        jobGrid.setId("dashboard-jobs");

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
            add(jobs);
            setFlexGrow(1, jobs);
        } else {
            EmptyState noJobs = new EmptyState("No jobs yet",
                    "Jobs you launch on a SLURM cluster appear here and update by themselves while they run.");
            add(noJobs);
            // the grid listens for job changes while hidden behind the note: the first one shows it
            jobs.setVisible(false);
            add(jobs);
            jobs.addJobChangeListener(e -> {
                if (!jobs.isVisible()) {
                    remove(noJobs);
                    jobs.setVisible(true);
                    setFlexGrow(1, jobs);
                }
            });
        }
    }
}
