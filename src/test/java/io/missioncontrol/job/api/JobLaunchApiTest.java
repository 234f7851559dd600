package io.missioncontrol.job.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.SpringIntegrationTest;
import io.missioncontrol.TrainingRepo;
import io.missioncontrol.cluster.DevClusterShell;
import io.missioncontrol.cluster.ClusterGateway;
import io.missioncontrol.cluster.ClusterService;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobStatusChangeRepository;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.ProjectRepository;
import io.missioncontrol.project.ProjectService;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code POST /api/jobs/} end to end: HTTP in, a real SLURM job out. */
class JobLaunchApiTest extends SpringIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired ProjectService projectService;
    @Autowired ProjectRepository projects;
    @Autowired JobRepository jobs;
    @Autowired JobStatusChangeRepository history;
    @Autowired ClusterService clusters;
    @Autowired ClusterGateway gateway;

    private TrainingRepo repo;
    private Project project;
    private String slurmId;

    @BeforeEach
    void freshProject() {
        deleteAllRows();
        repo = TrainingRepo.create("api");
        project = projectService.add(repo.workTree.toString(), "api-project");
    }

    @AfterEach
    void cleanUp() {
        if (slurmId != null) {
            gateway.cancel(gateway.serviceAccount("dev"), List.of(slurmId));
        }
        repo.close();
    }

    private ResponseEntity<String> post(String body) {
        return api().post().uri("/api/jobs/").contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                .toEntity(String.class);
    }

    @Test
    @Tag("cluster")
    void aPostedJobRunsTheCommitWithItsOverrides() throws Exception {
        ResponseEntity<String> response = post("""
                {"project_id": "%s", "name": "from-api", "description": "via REST", "cluster": "dev",
                 "partition": "gpu", "gpu_type": "a100", "num_nodes": 1, "gpus_per_node": 1,
                 "time_limit": "00:05:00", "hydra_overrides": {"model": "mlp", "trainer.epochs": "3"}}
                """.formatted(project.getId()));

        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
        JsonNode job = JSON.readTree(response.getBody());
        slurmId = job.get("slurm_job_id").asString();
        assertThat(slurmId).matches("[0-9]+");
        assertThat(job.get("slurm_status").asString()).isEqualTo("PENDING");
        assertThat(job.get("commit_sha").asString()).isEqualTo(repo.head());
        assertThat(job.get("gpu_type").asString()).isEqualTo("a100");
        assertThat(job.get("hydra_overrides").get("model").asString()).isEqualTo("mlp");
        assertThat(response.getHeaders().getLocation().toString()).endsWith("/api/jobs/" + job.get("id").asString());

        String out = awaitOutput(job.get("stdout_path").asString());
        assertThat(out).contains("MC-COMMIT " + repo.head(), "MC-ARG model=mlp", "MC-ARG trainer.epochs=3");
    }

    @Test
    @Tag("cluster")
    void invalidInputIsA400ProblemNamingEachField() {
        ResponseEntity<String> response = post("""
                {"project_id": "%s", "name": "bad name!", "cluster": "dev", "partition": "gpu",
                 "num_nodes": 0, "gpus_per_node": 1, "time_limit": "forever"}
                """.formatted(project.getId()));

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getHeaders().getContentType().toString()).contains("problem+json");
        JsonNode problem = JSON.readTree(response.getBody());
        assertThat(problem.get("field").asString()).isEqualTo("name");
        assertThat(problem.get("errors").findValuesAsString("field")).contains("name", "num_nodes", "time_limit");
        assertThat(jobs.count()).isZero();
    }

    @Test
    void anUnknownProjectIsNamed() {
        ResponseEntity<String> response = post("""
                {"project_id": "nope", "name": "x", "cluster": "dev"}""");
        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(JSON.readTree(response.getBody()).get("field").asString()).isEqualTo("project_id");
    }

    @Test
    @Tag("cluster")
    void previewShowsTheExactScriptWithoutSubmitting() {
        ResponseEntity<String> response = api().post().uri("/api/jobs/preview").contentType(MediaType.APPLICATION_JSON)
                .body("""
                        {"project_id": "%s", "name": "peek", "cluster": "dev", "partition": "debug",
                         "gpus_per_node": 0, "extra_overrides": ["seed=11"]}
                        """.formatted(project.getId())).retrieve().toEntity(String.class);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        JsonNode preview = JSON.readTree(response.getBody());
        assertThat(preview.get("script").asString()).contains("#SBATCH --partition=debug", "'seed=11'")
                .doesNotContain("--gres");
        assertThat(preview.get("code_source").asString()).isEqualTo("REMOTE");
        assertThat(jobs.count()).isZero();
    }

    private String awaitOutput(String path) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        String out = "";
        while (System.nanoTime() < deadline) {
            try {
                out = new String(DevClusterShell.remote().readRange(clusters.require("dev"), path, 0, 1 << 16),
                        StandardCharsets.UTF_8);
                if (out.contains("MC-DONE")) {
                    return out;
                }
            } catch (RuntimeException notYet) {
                // the file appears when the job starts
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the job did not finish within two minutes; output so far: " + out);
    }
}
