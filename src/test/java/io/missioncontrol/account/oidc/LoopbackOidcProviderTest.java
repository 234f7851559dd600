package io.missioncontrol.account.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The provider the OIDC sign-in tests rely on is a real one: discovery, its login form, the authorization code flow
 * and an ID token signed with the key its JWK set publishes, carrying the person's groups.
 */
class LoopbackOidcProviderTest {

    static final LoopbackOidcProvider.Client CLIENT = new LoopbackOidcProvider.Client("portal", "portal-secret",
            "http://127.0.0.1:1/login/oauth2/code/lab");
    static LoopbackOidcProvider provider;
    final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() {
        provider = LoopbackOidcProvider.start(CLIENT, List.of(
                new LoopbackOidcProvider.Person("erin", "erin-password", "erin@lab.test", List.of("mc-members")),
                new LoopbackOidcProvider.Person("frank", "frank-password", "frank@lab.test", List.of())));
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    @Test
    void discoveryNamesItsOwnLoopbackAddressAsIssuer() throws Exception {
        JsonNode config = json.readTree(get(HttpClient.newHttpClient(),
                provider.issuerUri() + "/.well-known/openid-configuration").body());

        assertThat(provider.issuerUri()).startsWith("http://127.0.0.1:");
        assertThat(config.get("issuer").asText()).isEqualTo(provider.issuerUri());
        assertThat(config.get("authorization_endpoint").asText()).startsWith(provider.issuerUri());
        assertThat(config.get("jwks_uri").asText()).startsWith(provider.issuerUri());
    }

    @Test
    void theCodeFlowGivesASignedIdTokenWithThePersonsGroups() throws Exception {
        HttpClient browser = browser();
        String code = signInAndGetCode(browser, "erin", "erin-password");

        HttpResponse<String> token = browser.send(HttpRequest.newBuilder(URI.create(provider.issuerUri()
                        + "/oauth2/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (CLIENT.clientId() + ":" + CLIENT.clientSecret()).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(form(Map.of("grant_type", "authorization_code", "code", code,
                        "redirect_uri", CLIENT.redirectUri(), "code_verifier", VERIFIER)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);

        SignedJWT idToken = SignedJWT.parse(json.readTree(token.body()).get("id_token").asText());
        RSAKey published = (RSAKey) JWKSet.parse(get(browser, provider.issuerUri() + "/oauth2/jwks").body())
                .getKeys().getFirst();
        assertThat(idToken.verify(new RSASSAVerifier(published))).isTrue();
        assertThat(idToken.getJWTClaimsSet().getSubject()).isEqualTo("erin");
        assertThat(idToken.getJWTClaimsSet().getIssuer()).isEqualTo(provider.issuerUri());
        assertThat(idToken.getJWTClaimsSet().getStringListClaim(LoopbackOidcProvider.GROUPS_CLAIM))
                .containsExactly("mc-members");
        assertThat(idToken.getJWTClaimsSet().getStringClaim("email")).isEqualTo("erin@lab.test");
    }

    @Test
    void aWrongPasswordIsSentBackToItsLoginForm() throws Exception {
        HttpClient browser = browser();
        HttpResponse<String> authorize = get(browser, authorizeUrl());
        assertThat(authorize.statusCode()).isEqualTo(302);

        HttpResponse<String> login = postLogin(browser, "frank", "not-franks-password");

        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
    }

    /** Follows the flow as a browser would, up to the redirect back to the client; returns the code. */
    static String signInAndGetCode(HttpClient browser, String username, String password) throws Exception {
        HttpResponse<String> authorize = get(browser, authorizeUrl());
        assertThat(authorize.statusCode()).isEqualTo(302);
        assertThat(authorize.headers().firstValue("Location").orElseThrow()).endsWith("/login");

        HttpResponse<String> login = postLogin(browser, username, password);
        assertThat(login.statusCode()).isEqualTo(302);

        HttpResponse<String> again = get(browser, absolute(login.headers().firstValue("Location").orElseThrow()));
        assertThat(again.statusCode()).isEqualTo(302);
        String back = again.headers().firstValue("Location").orElseThrow();
        assertThat(back).startsWith(CLIENT.redirectUri() + "?code=").contains("state=s1");
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(back);
        assertThat(code.find()).isTrue();
        return java.net.URLDecoder.decode(code.group(1), StandardCharsets.UTF_8);
    }

    static HttpResponse<String> postLogin(HttpClient browser, String username, String password) throws Exception {
        String page = get(browser, provider.issuerUri() + "/login").body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
        assertThat(csrf.find()).as("the login form has a CSRF field").isTrue();
        return browser.send(HttpRequest.newBuilder(URI.create(provider.issuerUri() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(form(Map.of("username", username, "password", password, "_csrf", csrf.group(1))))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** PKCE's verifier (RFC 7636): the provider, like Spring Security 7's, requires a code challenge. */
    static final String VERIFIER = "a-fixed-verifier-long-enough-for-rfc-7636-section-4-1-0123456789";

    static String authorizeUrl() throws Exception {
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(VERIFIER.getBytes(StandardCharsets.US_ASCII)));
        return provider.issuerUri() + "/oauth2/authorize?response_type=code&scope=openid%20profile%20email"
                + "&client_id=" + CLIENT.clientId() + "&state=s1&code_challenge_method=S256&code_challenge="
                + challenge + "&redirect_uri=" + URLEncoder.encode(CLIENT.redirectUri(), StandardCharsets.UTF_8);
    }

    static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String absolute(String location) {
        return location.startsWith("http") ? location : provider.issuerUri() + location;
    }

    static HttpRequest.BodyPublisher form(Map<String, String> fields) {
        return HttpRequest.BodyPublishers.ofString(fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
    }
}
