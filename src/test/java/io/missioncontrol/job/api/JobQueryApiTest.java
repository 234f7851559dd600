package io.missioncontrol.job.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.SpringIntegrationTest;
import io.missioncontrol.TestData;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.ProjectRepository;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /api/jobs/} with every filter, paging, and {@code GET /api/jobs/{id}}. */
class JobQueryApiTest extends SpringIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant T = Instant.parse("2026-11-20T08:00:00Z");

    @Autowired ProjectRepository projects;
    @Autowired JobRepository jobs;

    Project vision;
    Project nlp;
    Job resnet;

    @BeforeEach
    void seed() {
        jobs.deleteAll();
        projects.deleteAll();
        vision = TestData.project(projects, "vision", T);
        nlp = TestData.project(projects, "nlp", T);
        resnet = job(vision, "resnet-baseline", "dev", JobStatus.COMPLETED, T, "first ResNet run");
        job(vision, "resnet-lr-sweep", "dev", JobStatus.RUNNING, T.plusSeconds(3600), "learning rate 100% higher");
        job(vision, "vit-small", "gpu-farm", JobStatus.FAILED, T.plusSeconds(86_400), null);
        job(nlp, "bert-finetune", "gpu-farm", JobStatus.PENDING, T.plusSeconds(2 * 86_400), "BERT on ResNet features?");
        job(nlp, "gpt_tiny", "dev", JobStatus.CANCELLED, T.plusSeconds(3 * 86_400), "tiny");
    }

    private Job job(Project p, String name, String cluster, JobStatus status, Instant at, String description) {
        Job job = new Job(p, name, p.getCurrentCommit(), cluster, at);
        job.setDescription(description);
        job.changeStatus(status, status == JobStatus.FAILED ? "NonZeroExitCode" : null, at);
        return jobs.save(job);
    }

    /** {@code uri} is sent as written (already encoded). */
    private ResponseEntity<String> get(String uri) {
        return api().get().uri(URI.create("http://127.0.0.1:" + port + uri)).retrieve().toEntity(String.class);
    }

    private List<String> names(String uri) {
        ResponseEntity<String> r = get(uri);
        assertThat(r.getStatusCode().value()).as(uri + ": " + r.getBody()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        JSON.readTree(r.getBody()).forEach(j -> out.add(j.get("name").asString()));
        return out;
    }

    private JsonNode problem(String uri, int status) {
        ResponseEntity<String> r = get(uri);
        assertThat(r.getStatusCode().value()).as(uri).isEqualTo(status);
        assertThat(r.getHeaders().getContentType().toString()).contains("problem+json");
        return JSON.readTree(r.getBody());
    }

    @Test
    void listsEveryJobNewestFirstInTheSeedsSnakeCaseShape() {
        assertThat(names("/api/jobs/")).containsExactly("gpt_tiny", "bert-finetune", "vit-small",
                "resnet-lr-sweep", "resnet-baseline");
        JsonNode first = JSON.readTree(get("/api/jobs").getBody()).get(0);
        assertThat(first.get("project_id").asString()).isEqualTo(nlp.getId());
        assertThat(first.get("slurm_status").asString()).isEqualTo("CANCELLED");
        assertThat(first.has("wandb_run_url")).isTrue();
        assertThat(first.has("submitted_at")).isTrue();
    }

    @Test
    void filtersByProjectAndCluster() {
        assertThat(names("/api/jobs/?project_id=" + nlp.getId())).containsExactly("gpt_tiny", "bert-finetune");
        assertThat(names("/api/jobs/?cluster=gpu-farm")).containsExactly("bert-finetune", "vit-small");
        assertThat(names("/api/jobs/?cluster=gpu-farm&project_id=" + vision.getId())).containsExactly("vit-small");
        assertThat(names("/api/jobs/?project_id=no-such-project")).isEmpty();
    }

    @Test
    void filtersBySeveralStatesRepeatedOrCommaSeparatedInAnyCase() {
        assertThat(names("/api/jobs/?status=RUNNING&status=PENDING")).containsExactly("bert-finetune",
                "resnet-lr-sweep");
        assertThat(names("/api/jobs/?status=running,pending")).containsExactly("bert-finetune", "resnet-lr-sweep");
        assertThat(names("/api/jobs/?status=CD,F")).as("SLURM's short codes").containsExactly("vit-small",
                "resnet-baseline");
    }

    @Test
    void searchesNameAndDescriptionCaseInsensitivelyAndLiterally() {
        assertThat(names("/api/jobs/?q=RESNET")).containsExactly("bert-finetune", "resnet-lr-sweep",
                "resnet-baseline");
        assertThat(names("/api/jobs/?q=100%25")).as("%% is a character, not a wildcard")
                .containsExactly("resnet-lr-sweep");
        assertThat(names("/api/jobs/?q=resnet_lr")).as("_ is a character, not a wildcard").isEmpty();
        assertThat(names("/api/jobs/?q=gpt_")).containsExactly("gpt_tiny");
        assertThat(names("/api/jobs/?q=resnet&status=COMPLETED")).containsExactly("resnet-baseline");
    }

    @Test
    void filtersBySubmissionTimeAsInstantsOrDays() {
        assertThat(names("/api/jobs/?submitted_from=2026-11-21T08:00:00Z")).containsExactly("gpt_tiny",
                "bert-finetune", "vit-small");
        assertThat(names("/api/jobs/?submitted_to=2026-11-20")).containsExactly("resnet-lr-sweep",
                "resnet-baseline");
        assertThat(names("/api/jobs/?submitted_from=2026-11-21&submitted_to=2026-11-22"))
                .containsExactly("bert-finetune", "vit-small");
        assertThat(names("/api/jobs/?submitted_from=2026-11-20T09:00:00%2B01:00&submitted_to=2026-11-20T09:00:00"))
                .as("offset and local (UTC) forms").containsExactly("resnet-lr-sweep", "resnet-baseline");
    }

    @Test
    void pagesWithoutCountingAndSaysWhetherMoreFollow() {
        ResponseEntity<String> first = get("/api/jobs/?size=2&status=RUNNING,PENDING,FAILED,COMPLETED,CANCELLED");
        assertThat(first.getHeaders().getFirst("X-Has-Next")).isEqualTo("true");
        assertThat(first.getHeaders().getFirst("X-Page")).isEqualTo("0");
        assertThat(first.getHeaders().getFirst("X-Page-Size")).isEqualTo("2");
        String link = first.getHeaders().getFirst("Link");
        assertThat(link).contains("page=1", "size=2", "status=", "rel=\"next\"");

        List<String> seen = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            seen.addAll(names("/api/jobs/?size=2&page=" + page));
        }
        assertThat(seen).containsExactly("gpt_tiny", "bert-finetune", "vit-small", "resnet-lr-sweep",
                "resnet-baseline");
        ResponseEntity<String> last = get("/api/jobs/?size=2&page=2");
        assertThat(last.getHeaders().getFirst("X-Has-Next")).isEqualTo("false");
        assertThat(last.getHeaders().getFirst("Link")).isNull();
        assertThat(names("/api/jobs/?size=2&page=9")).isEmpty();
    }

    @Test
    void badFiltersAreProblemDetailsNamingTheField() {
        JsonNode status = problem("/api/jobs/?status=RUNNING,SLEEPING", 400);
        assertThat(status.get("field").asString()).isEqualTo("status");
        assertThat(status.get("detail").asString()).contains("SLEEPING");
        assertThat(problem("/api/jobs/?submitted_from=yesterday", 400).get("field").asString())
                .isEqualTo("submitted_from");
        assertThat(problem("/api/jobs/?size=0", 400).get("field").asString()).isEqualTo("size");
        assertThat(problem("/api/jobs/?size=100000", 400).get("field").asString()).isEqualTo("size");
        assertThat(problem("/api/jobs/?page=-1", 400).get("field").asString()).isEqualTo("page");
        assertThat(problem("/api/jobs/?submitted_from=2026-11-22&submitted_to=2026-11-21", 400)
                .get("field").asString()).isEqualTo("submitted_to");
    }

    @Test
    void getsOneJobOrSaysThereIsNone() {
        ResponseEntity<String> r = get("/api/jobs/" + resnet.getId());
        assertThat(r.getStatusCode().value()).isEqualTo(200);
        JsonNode job = JSON.readTree(r.getBody());
        assertThat(job.get("id").asString()).isEqualTo(resnet.getId());
        assertThat(job.get("description").asString()).isEqualTo("first ResNet run");
        assertThat(job.get("commit_sha").asString()).isEqualTo(vision.getCurrentCommit());

        JsonNode missing = problem("/api/jobs/no-such-job", 404);
        assertThat(missing.get("detail").asString()).contains("no-such-job");
    }
}
