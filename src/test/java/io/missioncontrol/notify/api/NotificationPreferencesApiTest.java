package io.missioncontrol.notify.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.notify.NotifyIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

@SuppressWarnings({"unchecked", "rawtypes"})
class NotificationPreferencesApiTest extends NotifyIntegrationTest {

    private ResponseEntity<Map> put(String json) {
        return api().put().uri("/api/me/notifications").contentType(MediaType.APPLICATION_JSON).body(json)
                .retrieve().toEntity(Map.class);
    }

    @Test
    void withNothingSetTheDefaultsAreTheEndings() {
        Map<?, ?> body = api().get().uri("/api/me/notifications").retrieve().body(Map.class);
        assertThat(body.get("email")).isNull();
        assertThat(body.get("slack_webhook_url")).isNull();
        assertThat((List<Object>) body.get("events")).containsExactly("COMPLETED", "FAILED", "CANCELLED");
    }

    @Test
    void hookUrlsAreStoredEncryptedAndShownOnlyMasked() {
        String hook = "https://hooks.slack.com/services/T0001/B0002/abcdefSECRETwxyz";
        var answer = put("""
                {"email": "bob@lab.example", "slack_webhook_url": "%s", "ntfy_url": null,
                 "events": ["started", "FAILED"]}""".formatted(hook));
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody().get("slack_webhook_url")).isEqualTo("https://hooks.slack.com/…/wxyz");
        assertThat((List<Object>) answer.getBody().get("events")).containsExactly("STARTED", "FAILED");
        assertThat(api().get().uri("/api/me/notifications").retrieve().body(String.class)).doesNotContain("SECRET");

        Map<String, Object> row = jdbcTemplate.queryForMap("select * from notification_preferences");
        assertThat(row.toString()).doesNotContain("SECRET");
        assertThat(new String((byte[]) row.get("slack_url_encrypted"), StandardCharsets.ISO_8859_1))
                .doesNotContain("SECRET");

        // sending back what GET shows keeps the stored hook; "" removes it
        assertThat(put("""
                {"email": "bob@lab.example", "slack_webhook_url": "https://hooks.slack.com/…/wxyz"}""")
                .getBody().get("slack_webhook_url")).isEqualTo("https://hooks.slack.com/…/wxyz");
        byte[] kept = jdbcTemplate.queryForObject("select slack_url_encrypted from notification_preferences",
                byte[].class);
        assertThat(kept).isEqualTo(row.get("slack_url_encrypted"));
        assertThat(put("{\"slack_webhook_url\": \"\"}").getBody().get("slack_webhook_url")).isNull();
        assertThat(jdbcTemplate.queryForObject("select slack_url_encrypted from notification_preferences",
                byte[].class)).isNull();
    }

    @Test
    void aHookOutsideTheAllowedHostsIsRefusedNamingTheField() {
        var answer = put("{\"slack_webhook_url\": \"https://169.254.169.254/latest/meta-data\"}");
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getBody().get("field")).isEqualTo("slack_webhook_url");
        assertThat((String) answer.getBody().get("detail")).contains("allowed hosts");

        var ntfy = put("{\"ntfy_url\": \"http://hooks.slack.com/topic\"}");
        assertThat(ntfy.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(ntfy.getBody().get("field")).isEqualTo("ntfy_url");
        assertThat((String) ntfy.getBody().get("detail")).contains("https");

        var userInfo = put("{\"ntfy_url\": \"https://me:pw@hooks.slack.com/topic\"}");
        assertThat(userInfo.getBody().get("field")).isEqualTo("ntfy_url");
        assertThat(jdbcTemplate.queryForObject("select count(*) from notification_preferences", Integer.class))
                .as("nothing stored").isZero();
    }

    @Test
    void badEmailsUnknownEventsAndUnknownFieldsAre400s() {
        assertThat(put("{\"email\": \"not an address\"}").getBody().get("field")).isEqualTo("email");
        var event = put("{\"events\": [\"EXPLODED\"]}");
        assertThat(event.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(event.getBody().get("field")).isEqualTo("events");
        assertThat((String) event.getBody().get("detail")).contains("EXPLODED", "TIME_LIMIT_90");
        var unknown = put("{\"slack\": \"x\"}");
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(unknown.getBody().get("field")).isEqualTo("slack");
        assertThat(put("{\"email\": 5}").getBody().get("field")).isEqualTo("email");
    }

    @Test
    void theLaunchRequestRefusesAnUnknownNotifyChoiceNamingTheField() {
        var answer = api().post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON).body("""
                {"project_id": "p", "name": "n", "cluster": "dev", "notify_on": "sometimes"}""")
                .retrieve().toEntity(Map.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getBody().get("field")).isEqualTo("notify_on");
    }
}
