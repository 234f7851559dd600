package io.missioncontrol.account.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.SpringIntegrationTest;
import io.missioncontrol.account.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/** What each role may do through the API: 403 as a problem detail where it may not. */
class RolesApiTest extends SpringIntegrationTest {

    @BeforeEach
    void clean() {
        deleteAllRows();
    }

    @Test
    void aViewerReadsButChangesNothing() {
        RestClient viewer = api(tokenFor("vera", Role.VIEWER, null));
        assertThat(status(viewer.get().uri("/api/projects/"))).isEqualTo(200);
        assertThat(status(viewer.get().uri("/api/jobs/"))).isEqualTo(200);
        ResponseEntity<String> add = viewer.post().uri("/api/projects/").contentType(MediaType.APPLICATION_JSON)
                .body("{\"local_path\": \"/tmp\"}").retrieve().toEntity(String.class);
        assertThat(add.getStatusCode().value()).isEqualTo(403);
        assertThat(add.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(add.getBody()).contains("\"status\":403");
        assertThat(post(viewer, "/api/jobs/", "{}")).isEqualTo(403);
        assertThat(post(viewer, "/api/users/", "{\"username\": \"x\", \"role\": \"ADMIN\"}")).isEqualTo(403);
        assertThat(status(viewer.get().uri("/api/users/"))).isEqualTo(403);
        assertThat(status(viewer.get().uri("/api/audit/"))).isEqualTo(403);
        assertThat(status(viewer.patch().uri("/api/users/vera").contentType(MediaType.APPLICATION_JSON)
                .body("{\"role\": \"ADMIN\"}"))).isEqualTo(403);
        assertThat(status(viewer.get().uri("/actuator/metrics"))).isEqualTo(403);
        // but a viewer keeps their own tokens
        assertThat(post(viewer, "/api/users/vera/tokens", "{\"name\": \"second\"}")).isEqualTo(201);
    }

    @Test
    void aMemberManagesOwnTokensOnlyAndNoUsers() {
        tokenFor("otto", Role.MEMBER, null);
        RestClient member = api(tokenFor("mona", Role.MEMBER, null));
        assertThat(status(member.get().uri("/api/users/"))).isEqualTo(403);
        assertThat(post(member, "/api/users/", "{\"username\": \"x\", \"role\": \"MEMBER\"}")).isEqualTo(403);
        assertThat(status(member.get().uri("/api/audit/"))).isEqualTo(403);
        assertThat(post(member, "/api/users/mona/tokens", "{\"name\": \"ci\"}")).isEqualTo(201);
        assertThat(status(member.get().uri("/api/users/mona/tokens"))).isEqualTo(200);
        assertThat(post(member, "/api/users/otto/tokens", "{\"name\": \"steal\"}")).isEqualTo(403);
        assertThat(status(member.get().uri("/api/users/otto/tokens"))).isEqualTo(403);
        assertThat(status(member.delete().uri("/api/users/otto/tokens/1"))).isEqualTo(403);
        // a member changes things (here: a 400 about the body, past the role check)
        assertThat(post(member, "/api/projects/", "{}")).isEqualTo(400);
        // an admin may act for anyone
        assertThat(post(api(), "/api/users/otto/tokens", "{\"name\": \"for otto\"}")).isEqualTo(201);
        assertThat(status(api().get().uri("/api/users/"))).isEqualTo(200);
    }

    private static int post(RestClient client, String path, String json) {
        return status(client.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(json));
    }

    private static int status(RestClient.RequestHeadersSpec<?> request) {
        return request.retrieve().toEntity(String.class).getStatusCode().value();
    }
}
