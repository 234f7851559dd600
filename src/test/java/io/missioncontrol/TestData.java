package io.missioncontrol;

import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.ProjectRepository;
import java.time.Instant;

/** Seeds real rows into the test database. */
public final class TestData {

    private TestData() {
    }

    public static Project project(ProjectRepository projects, String name, Instant at) {
        Project project = new Project(name, "/tmp/projects/" + name, at);
        project.synced("git@example.invalid:lab/" + name + ".git", "main",
                "0123456789abcdef0123456789abcdef01234567", false, true, at);
        return projects.save(project);
    }

    public static Job job(JobRepository jobs, Project project, String name, JobStatus status, Instant submittedAt) {
        Job job = new Job(project, name, project.getCurrentCommit(), "dev", submittedAt);
        job.setPartition("gpu");
        job.setGpuType("a6000");
        job.setGpusPerNode(1);
        if (status != JobStatus.SUBMITTING) {
            job.changeStatus(status, null, submittedAt);
        }
        return jobs.save(job);
    }
}
