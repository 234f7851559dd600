package io.missioncontrol.base.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.SpringIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /error} asked for directly is an unknown path: 404 problem detail, never Boot's {@code "status": 999}. */
class ErrorPathTest extends SpringIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void getErrorIsA404ProblemDetailLikeAnyUnknownPath() {
        ResponseEntity<String> error = api().get().uri("/error").retrieve().toEntity(String.class);
        ResponseEntity<String> unknown = api().get().uri("/api/nothing-here").retrieve().toEntity(String.class);

        for (ResponseEntity<String> response : java.util.List.of(error, unknown)) {
            assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(404);
            assertThat(response.getHeaders().getContentType().toString()).contains("problem+json");
            JsonNode problem = JSON.readTree(response.getBody());
            assertThat(problem.get("status").asInt()).isEqualTo(404);
            assertThat(problem.get("title").asString()).isEqualTo("Not found");
        }
        assertThat(error.getBody()).doesNotContain("999").contains("\"instance\":\"/error\"");
    }

    @Test
    void everyMethodAndAcceptOnErrorIsThatSame404() {
        for (HttpMethod method : new HttpMethod[] {HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE}) {
            ResponseEntity<String> response = api().method(method).uri("/error").retrieve().toEntity(String.class);
            assertThat(response.getStatusCode().value()).as(method + " " + response.getBody()).isEqualTo(404);
            assertThat(response.getBody()).doesNotContain("999");
        }
        ResponseEntity<String> html = api().get().uri("/error").header("Accept", "text/html").retrieve()
                .toEntity(String.class);
        assertThat(html.getStatusCode().value()).isEqualTo(404);
        assertThat(html.getBody()).doesNotContain("999");
    }

    @Test
    void errorsThatNeverReachedOurControllersAreProblemDetailsToo() {
        ResponseEntity<String> notFound = api().get().uri("/actuator/nothing-here").retrieve().toEntity(String.class);
        assertThat(notFound.getStatusCode().value()).isEqualTo(404);
        assertThat(notFound.getHeaders().getContentType().toString()).contains("problem+json");
        assertThat(JSON.readTree(notFound.getBody()).get("instance").asString()).isEqualTo("/actuator/nothing-here");

        ResponseEntity<String> wrongMethod = api().delete().uri("/actuator/health").retrieve().toEntity(String.class);
        assertThat(wrongMethod.getStatusCode().value()).isEqualTo(405);
        JsonNode problem = JSON.readTree(wrongMethod.getBody());
        assertThat(problem.get("status").asInt()).isEqualTo(405);
        assertThat(problem.get("detail").asString()).isEqualTo("The request was refused: method not allowed");
    }
}
