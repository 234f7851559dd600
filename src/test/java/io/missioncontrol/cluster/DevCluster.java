package io.missioncontrol.cluster;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the dev cluster ({@code scripts/dev-cluster.sh up}) for integration tests: the clusters.yaml named by
 * the system property or environment variable {@code MISSIONCONTROL_DEV_CLUSTER}, by default
 * {@code data/dev-cluster/clusters.yaml} below the working folder. A missing file fails the test (it is not
 * skipped), and so does any host that is not a loopback address.
 */
public final class DevCluster {

    public static final String VARIABLE = "MISSIONCONTROL_DEV_CLUSTER";

    private DevCluster() {
    }

    public static Path configFile() {
        String value = System.getProperty(VARIABLE);
        if (value == null || value.isBlank()) {
            value = System.getenv(VARIABLE);
        }
        return Path.of(value == null || value.isBlank() ? "data/dev-cluster/clusters.yaml" : value)
                .toAbsolutePath();
    }

    /** The cluster named {@code dev} from the dev cluster's clusters.yaml. */
    public static ClusterDefinition definition() {
        Path file = configFile();
        if (!Files.isRegularFile(file)) {
            fail("The dev cluster's config " + file + " does not exist. Start the dev cluster with "
                    + "`scripts/dev-cluster.sh up`, or set " + VARIABLE + " (system property or environment variable)"
                    + " to its clusters.yaml, e.g. " + VARIABLE + "=/work/main/data/dev-cluster/clusters.yaml");
        }
        ClusterConfigResult result = new ClusterConfigLoader().load(file);
        if (result.hasErrors()) {
            fail("The dev cluster's config " + file + " is broken: " + result.errors());
        }
        ClusterDefinition dev = result.find("dev").orElseGet(() -> {
            if (result.clusters().isEmpty()) {
                fail("The dev cluster's config " + file + " defines no cluster");
            }
            return result.clusters().getFirst();
        });
        requireLoopback(dev.host());
        return dev;
    }

    /** Integration tests never aim at anything but this machine. */
    public static void requireLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    fail("Refusing to run integration tests against " + host + " (" + a.getHostAddress()
                            + "): only loopback addresses are allowed");
                }
            }
        } catch (IOException e) {
            fail("Cannot resolve dev cluster host " + host + ": " + e);
        }
    }
}
