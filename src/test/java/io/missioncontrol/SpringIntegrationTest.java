package io.missioncontrol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;
import io.missioncontrol.account.InitialAdmin;
import io.missioncontrol.account.Role;
import io.missioncontrol.account.SignInThrottle;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

/**
 * Base of tests that need the whole application: a real server on a random loopback port and a
 * fresh database — a SQLite file, or in the PostgreSQL run (Surefire execution {@code postgres}, every class tagged
 * {@code spring}) a PostgreSQL database of its own ({@link FreshPostgresDatabase}). Every subclass shares one Spring
 * context (same configuration), so tests clean the tables they use. A test about SQLite itself is tagged
 * {@code sqlite-only}, and is left out of the PostgreSQL run.
 */
@Tag("spring") // inherited: every Spring-context test runs on SQLite and on PostgreSQL
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class SpringIntegrationTest {

    /** The bundled dev cluster's description, written by scripts/dev-cluster.sh up. */
    public static final Path DEV_CLUSTER_FILE = Path.of("data/dev-cluster/clusters.yaml");
    /**
     * The clusters the tests see: the dev cluster, "dead", a port where nothing listens, and "relay", the dev
     * cluster's sshd reached through {@link #RELAY_PORT} only while a test runs a forwarder there. Without the dev
     * cluster (no {@link #DEV_CLUSTER_FILE}) only "dead" is there: tests that need "dev" are tagged {@code cluster}.
     */
    public static final Path TEST_CLUSTERS_FILE = Path.of("target/test-clusters.yaml");
    /** A free loopback port for the "relay" cluster, chosen once per test JVM. */
    public static final int RELAY_PORT = freeLoopbackPort();
    /** The dev cluster's host keys, recorded for the relay's port. */
    private static final Path RELAY_KNOWN_HOSTS = Path.of("target/test-relay-known-hosts");
    /** The dead cluster's own key and known_hosts when there is no dev cluster to borrow them from. */
    private static final Path DEAD_KEY = Path.of("target/test-dead-cluster/id_rsa");
    private static final Path DEAD_KNOWN_HOSTS = Path.of("target/test-dead-cluster/known_hosts");

    /**
     * The initial admin's personal token (missioncontrol.security.initial-admin-token), random per test JVM: every
     * context creates the user {@code admin} holding it, and {@link #api()} sends it.
     */
    public static final String ADMIN_TOKEN = "mc_test_" + UUID.randomUUID().toString().replace("-", "")
            + UUID.randomUUID().toString().replace("-", "");

    @DynamicPropertySource
    static void clusters(DynamicPropertyRegistry registry) throws IOException {
        writeTestClustersFile();
        registry.add("missioncontrol.clusters-file", TEST_CLUSTERS_FILE::toString);
        registry.add("missioncontrol.security.initial-admin-token", () -> ADMIN_TOKEN);
    }

    private static synchronized void writeTestClustersFile() throws IOException {
        Files.createDirectories(TEST_CLUSTERS_FILE.getParent());
        if (!Files.exists(DEV_CLUSTER_FILE)) {
            writeDeadClusterKey();
            // relative paths are read from the folder of the clusters file
            Files.writeString(TEST_CLUSTERS_FILE, "clusters:\n" + dead(
                    "key_path: " + TEST_CLUSTERS_FILE.getParent().relativize(DEAD_KEY),
                    "known_hosts: " + TEST_CLUSTERS_FILE.getParent().relativize(DEAD_KNOWN_HOSTS)));
            return;
        }
        String dev = Files.readString(DEV_CLUSTER_FILE);
        String key = dev.lines().filter(l -> l.trim().startsWith("key_path:")).findFirst().orElseThrow().trim();
        String knownHosts = dev.lines().filter(l -> l.trim().startsWith("known_hosts:")).findFirst().orElseThrow()
                .trim();
        String dead = dead(key, knownHosts);
        Path devKnownHosts = Path.of(knownHosts.substring("known_hosts:".length()).trim());
        Files.writeString(RELAY_KNOWN_HOSTS, Files.readAllLines(devKnownHosts).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> "[127.0.0.1]:" + RELAY_PORT + l.substring(l.indexOf(' ')))
                .collect(Collectors.joining("\n", "", "\n")));
        String relay = """
                  - name: relay
                    host: 127.0.0.1
                    port: %d
                    user: mlops
                    %s
                    known_hosts: %s
                    workspace: /home/mlops/workspace
                """.formatted(RELAY_PORT, key, RELAY_KNOWN_HOSTS.toAbsolutePath());
        Files.writeString(TEST_CLUSTERS_FILE, dev.stripTrailing() + "\n" + dead + relay);
    }

    private static String dead(String keyLine, String knownHostsLine) {
        return """
                  - name: dead
                    host: 127.0.0.1
                    port: 1
                    user: mlops
                    %s
                    %s
                    workspace: /home/mlops/workspace
                """.formatted(keyLine, knownHostsLine);
    }

    /**
     * A real (never used) private key: the SSH pool parses the key before it connects, and the dead cluster must
     * fail as a refused connection, like it does beside the dev cluster.
     */
    private static void writeDeadClusterKey() throws IOException {
        if (Files.exists(DEAD_KEY)) {
            return;
        }
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Files.createDirectories(DEAD_KEY.getParent());
        Files.writeString(DEAD_KNOWN_HOSTS, "");
        Files.writeString(DEAD_KEY, pem);
        Files.setPosixFilePermissions(DEAD_KEY, PosixFilePermissions.fromString("rw-------"));
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    protected int port;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private InitialAdmin initialAdmin;

    @Autowired
    private SignInThrottle signInThrottle;

    /**
     * Empties the portal's tables, children first: tests share one context and one database. The initial admin
     * (user {@code admin} with {@link #ADMIN_TOKEN}) stays, or is made again; other members, their tokens, the audit
     * log and the sign-in throttle's counts go.
     */
    protected void deleteAllRows() {
        jdbc.update("delete from job_status_history");
        jdbc.update("delete from jobs");
        jdbc.update("delete from projects");
        jdbc.update("delete from audit_events");
        jdbc.update("delete from personal_tokens where user_id not in (select id from users where username = 'admin')"
                + " or revoked_at is not null");
        jdbc.update("delete from users where username <> 'admin'");
        initialAdmin.create(ADMIN_TOKEN);
        signInThrottle.clear();
    }

    /** Whether this context's database is PostgreSQL (the PostgreSQL run) rather than SQLite. */
    protected boolean onPostgresql() {
        return "PostgreSQL".equals(jdbc.execute(
                (ConnectionCallback<String>) connection -> connection.getMetaData().getDatabaseProductName()));
    }

    /**
     * {@code t} as the database gives it back: SQLite keeps whole milliseconds (the rest is cut), PostgreSQL's
     * timestamptz microseconds (the JDBC driver rounds the nanoseconds half up).
     */
    protected Instant asStored(Instant t) {
        return onPostgresql() ? t.plusNanos(500).truncatedTo(ChronoUnit.MICROS) : t.truncatedTo(ChronoUnit.MILLIS);
    }

    /** A client for the portal's own REST API, signed in as the initial admin; 4xx/5xx are returned, not thrown. */
    protected RestClient api() {
        return api(ADMIN_TOKEN);
    }

    /** The REST API as whoever holds {@code token} (see {@link #tokenFor}). */
    protected RestClient api(String token) {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("Authorization", "Bearer " + token)
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
    }

    /** The REST API without sign-in. */
    protected RestClient anonymousApi() {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
    }

    /**
     * A new local member {@code username} with {@code role} (and {@code password}, may be null), made through the
     * API as the admin; returns a personal token of theirs.
     */
    protected String tokenFor(String username, Role role, String password) {
        String body = password == null ? "{\"username\": \"%s\", \"role\": \"%s\"}".formatted(username, role)
                : "{\"username\": \"%s\", \"password\": \"%s\", \"role\": \"%s\"}".formatted(username, password, role);
        var created = api().post().uri("/api/users/").contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                .toEntity(String.class);
        if (created.getStatusCode().value() != 201) {
            throw new IllegalStateException("could not make member " + username + ": " + created.getBody());
        }
        var token = api().post().uri("/api/users/{u}/tokens", username).contentType(MediaType.APPLICATION_JSON)
                .body("{\"name\": \"test\"}").retrieve().toEntity(String.class);
        if (token.getStatusCode().value() != 201) {
            throw new IllegalStateException("could not make a token for " + username + ": " + token.getBody());
        }
        return JsonMapper.builder().build().readTree(token.getBody()).get("token").asString();
    }
}
