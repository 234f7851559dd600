package io.missioncontrol.base.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.SpringIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The OpenAPI description is generated from the same records and parameters that enforce the limits. */
class ApiDocsTest extends SpringIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonNode apiDocs() {
        ResponseEntity<String> response = api().get().uri("/v3/api-docs").retrieve().toEntity(String.class);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        return JSON.readTree(response.getBody());
    }

    @Test
    void listsTheJobProjectAndClusterEndpoints() {
        JsonNode paths = apiDocs().get("paths");
        List<String> names = new ArrayList<>(paths.propertyNames());
        assertThat(names).contains("/api/jobs/", "/api/jobs/preview", "/api/jobs/{id}", "/api/jobs/{id}/logs",
                "/api/jobs/{id}/cancel", "/api/projects/", "/api/projects/{id}", "/api/projects/{id}/sync",
                "/api/projects/{id}/hydra-config", "/api/clusters/", "/api/clusters/{name}/gpu-availability");
        assertThat(names).as("the catch-all for unknown paths is no endpoint").doesNotContain("/api/**");
        assertThat(names).as("each endpoint once, not again with(out) its trailing slash")
                .doesNotContain("/api/jobs", "/api/projects", "/api/jobs/{id}/", "/api/projects/{id}/sync/");
        assertThat(paths.get("/api/jobs/").has("post")).isTrue();
        assertThat(paths.get("/api/jobs/").has("get")).isTrue();
        assertThat(paths.get("/api/projects/{id}").has("delete")).isTrue();
    }

    @Test
    void showsTheBoundsOfTheLaunchBodyInItsSnakeCaseFields() {
        JsonNode docs = apiDocs();
        String ref = docs.at("/paths/~1api~1jobs~1/post/requestBody/content/application~1json/schema/$ref").asString();
        assertThat(ref).startsWith("#/components/schemas/");
        JsonNode launch = docs.at("/components/schemas/" + ref.substring(ref.lastIndexOf('/') + 1));
        JsonNode fields = launch.get("properties");

        assertThat(fields.propertyNames()).contains("project_id", "name", "cluster", "num_nodes", "gpus_per_node",
                "time_limit", "hydra_overrides", "extra_overrides", "allow_dirty", "request_key");
        assertThat(launch.get("required").valueStream().map(JsonNode::asString)).contains("project_id", "name",
                "cluster");
        assertThat(fields.get("name").get("maxLength").asInt()).isEqualTo(100);
        assertThat(fields.get("description").get("maxLength").asInt()).isEqualTo(2000);
        assertThat(fields.get("request_key").get("maxLength").asInt()).isEqualTo(100);
        assertThat(fields.get("extra_overrides").get("maxItems").asInt()).isEqualTo(200);
        assertThat(fields.get("extra_overrides").at("/items/maxLength").asInt()).isEqualTo(1000);
        assertThat(fields.get("hydra_overrides").get("maxProperties").asInt()).isEqualTo(200);
        assertThat(fields.get("hydra_overrides").at("/propertyNames/maxLength").asInt()).isEqualTo(200);
        assertThat(fields.get("hydra_overrides").at("/additionalProperties/maxLength").asInt()).isEqualTo(1000);
        assertThat(fields.get("num_nodes").get("format").asString()).isEqualTo("int32");
    }

    @Test
    void showsTheBoundsOfQueryParameters() {
        JsonNode parameters = apiDocs().at("/paths/~1api~1jobs~1/get/parameters");
        JsonNode size = parameters.valueStream().filter(p -> p.get("name").asString().equals("size")).findFirst()
                .orElseThrow();
        assertThat(size.at("/schema/maximum").asInt()).isEqualTo(500);
        assertThat(size.at("/schema/minimum").asInt()).isEqualTo(1);
        JsonNode q = parameters.valueStream().filter(p -> p.get("name").asString().equals("q")).findFirst()
                .orElseThrow();
        assertThat(q.at("/schema/maxLength").asInt()).isEqualTo(200);
    }

    @Test
    void theBrowsablePageIsServedBySpringdocNotVaadin() {
        ResponseEntity<String> page = api().get().uri("/swagger-ui/index.html").retrieve().toEntity(String.class);
        assertThat(page.getStatusCode().value()).isEqualTo(200);
        assertThat(page.getBody()).contains("swagger-ui");
        String config = api().get().uri("/v3/api-docs/swagger-config").retrieve().body(String.class);
        assertThat(config).contains("/v3/api-docs");
    }
}
