package io.missioncontrol.project.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.SpringIntegrationTest;
import io.missioncontrol.TestData;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.project.ProjectRepository;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;

class ProjectApiTest extends SpringIntegrationTest {

    @Autowired ProjectRepository projects;
    @Autowired JobRepository jobs;

    @BeforeEach
    void emptyTables() {
        jobs.deleteAll();
        projects.deleteAll();
    }

    @Test
    void listIsAnEmptyJsonArrayAtFirst() {
        ResponseEntity<String> response = api().get().uri("/api/projects/").retrieve().toEntity(String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo("[]");
    }

    @Test
    void listUsesTheSeedsSnakeCaseFieldNames() {
        TestData.project(projects, "bert", Instant.parse("2026-11-20T08:00:00Z"));
        String body = api().get().uri("/api/projects/").retrieve().body(String.class);
        assertThat(body).contains("\"name\":\"bert\"", "\"local_path\":\"/tmp/projects/bert\"",
                "\"repo_url\":", "\"current_branch\":\"main\"", "\"current_commit\":", "\"added_at\":",
                "\"last_synced\":", "\"is_dirty\":false", "\"is_pushed\":true");
    }

    @Test
    void healthIsUp() {
        String body = api().get().uri("/actuator/health").retrieve().body(String.class);
        assertThat(body).contains("\"status\":\"UP\"");
    }

    @Test
    void unknownApiPathsAnswerWithAProblemDetail() {
        ResponseEntity<String> response = api().get().uri("/api/projects/nope/nothing")
                .header("Accept", "application/problem+json").retrieve().toEntity(String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(response.getHeaders().getContentType().toString()).contains("problem+json");
        assertThat(response.getBody()).contains("\"status\":404", "\"instance\":\"/api/projects/nope/nothing\"");
    }
}
