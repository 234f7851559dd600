package io.missioncontrol.job.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.spring.annotation.SpringComponent;
import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.ClusterService;
import io.missioncontrol.job.JobEvents;
import io.missioncontrol.job.JobService;
import io.missioncontrol.project.ui.ProjectPageSection;
import java.util.Objects;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Scope;

/** The project page's job history: that project's jobs in a {@link JobGrid}, updated live by push. */
@SpringComponent
@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
class ProjectJobsSection implements ProjectPageSection {

    private final JobGrid jobs;
    private String projectId;

    ProjectJobsSection(JobService jobService, JobEvents jobEvents, ClusterService clusterService) {
        // filters, columns, paging and live updates come from JobGrid (shared with the dashboard)
        jobs = new JobGrid(jobService, jobEvents, clusterService.clusters().stream().map(ClusterDefinition::name)
                .toList(), false);
        jobs.grid.setId("project-jobs");
        jobs.grid.setEmptyStateText("No jobs to show. Launch one with the Launch job button.");
        jobs.grid.setHeight("24rem");
    }

    @Override
    public String title() {
        return "Jobs";
    }

    @Override
    public Component content() {
        return jobs;
    }

    @Override
    public void show(String projectId) {
        if (!Objects.equals(projectId, this.projectId)) {
            jobs.clearFilters(); // the page is reused when going from one project to another
        }
        this.projectId = projectId;
        jobs.setProjectId(projectId);
    }
}
