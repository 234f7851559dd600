package io.missioncontrol.base.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.SpringIntegrationTest;
import io.missioncontrol.TrainingRepo;
import io.missioncontrol.cluster.ClusterGateway;
import io.missioncontrol.cluster.ClusterService;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.ProjectService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Malformed requests of every kind, across the endpoints: each is refused with 400 (413 for an oversized body) and
 * a short problem detail that names the JSON field or query parameter in the API's own words. The launch body is
 * otherwise valid against a real project and the dev cluster (the preview of the untouched body succeeds), so each
 * refusal is the malformed part's doing; nothing reaches SLURM.
 */
@Tag("cluster")
class StrictRequestsApiTest extends SpringIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Words that would betray Java internals in an error body. */
    private static final List<String> INTERNALS = List.of("java.", "tools.jackson", "com.fasterxml", "jakarta.",
            "io.missioncontrol", "Integer", "LinkedHashMap", "ArrayList", "String value", "Exception", "LaunchRequest",
            "AddProjectRequest", "ResponseEntity", "JobLaunchController", "launch(", "preview(", "CoercionConfig",
            "JsonToken", "DeserializationFeature");
    private static final int SHORT = 4_000;
    private static final String MARK = "@PROJECT@";
    /** A valid launch body; {@code %s} takes more fields. */
    private static final String BASE = "{\"project_id\": \"" + MARK + "\", \"name\": \"strict\", \"cluster\": \"dev\", "
            + "\"partition\": \"debug\", \"gpus_per_node\": 0, \"time_limit\": \"00:01:00\"%s}";

    private static TrainingRepo repo;

    @Autowired ProjectService projectService;
    @Autowired JobRepository jobs;
    @Autowired ClusterService clusters;
    @Autowired ClusterGateway gateway;

    private Project project;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void project() {
        deleteAllRows();
        if (repo == null) {
            repo = TrainingRepo.create("strict");
        }
        project = projectService.add(repo.workTree.toString(), "strict-project");
    }

    /** Should a case ever be accepted, its job must not linger on the shared cluster. */
    @AfterEach
    void cancelAnythingSubmitted() {
        List<String> submitted = jobs.findAll().stream().map(Job::getSlurmJobId).filter(id -> id != null).toList();
        if (!submitted.isEmpty()) {
            gateway.cancel(gateway.serviceAccount("dev"), submitted);
        }
    }

    @AfterAll
    static void removeRepo() {
        if (repo != null) {
            repo.close();
            repo = null;
        }
    }

    static String launch(String moreFields) {
        return BASE.formatted(moreFields.isEmpty() ? "" : ", " + moreFields);
    }

    static String repeat(int n) {
        return "x".repeat(n);
    }

    static String items(int n) {
        return IntStream.range(0, n).mapToObj(i -> "\"+a" + i + "=1\"").collect(Collectors.joining(",", "[", "]"));
    }

    static String keys(int n) {
        return IntStream.range(0, n).mapToObj(i -> "\"k" + i + "\": \"v\"").collect(Collectors.joining(",", "{", "}"));
    }

    static Arguments post(String label, String path, String body, int status, String field) {
        return Arguments.of(label, "POST", path, body, status, field);
    }

    static Arguments get(String label, String pathAndQuery, int status, String field) {
        return Arguments.of(label, "GET", pathAndQuery, null, status, field);
    }

    static Stream<Arguments> malformedRequests() {
        String jobs = "/api/jobs/";
        String preview = "/api/jobs/preview";
        String projects = "/api/projects/";
        return Stream.of(
                // unknown fields
                post("a misspelt field is not ignored", jobs, launch("\"gpus\": 4"), 400, "gpus"),
                post("an unknown field in preview", preview, launch("\"nodes\": 2"), 400, "nodes"),
                post("camelCase instead of snake_case", jobs, launch("\"gpusPerNode\": 1"), 400, "gpusPerNode"),
                // whole numbers
                post("a fraction for a whole number", jobs, launch("\"gpus_per_node\": 1.5"), 400, "gpus_per_node"),
                post("1.0 is not a whole number either", jobs, launch("\"num_nodes\": 1.0"), 400, "num_nodes"),
                post("an exponent for a whole number", preview, launch("\"num_nodes\": 1e3"), 400, "num_nodes"),
                post("int overflow", jobs, launch("\"num_nodes\": 99999999999"), 400, "num_nodes"),
                post("negative int overflow", preview, launch("\"gpus_per_node\": -99999999999"), 400, "gpus_per_node"),
                post("a huge number", jobs, launch("\"cpus_per_task\": 1" + "0".repeat(40)), 400, "cpus_per_task"),
                post("a string for a number", jobs, launch("\"cpus_per_task\": \"4\""), 400, "cpus_per_task"),
                post("a boolean for a number", jobs, launch("\"num_nodes\": true"), 400, "num_nodes"),
                post("an object for a number", preview, launch("\"num_nodes\": {}"), 400, "num_nodes"),
                // strings
                post("a number for a string", jobs, launch("\"time_limit\": 60").replace("\"time_limit\": \"00:01:00\", ", ""), 400, "time_limit"),
                post("a number for memory", jobs, launch("\"memory\": 64"), 400, "memory"),
                post("a boolean for a string", preview, launch("\"description\": true"), 400, "description"),
                post("an array for a string", jobs, launch("").replace("\"name\": \"strict\"", "\"name\": [\"a\"]"), 400, "name"),
                post("a null name", jobs, launch("").replace("\"name\": \"strict\"", "\"name\": null"), 400, "name"),
                post("an empty name", preview, launch("").replace("\"name\": \"strict\"", "\"name\": \"\""), 400, "name"),
                post("a 5000-character name", jobs, launch("").replace("\"name\": \"strict\"", "\"name\": \"" + repeat(5000) + "\""), 400, "name"),
                post("a description over 2000 characters", jobs, launch("\"description\": \"" + repeat(2001) + "\""), 400, "description"),
                post("a partition over 100 characters", preview, launch("").replace("\"debug\"", "\"" + repeat(300) + "\""), 400, "partition"),
                post("a request key over 100 characters", jobs, launch("\"request_key\": \"" + repeat(101) + "\""), 400, "request_key"),
                post("no project id", jobs, launch("").replace("\"project_id\": \"" + MARK + "\", ", ""), 400, "project_id"),
                post("a null cluster", preview, launch("").replace("\"cluster\": \"dev\"", "\"cluster\": null"), 400, "cluster"),
                // extra_overrides
                post("a null extra override", jobs, launch("\"extra_overrides\": [null]"), 400, "extra_overrides"),
                post("a null among extra overrides", preview, launch("\"extra_overrides\": [\"+a=1\", null]"), 400, "extra_overrides"),
                post("a string for the override list", jobs, launch("\"extra_overrides\": \"seed=1\""), 400, "extra_overrides"),
                post("a number in the override list", jobs, launch("\"extra_overrides\": [1]"), 400, "extra_overrides"),
                post("201 extra overrides", jobs, launch("\"extra_overrides\": " + items(201)), 400, "extra_overrides"),
                post("an extra override over 1000 characters", preview, launch("\"extra_overrides\": [\"+a=" + repeat(1000) + "\"]"), 400, "extra_overrides"),
                // hydra_overrides
                post("a null hydra override value", jobs, launch("\"hydra_overrides\": {\"model\": null}"), 400, "hydra_overrides"),
                post("a number as hydra override value", jobs, launch("\"hydra_overrides\": {\"trainer.lr\": 0.1}"), 400, "hydra_overrides"),
                post("an array for the hydra overrides", preview, launch("\"hydra_overrides\": []"), 400, "hydra_overrides"),
                post("201 hydra overrides", jobs, launch("\"hydra_overrides\": " + keys(201)), 400, "hydra_overrides"),
                post("a blank hydra override key", preview, launch("\"hydra_overrides\": {\" \": \"v\"}"), 400, "hydra_overrides"),
                post("a hydra override key over 200 characters", jobs, launch("\"hydra_overrides\": {\"" + repeat(201) + "\": \"v\"}"), 400, "hydra_overrides"),
                post("a hydra override value over 1000 characters", preview, launch("\"hydra_overrides\": {\"model\": \"" + repeat(1001) + "\"}"), 400, "hydra_overrides"),
                post("60k null override values: few errors listed", jobs, launch("\"hydra_overrides\": " + IntStream.range(0, 60_000)
                        .mapToObj(i -> "\"" + i + "\":null").collect(Collectors.joining(",", "{", "}"))), 400, "hydra_overrides"),
                // booleans
                post("a string for a boolean", jobs, launch("\"allow_dirty\": \"yes\""), 400, "allow_dirty"),
                post("a number for a boolean", preview, launch("\"allow_dirty\": 1"), 400, "allow_dirty"),
                // JSON itself
                post("a field given twice", jobs, launch("\"name\": \"again\""), 400, "name"),
                post("a value missing", jobs, "{\"project_id\": }", 400, "project_id"),
                post("JSON that breaks off", preview, "{\"project_id\": \"x\", \"name\": \"y\"", 400, "body"),
                post("an array for the body", jobs, "[1, 2]", 400, "body"),
                post("a string for the body", jobs, "\"launch\"", 400, "body"),
                post("trailing garbage", jobs, launch("") + " x", 400, "body"),
                post("an empty body names what is missing", jobs, "", 400, "project_id"),
                post("a null body names what is missing", preview, "null", 400, "project_id"),
                post("a 5 MB override is refused before it is read", jobs, launch("\"hydra_overrides\": {\"model\": \""
                        + repeat(5 * 1024 * 1024) + "\"}"), 413, "body"),
                // projects
                post("a project without path", projects, "{}", 400, "local_path"),
                post("a project request without body", projects, "", 400, "local_path"),
                post("a number for the path", projects, "{\"local_path\": 5}", 400, "local_path"),
                post("a path over 4096 characters", projects, "{\"local_path\": \"/" + repeat(5000) + "\"}", 400, "local_path"),
                post("a project name over 100 characters", projects, "{\"local_path\": \"/tmp\", \"name\": \"" + repeat(101) + "\"}", 400, "name"),
                post("an unknown project field", projects, "{\"local_path\": \"/tmp\", \"nmae\": \"x\"}", 400, "nmae"),
                // query parameters
                get("a fractional page size", "/api/jobs/?size=1.5", 400, "size"),
                get("a page number overflowing", "/api/jobs/?page=99999999999", 400, "page"),
                get("a word for a page", "/api/jobs/?page=first", 400, "page"),
                get("a page size above 500", "/api/jobs/?size=501", 400, "size"),
                get("a misspelt query parameter", "/api/jobs/?sise=10", 400, "sise"),
                get("a search text over 200 characters", "/api/jobs/?q=" + repeat(201), 400, "q"),
                get("a status over 200 characters", "/api/jobs/?status=" + repeat(201), 400, "status"),
                get("a fractional tail", "/api/jobs/some-job/logs?tail=2.5", 400, "tail"),
                get("an offset overflowing a long", "/api/jobs/some-job/logs?offset=99999999999999999999", 400, "offset"),
                get("a negative max_bytes", "/api/jobs/some-job/logs?max_bytes=-1", 400, "max_bytes"),
                get("a word for refresh", "/api/clusters/dev/partitions?refresh=maybe", 400, "refresh"),
                get("a query parameter where none is known", "/api/projects/?all=true", 400, "all"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRequests")
    void isRefusedNamingTheField(String label, String method, String path, String body, int status, String field)
            throws Exception {
        HttpResponse<String> response = send(method, path,
                body == null ? null : body.replace(MARK, project.getId()), false);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(response.body().length()).as("a short answer").isLessThan(SHORT);
        assertThat(response.body()).doesNotContain(INTERNALS);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("field").asString()).isEqualTo(field);
        if (status == 400) {
            assertThat(problem.get("errors").findValuesAsString("field")).contains(field);
            assertThat(problem.get("errors").size()).isBetween(1, RequestLimits.MAX_ERRORS_SHOWN);
        }
        assertThat(jobs.count()).isZero();
    }

    @Test
    void theUntouchedLaunchBodyIsValidSoEachRefusalAboveIsTheMalformedPartsDoing() throws Exception {
        HttpResponse<String> response = send("POST", "/api/jobs/preview", launch("").replace(MARK, project.getId()),
                false);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("script").asString()).contains("#SBATCH --partition=debug");
    }

    @Test
    void anEmptyBodyNamesEveryRequiredField() throws Exception {
        HttpResponse<String> response = send("POST", "/api/jobs/", "", false);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("errors").findValuesAsString("field")).containsExactly("project_id", "name", "cluster");
        assertThat(problem.get("detail").asString()).isEqualTo("The request body is empty: project_id, name, cluster are required");
    }

    @Test
    void aChunkedBodyOverOneMebibyteIs413WithoutContentLength() throws Exception {
        String big = launch("\"description\": \"" + repeat(2 * 1024 * 1024) + "\"").replace(MARK, project.getId());
        HttpResponse<String> response = send("POST", "/api/jobs/", big, true);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("field").asString()).isEqualTo("body");
        assertThat(problem.get("detail").asString()).contains("1 MiB");
        assertThat(jobs.count()).isZero();
    }

    @Test
    void aBodyJustUnderTheLimitIsReadAndJudgedOnItsFields() throws Exception {
        String body = launch("\"description\": \"%s\"");
        int room = RequestLimits.MAX_BODY_BYTES - body.replace(MARK, project.getId()).length() + 2;
        HttpResponse<String> response = send("POST", "/api/jobs/preview",
                body.replace(MARK, project.getId()).formatted(repeat(room)), true);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("field").asString()).isEqualTo("description");
    }

    @Test
    void manyErrorsAreCountedNotAllListed() throws Exception {
        String nulls = IntStream.range(0, 150).mapToObj(i -> "null").collect(Collectors.joining(",", "[", "]"));
        HttpResponse<String> response = send("POST", "/api/jobs/",
                launch("\"extra_overrides\": " + nulls).replace(MARK, project.getId()), false);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("errors").size()).isEqualTo(RequestLimits.MAX_ERRORS_SHOWN);
        assertThat(problem.get("errors_not_shown").asInt()).isEqualTo(130);
        assertThat(problem.get("errors").get(0).get("message").asString()).isEqualTo("[0] must be a string, not null");
    }

    @Test
    void numbersOutOfRangeSayTheRange() throws Exception {
        JsonNode page = JSON.readTree(send("GET", "/api/jobs/?page=99999999999", null, false).body());
        assertThat(page.get("detail").asString()).isEqualTo("page: '99999999999' is out of range: must be between 0 and "
                + Integer.MAX_VALUE / 500);
        JsonNode nodes = JSON.readTree(send("POST", "/api/jobs/preview",
                launch("\"num_nodes\": 99999999999").replace(MARK, project.getId()), false).body());
        assertThat(nodes.get("detail").asString())
                .isEqualTo("num_nodes: must be a whole number between -2147483648 and 2147483647");
    }

    @Test
    void queryParametersAreTakenFromTheQueryStringOnly() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/jobs/?si%2Ae=1")).header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("field").asString()).isEqualTo("si*e");
        HttpResponse<String> known = send("GET", "/api/jobs/?size=5&page=0&q=bert", null, false);
        assertThat(known.statusCode()).as(known.body()).isEqualTo(200);
    }

    private HttpResponse<String> send(String method, String path, String body, boolean chunked)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + ADMIN_TOKEN);
        if (body == null) {
            request.GET();
        } else {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            request.header("Content-Type", "application/json").method(method, chunked
                    ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
                    : HttpRequest.BodyPublishers.ofByteArray(bytes));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
