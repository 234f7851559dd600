package io.missioncontrol.account.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.SpringIntegrationTest;
import io.missioncontrol.account.Role;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Personal tokens through the REST API: made, used, listed without the token, revoked, expired; hashes only. */
class TokenApiTest extends SpringIntegrationTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void clean() {
        deleteAllRows();
    }

    @Test
    void aTokenIsShownOnceWorksIsListedWithoutItselfAndStopsWorkingWhenRevoked() {
        api().post().uri("/api/users/").contentType(MediaType.APPLICATION_JSON)
                .body("{\"username\": \"tina\", \"role\": \"MEMBER\"}").retrieve().toBodilessEntity();
        ResponseEntity<String> made = api().post().uri("/api/users/tina/tokens").contentType(MediaType.APPLICATION_JSON)
                .body("{\"name\": \"laptop\", \"expires_in_days\": 30}").retrieve().toEntity(String.class);
        assertThat(made.getStatusCode().value()).as(made.getBody()).isEqualTo(201);
        JsonNode body = JSON.readTree(made.getBody());
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("id", "name", "token", "expires_at");
        String token = body.get("token").asString();
        assertThat(token).startsWith("mc_").hasSizeGreaterThanOrEqualTo(3 + 43);
        assertThat(Instant.parse(body.get("expires_at").asString())).isAfter(Instant.now().plusSeconds(29L * 86400));

        JsonNode me = JSON.readTree(api(token).get().uri("/api/me").retrieve().body(String.class));
        assertThat(me.get("username").asString()).isEqualTo("tina");
        assertThat(me.get("role").asString()).isEqualTo("MEMBER");

        String listed = api(token).get().uri("/api/users/tina/tokens/").retrieve().body(String.class);
        assertThat(listed).doesNotContain(token).doesNotContain("\"token\"").contains("\"laptop\"")
                .contains(token.substring(0, 8));
        assertThat(JSON.readTree(listed).get(0).get("last_used_at").isNull()).isFalse();

        // the database holds the SHA-256 only: the token is nowhere in the table
        List<Map<String, Object>> rows = jdbc.queryForList("select * from personal_tokens");
        assertThat(rows).isNotEmpty();
        for (Map<String, Object> row : rows) {
            for (Object value : row.values()) {
                assertThat(String.valueOf(value)).doesNotContain(token).doesNotContain(token.substring(3));
            }
        }
        assertThat(jdbc.queryForList("select token_hash from personal_tokens", String.class))
                .contains(sha256(token)).allSatisfy(h -> assertThat(h).matches("[0-9a-f]{64}"));

        long id = body.get("id").asLong();
        ResponseEntity<String> revoked = api(token).delete().uri("/api/users/tina/tokens/{id}", id).retrieve()
                .toEntity(String.class);
        assertThat(revoked.getStatusCode().value()).as(revoked.getBody()).isEqualTo(200);
        ResponseEntity<String> after = api(token).get().uri("/api/me").retrieve().toEntity(String.class);
        assertThat(after.getStatusCode().value()).isEqualTo(401);
        assertThat(after.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(JSON.readTree(after.getBody()).get("status").asInt()).isEqualTo(401);
        assertThat(api().get().uri("/api/users/tina/tokens").retrieve().body(String.class)).isEqualTo("[]");
        // the audit log has both, without the token
        String audit = api().get().uri("/api/audit/").retrieve().body(String.class);
        assertThat(audit).contains("token.create", "token.revoke", "user.create").doesNotContain(token);
    }

    @Test
    void anExpiredTokenIs401() {
        String token = tokenFor("exp", Role.VIEWER, null);
        assertThat(api(token).get().uri("/api/me").retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(200);
        // as if its time had come: expiry is compared with the clock on every request
        jdbc.update("update personal_tokens set expires_at = ? where token_hash = ?",
                java.sql.Timestamp.from(Instant.now().minusSeconds(1)), sha256(token));
        assertThat(api(token).get().uri("/api/me").retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void aDisabledMembersTokensStopWorking() {
        String token = tokenFor("dora", Role.MEMBER, null);
        var disabled = api().patch().uri("/api/users/dora").contentType(MediaType.APPLICATION_JSON)
                .body("{\"disabled\": true}").retrieve().toEntity(String.class);
        assertThat(disabled.getStatusCode().value()).as(disabled.getBody()).isEqualTo(200);
        assertThat(api(token).get().uri("/api/me").retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void badInputIsA400NamingTheField() {
        assertField(api().post().uri("/api/users/"), "{\"username\": \"Bad Name\", \"role\": \"MEMBER\"}", "username");
        assertField(api().post().uri("/api/users/"), "{\"username\": \"ok\", \"role\": \"BOSS\"}", "role");
        assertField(api().post().uri("/api/users/"), "{\"username\": \"ok\", \"password\": \"short\", \"role\": \"MEMBER\"}",
                "password");
        assertField(api().post().uri("/api/users/"), "{\"username\": \"ok\", \"role\": \"MEMBER\", \"admin\": true}",
                "admin");
        assertField(api().post().uri("/api/users/admin/tokens"), "{\"name\": \"x\", \"expires_in_days\": 0}",
                "expires_in_days");
        assertField(api().post().uri("/api/users/admin/tokens"), "{\"name\": \"\"}", "name");
        assertField(api().patch().uri("/api/users/admin"), "{}", "body");
        var dup = api().post().uri("/api/users/").contentType(MediaType.APPLICATION_JSON)
                .body("{\"username\": \"admin\", \"role\": \"MEMBER\"}").retrieve().toEntity(String.class);
        assertThat(dup.getStatusCode().value()).isEqualTo(409);
        var last = api().patch().uri("/api/users/admin").contentType(MediaType.APPLICATION_JSON)
                .body("{\"role\": \"VIEWER\"}").retrieve().toEntity(String.class);
        assertThat(last.getStatusCode().value()).as("the last admin stays one").isEqualTo(409);
    }

    private static void assertField(org.springframework.web.client.RestClient.RequestBodySpec request, String json,
                                    String field) {
        ResponseEntity<String> response = request.contentType(MediaType.APPLICATION_JSON).body(json).retrieve()
                .toEntity(String.class);
        assertThat(response.getStatusCode().value()).as(json + " → " + response.getBody()).isEqualTo(400);
        assertThat(JSON.readTree(response.getBody()).get("field").asString()).as(json).isEqualTo(field);
    }

    static String sha256(String token) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
