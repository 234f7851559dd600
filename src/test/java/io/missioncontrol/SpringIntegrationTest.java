package io.missioncontrol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    /** The clusters the tests see: the dev cluster plus "dead", a port where nothing listens. */
    public static final Path TEST_CLUSTERS_FILE = Path.of("target/test-clusters.yaml");

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
        Files.createDirectories(TEST_CLUSTERS_FILE.getParent());
        Files.writeString(TEST_CLUSTERS_FILE, dev.stripTrailing() + "\n" + dead);
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
