package io.missioncontrol.account.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.SpringIntegrationTest;
import io.missioncontrol.account.Role;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The sign-in page's form login over real HTTP, as a browser (or a cross-site page) would post it: a right password
 * signs in, wrong ones are audited and, after five, refused for a minute; a post without the CSRF token is refused
 * however right the password.
 */
class PasswordSignInTest extends SpringIntegrationTest {

    static final String PASSWORD = "correct horse battery";
    static final Pattern CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");
    static final Pattern CSRF_PARAMETER = Pattern.compile("<meta name=\"_csrf_parameter\" content=\"([^\"]+)\"");

    @Autowired JdbcTemplate jdbc;

    @BeforeEach
    void member() {
        deleteAllRows();
        tokenFor("lena", Role.MEMBER, PASSWORD);
    }

    @AfterEach
    void forgetFailures() {
        deleteAllRows(); // and the throttle's counts: other tests sign in from 127.0.0.1 too
    }

    @Test
    void theRightPasswordSignsInAndTheSessionOpensPages() throws Exception {
        Browser browser = new Browser();
        assertThat(browser.get("/projects").statusCode()).isEqualTo(302);
        HttpResponse<String> signIn = browser.signIn("lena", PASSWORD, true);
        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(signIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
        assertThat(browser.get("/projects").statusCode()).as("signed in: the page is served").isEqualTo(200);
        assertThat(jdbc.queryForList("select action from audit_events where target = 'lena'", String.class))
                .contains("sign-in");
        assertThat(jdbc.queryForList("select password_hash from users where username = 'lena'", String.class))
                .singleElement().satisfies(hash -> assertThat(hash).startsWith("{bcrypt}").doesNotContain(PASSWORD));
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefusedEvenWithTheRightPassword() throws Exception {
        Browser browser = new Browser();
        browser.get("/login"); // a session, as a cross-site form would ride on
        HttpResponse<String> forged = browser.signIn("lena", PASSWORD, false);
        assertThat(forged.statusCode()).as("refused: %s", forged.headers().map()).isIn(302, 403);
        assertThat(forged.headers().firstValue("Location").orElse("/login")).as("not into the portal")
                .contains("/login");
        assertThat(browser.get("/projects").statusCode()).as("still not signed in").isEqualTo(302);
        // nor does a signed-in session sign out (or do anything else) from a forged post
        browser.signIn("lena", PASSWORD, true);
        HttpResponse<String> forgedSignOut = browser.post("/logout", "");
        assertThat(forgedSignOut.statusCode()).as("%s", forgedSignOut.headers().map()).isIn(302, 403);
        assertThat(browser.get("/projects").statusCode()).isEqualTo(200);
        // and a Vaadin request without the page's own security key changes nothing
        HttpResponse<String> uidl = browser.post("/?v-r=uidl&v-uiId=0", "{\"csrfToken\": \"forged\", \"rpc\": [], "
                + "\"syncId\": 0, \"clientId\": 0}", "application/json");
        assertThat(uidl.body()).doesNotContain("\"changes\":[{");
    }

    @Test
    void fiveWrongPasswordsRefuseSignInForAMinuteWithAClearMessage() throws Exception {
        Browser browser = new Browser();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> wrong = browser.signIn("lena", "wrong password " + i, true);
            assertThat(wrong.headers().firstValue("Location").orElse("")).contains("/login?error");
        }
        HttpResponse<String> refused = browser.signIn("lena", PASSWORD, true);
        assertThat(refused.headers().firstValue("Location").orElse("")).as("refused despite the right password")
                .contains("/login?error");
        assertThat(browser.get("/projects").statusCode()).isEqualTo(302);
        assertThat(jdbc.queryForList("select action from audit_events where target = 'lena' order by id",
                String.class)).containsSubsequence("sign-in.failure", "sign-in.failure", "sign-in.failure",
                "sign-in.failure", "sign-in.failure", "sign-in.refused");
        assertThat(jdbc.queryForList("select detail from audit_events", String.class))
                .noneMatch(d -> d != null && d.contains("wrong password"));
    }

    /** A cookie-keeping client that follows no redirects, like a browser tab seen one request at a time. */
    class Browser {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String form) throws Exception {
            return post(path, form, "application/x-www-form-urlencoded");
        }

        HttpResponse<String> post(String path, String body, String type) throws Exception {
            return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        /** Posts the sign-in form, with the page's CSRF token or without. */
        HttpResponse<String> signIn(String username, String password, boolean withCsrf) throws Exception {
            String page = get("/login").body();
            String form = "username=" + enc(username) + "&password=" + enc(password);
            if (withCsrf) {
                Matcher token = CSRF.matcher(page);
                Matcher name = CSRF_PARAMETER.matcher(page);
                assertThat(token.find()).as("the sign-in page carries its CSRF token").isTrue();
                form += "&" + (name.find() ? name.group(1) : "_csrf") + "=" + enc(token.group(1));
            }
            return post("/login", form);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
