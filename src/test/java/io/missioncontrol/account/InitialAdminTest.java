package io.missioncontrol.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missioncontrol.SpringIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** missioncontrol.security.initial-admin-token makes the user admin once, and only while no admin exists. */
class InitialAdminTest extends SpringIntegrationTest {

    @Autowired InitialAdmin initialAdmin;
    @Autowired MemberService members;
    @Autowired JdbcTemplate jdbc;

    @AfterEach
    void restoreTheTestAdmin() {
        deleteAllRows(); // removes other admins and makes the test admin again
    }

    @Test
    void theContextStartedWithTheAdminHoldingTheConfiguredToken() {
        assertThat(jdbc.queryForObject("select role from users where username = 'admin'", String.class))
                .isEqualTo("ADMIN");
        assertThat(api().get().uri("/api/me").retrieve().body(String.class)).contains("\"username\":\"admin\"");
        assertThat(jdbc.queryForObject("select password_hash from users where username = 'admin'", String.class))
                .as("no password, ever, by default").isNull();
    }

    @Test
    void itCreatesTheAdminOnceAndNotASecondTime() {
        jdbc.update("delete from users");
        assertThat(initialAdmin.create(ADMIN_TOKEN)).isTrue();
        assertThat(initialAdmin.create(ADMIN_TOKEN)).isFalse();
        assertThat(initialAdmin.create("another-token-of-thirty-characters")).isFalse();
        assertThat(jdbc.queryForObject("select count(*) from users", Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from personal_tokens", Integer.class)).isEqualTo(1);
        assertThat(api().get().uri("/api/me").retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(200);
        assertThat(api("another-token-of-thirty-characters").get().uri("/api/me").retrieve().toBodilessEntity()
                .getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void itCreatesNothingWhenAnAdminExists() {
        jdbc.update("delete from users");
        members.createFirstAdmin("boss", "a long enough password", "127.0.0.1");
        assertThat(initialAdmin.create(ADMIN_TOKEN)).isFalse();
        assertThat(jdbc.queryForList("select username from users", String.class)).containsExactly("boss");
        assertThat(api().get().uri("/api/me").retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void aShortTokenIsRefusedWithWhatItMustBe() {
        assertThatThrownBy(() -> initialAdmin.create("short")).hasMessageContaining("initial-admin-token")
                .hasMessageContaining("24");
    }
}
