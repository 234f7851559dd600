package io.missioncontrol.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.SpringIntegrationTest;
import io.missioncontrol.TestData;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.ProjectRepository;
import io.missioncontrol.project.ProjectService;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Slice;
import org.springframework.jdbc.core.JdbcTemplate;

/** Against a real database that Flyway created: a SQLite file, or PostgreSQL in the PostgreSQL run. */
class PersistenceTest extends SpringIntegrationTest {

    @Autowired JdbcTemplate jdbc;
    @Autowired ProjectRepository projects;
    @Autowired JobRepository jobs;
    @Autowired JobStatusChangeRepository history;
    @Autowired JobService jobService;
    @Autowired ProjectService projectService;

    @BeforeEach
    void emptyTables() {
        deleteAllRows();
    }

    @Test
    void flywayCreatedTheSchemaInASqliteFileWithWalOrInPostgresql() {
        if (onPostgresql()) {
            assertThat(jdbc.queryForObject("select count(*) from flyway_schema_history where success", Integer.class))
                    .isGreaterThanOrEqualTo(1);
            assertThat(jdbc.queryForList("select table_name from information_schema.tables"
                    + " where table_schema = current_schema()", String.class))
                    .contains("projects", "jobs", "job_status_history", "qrtz_job_details", "qrtz_locks");
            return;
        }
        assertThat(jdbc.queryForObject("select count(*) from flyway_schema_history where success = 1", Integer.class))
                .isGreaterThanOrEqualTo(1);
        assertThat(jdbc.queryForList("select name from sqlite_master where type = 'table'", String.class))
                .contains("projects", "jobs", "job_status_history");
        assertThat(jdbc.queryForObject("pragma journal_mode", String.class)).isEqualToIgnoringCase("wal");
        assertThat(jdbc.queryForObject("pragma busy_timeout", Integer.class)).isEqualTo(10000);
    }

    @Test
    void jobsAreSavedWithEveryFieldAndReadBack() {
        Instant t = Instant.parse("2026-11-01T10:00:00Z");
        Project project = TestData.project(projects, "resnet", t);
        Job job = new Job(project, "lr-sweep-1", project.getCurrentCommit(), "dev", t);
        job.setDescription("first try");
        job.setPartition("gpu");
        job.setGpuType("a100");
        job.setNumNodes(2);
        job.setGpusPerNode(4);
        job.setTimeLimit("04:00:00");
        job.setHydraOverrides(Map.of("model", "resnet"));
        job.setExtraOverrides(List.of("+trainer.seed=7"));
        job.setRenderedScript("#!/bin/bash\n");
        job.setSlurmJobId("42");
        job.changeStatus(JobStatus.FAILED, "NonZeroExitCode", t.plusSeconds(60));
        job.setExitCode(3);
        jobs.save(job);

        Job read = jobs.findById(job.getId()).orElseThrow();
        assertThat(read.getProjectId()).isEqualTo(project.getId());
        assertThat(read.getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(read.getStatusReason()).isEqualTo("NonZeroExitCode");
        assertThat(read.getExitCode()).isEqualTo(3);
        assertThat(read.getHydraOverrides()).containsEntry("model", "resnet");
        assertThat(read.getExtraOverrides()).containsExactly("+trainer.seed=7");
        assertThat(read.getNumNodes()).isEqualTo(2);
        assertThat(read.getGpusPerNode()).isEqualTo(4);
        assertThat(read.getSubmittedAt()).isEqualTo(t);
        assertThat(read.getFinishedAt()).isEqualTo(t.plusSeconds(60));
    }

    @Test
    void jobsArePagedNewestFirstWithoutCounting() {
        Project project = TestData.project(projects, "vit", Instant.parse("2026-11-01T00:00:00Z"));
        for (int i = 0; i < 25; i++) {
            TestData.job(jobs, project, "job-" + i, JobStatus.PENDING, Instant.parse("2026-11-01T00:00:00Z").plusSeconds(i));
        }
        Slice<JobSummary> first = jobService.findSummaries(JobService.Filter.NONE, PageRequest.of(0, 10));
        assertThat(first.getContent()).extracting(JobSummary::name)
                .containsExactly("job-24", "job-23", "job-22", "job-21", "job-20", "job-19", "job-18", "job-17",
                        "job-16", "job-15");
        assertThat(first.hasNext()).isTrue();
        Slice<JobSummary> last = jobService.findSummaries(JobService.Filter.NONE, PageRequest.of(2, 10));
        assertThat(last.getContent()).hasSize(5);
        assertThat(last.hasNext()).isFalse();
        assertThat(last.getContent().getFirst().projectName()).isEqualTo("vit");
    }

    @Test
    void projectSummariesCountTheirJobs() {
        Instant t = Instant.parse("2026-11-01T00:00:00Z");
        Project a = TestData.project(projects, "a", t);
        Project b = TestData.project(projects, "b", t.plusSeconds(1));
        TestData.job(jobs, a, "a1", JobStatus.RUNNING, t);
        TestData.job(jobs, a, "a2", JobStatus.COMPLETED, t);
        assertThat(projectService.findSummaries(PageRequest.of(0, 10)).getContent())
                .extracting(s -> s.name() + "=" + s.jobCount())
                .containsExactly("b=0", "a=2");
    }

    @Test
    void deletingAProjectDeletesItsJobs() {
        Project project = TestData.project(projects, "gone", Instant.now());
        TestData.job(jobs, project, "j", JobStatus.COMPLETED, Instant.now());
        projects.delete(project);
        projects.flush();
        assertThat(jobs.count()).isZero();
    }
}
