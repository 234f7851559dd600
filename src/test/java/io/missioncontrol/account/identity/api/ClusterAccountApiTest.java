package io.missioncontrol.account.identity.api;

import org.springframework.web.client.RestClient;

import io.missioncontrol.account.Role;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.SpringIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The cluster-account endpoints; "dead" needs no SSH, "dev" and "dev-sudo" come with the dev cluster. */
class ClusterAccountApiTest extends SpringIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired JdbcTemplate jdbc;

    @BeforeEach
    @AfterEach
    void clean() {
        jdbc.update("delete from cluster_accounts");
    }

    private ResponseEntity<String> put(String path, Object body) {
        return api().put().uri(path).contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                .toEntity(String.class);
    }

    @Test
    void settingUpMakesAKeyPairAndShowsTheLineButNeverThePrivateKey() {
        ResponseEntity<String> response = put("/api/users/alice/cluster-accounts/dead", Map.of("username", "alice"));
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.getBody());
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("cluster", "username", "mode", "public_key");
        assertThat(body.get("cluster").asString()).isEqualTo("dead");
        assertThat(body.get("username").asString()).isEqualTo("alice");
        assertThat(body.get("mode").asString()).isEqualTo("own-key");
        String line = body.get("public_key").asString();
        assertThat(line).startsWith("ssh-ed25519 AAAA").endsWith(" mission-control:alice@dead");

        // again, with another Unix account: same key pair
        JsonNode again = JSON.readTree(put("/api/users/alice/cluster-accounts/dead", Map.of("username", "alice2"))
                .getBody());
        assertThat(again.get("public_key").asString()).isEqualTo(line);
        assertThat(again.get("username").asString()).isEqualTo("alice2");

        JsonNode list = JSON.readTree(api().get().uri("/api/users/alice/cluster-accounts").retrieve()
                .body(String.class));
        assertThat(list.isArray()).isTrue();
        JsonNode dead = null;
        for (JsonNode entry : list) {
            if (entry.get("cluster").asString().equals("dead")) {
                dead = entry;
            }
        }
        assertThat(dead).isNotNull();
        assertThat(dead.get("username").asString()).isEqualTo("alice2");
        assertThat(dead.get("public_key").asString()).isEqualTo(line);
        assertThat(list.toString()).doesNotContain("PRIVATE", "private_key");
    }

    @Test
    void aMemberSeesAndChangesOnlyTheirOwnAccountsAndNamesNoSudoAccount() {
        String me = "acct" + Long.toString(System.nanoTime(), 36);
        String token = tokenFor(me, Role.MEMBER, null);
        RestClient asMe = api(token);

        assertThat(asMe.get().uri("/api/users/{u}/cluster-accounts", me).retrieve().toEntity(String.class)
                .getStatusCode().value()).isEqualTo(200);
        var others = asMe.get().uri("/api/users/admin/cluster-accounts").retrieve().toEntity(String.class);
        assertThat(others.getStatusCode().value()).isEqualTo(403);
        var own = asMe.put().uri("/api/users/{u}/cluster-accounts/dead", me).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("username", "carol")).retrieve().toEntity(String.class);
        assertThat(own.getStatusCode().value()).as(own.getBody()).isEqualTo(200);
        var someoneElses = asMe.put().uri("/api/users/admin/cluster-accounts/dead")
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("username", "carol")).retrieve()
                .toEntity(String.class);
        assertThat(someoneElses.getStatusCode().value()).isEqualTo(403);
    }

    @Test
    @Tag("cluster")
    void onASudoClusterOnlyAnAdminNamesTheUnixAccountAMemberActsAs() {
        String me = "sudo" + Long.toString(System.nanoTime(), 36);
        RestClient asMe = api(tokenFor(me, Role.MEMBER, null));

        var refused = asMe.put().uri("/api/users/{u}/cluster-accounts/dev-sudo", me)
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("username", "bob")).retrieve()
                .toEntity(String.class);
        assertThat(refused.getStatusCode().value()).isEqualTo(403);
        assertThat(put("/api/users/" + me + "/cluster-accounts/dev-sudo", Map.of("username", "bob"))
                .getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void badUnixNamesAndUnknownClustersAreProblemsNamingTheField() {
        for (String bad : new String[] {"Alice", "1alice", "al ice", "alice;id", "", "a".repeat(33), "root$"}) {
            ResponseEntity<String> response = put("/api/users/alice/cluster-accounts/dead", Map.of("username", bad));
            assertThat(response.getStatusCode().value()).as(bad).isEqualTo(400);
            JsonNode problem = JSON.readTree(response.getBody());
            assertThat(problem.get("field").asString()).as(bad).isEqualTo("username");
            assertThat(response.getBody()).as(bad).contains("Unix account name");
        }
        ResponseEntity<String> missing = put("/api/users/alice/cluster-accounts/dead", Map.of());
        assertThat(missing.getStatusCode().value()).isEqualTo(400);

        ResponseEntity<String> unknown = put("/api/users/alice/cluster-accounts/nope", Map.of("username", "alice"));
        assertThat(unknown.getStatusCode().value()).isEqualTo(404);
        assertThat(unknown.getBody()).contains("No cluster named 'nope'");
        assertThat(api().post().uri("/api/users/alice/cluster-accounts/nope/test").retrieve().toEntity(String.class)
                .getStatusCode().value()).isEqualTo(404);

        ResponseEntity<String> badKey = put("/api/users/alice/cluster-accounts/dead",
                Map.of("username", "alice", "private_key", "ssh-ed25519 AAAA not-a-private-key"));
        assertThat(badKey.getStatusCode().value()).isEqualTo(400);
        assertThat(JSON.readTree(badKey.getBody()).get("field").asString()).isEqualTo("private_key");
    }

    @Test
    void testingBeforeSettingUpSaysHow() {
        ResponseEntity<String> response = api().post().uri("/api/users/carol/cluster-accounts/dead/test").retrieve()
                .toEntity(String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(409);
        assertThat(response.getBody()).contains("'carol' has no account on cluster 'dead'");
    }

    @Test
    @Tag("cluster")
    void onTheSudoClusterThereIsNoKeyAndTheTestRunsAsTheMember() {
        JsonNode body = JSON.readTree(put("/api/users/bob/cluster-accounts/dev-sudo", Map.of("username", "bob"))
                .getBody());
        assertThat(body.get("mode").asString()).isEqualTo("sudo");
        assertThat(body.get("public_key").isNull()).isTrue();

        JsonNode test = JSON.readTree(api().post().uri("/api/users/bob/cluster-accounts/dev-sudo/test").retrieve()
                .body(String.class));
        assertThat(test.get("success").asBoolean()).as(test.toString()).isTrue();
        assertThat(test.get("message").asString()).contains("as bob (sudo)");
        assertThat(test.get("latency_ms").asLong()).isGreaterThanOrEqualTo(0);
    }
}
