package io.missioncontrol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

/**
 * Base of tests that need the whole application: a real server on a random loopback port and a
 * fresh SQLite file. Every subclass shares one Spring context (same configuration), so tests
 * clean the tables they use.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class SpringIntegrationTest {

    /** The bundled dev cluster's description, written by scripts/dev-cluster.sh up. */
    public static final Path DEV_CLUSTER_FILE = Path.of("data/dev-cluster/clusters.yaml");
    /**
     * The clusters the tests see: the dev cluster, "dead", a port where nothing listens, and "relay", the dev
     * cluster's sshd reached through {@link #RELAY_PORT} only while a test runs a forwarder there.
     */
    public static final Path TEST_CLUSTERS_FILE = Path.of("target/test-clusters.yaml");
    /** A free loopback port for the "relay" cluster, chosen once per test JVM. */
    public static final int RELAY_PORT = freeLoopbackPort();
    /** The dev cluster's host keys, recorded for the relay's port. */
    private static final Path RELAY_KNOWN_HOSTS = Path.of("target/test-relay-known-hosts");

    @DynamicPropertySource
    static void clusters(DynamicPropertyRegistry registry) throws IOException {
        writeTestClustersFile();
        registry.add("missioncontrol.clusters-file", TEST_CLUSTERS_FILE::toString);
    }

    private static synchronized void writeTestClustersFile() throws IOException {
        if (!Files.exists(DEV_CLUSTER_FILE)) {
            throw new IllegalStateException(DEV_CLUSTER_FILE + " is missing: the tests need the dev cluster. "
                    + "Run the tests with ./mvnw verify (it starts it) or start it with scripts/dev-cluster.sh up");
        }
        String dev = Files.readString(DEV_CLUSTER_FILE);
        String key = dev.lines().filter(l -> l.trim().startsWith("key_path:")).findFirst().orElseThrow().trim();
        String knownHosts = dev.lines().filter(l -> l.trim().startsWith("known_hosts:")).findFirst().orElseThrow()
                .trim();
        String dead = """
                  - name: dead
                    host: 127.0.0.1
                    port: 1
                    user: mlops
                    %s
                    %s
                    workspace: /home/mlops/workspace
                """.formatted(key, knownHosts);
        Path devKnownHosts = Path.of(knownHosts.substring("known_hosts:".length()).trim());
        Files.createDirectories(TEST_CLUSTERS_FILE.getParent());
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

    /** Empties the portal's tables, children first: tests share one context and one database. */
    protected void deleteAllRows() {
        jdbc.update("delete from job_status_history");
        jdbc.update("delete from jobs");
        jdbc.update("delete from projects");
    }

    /** A client for the portal's own REST API; 4xx/5xx are returned, not thrown. */
    protected RestClient api() {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
    }
}
