package io.missioncontrol.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** clusters.yaml's charge defaults: {@code account:}, {@code qos:} and {@code partition_defaults:}. */
class ChargeDefaultsConfigTest {

    @TempDir
    Path dir;
    Path config;
    String cluster;

    @BeforeEach
    void aValidClusterEntry() throws IOException {
        config = dir.resolve("clusters.yaml");
        Path key = dir.resolve("id_ed25519");
        Files.writeString(key, "not really a key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "");
        cluster = "clusters:\n  - name: dev\n    host: 127.0.0.1\n    user: mlops\n    key_path: " + key
                + "\n    known_hosts: " + knownHosts + "\n    workspace: /home/mlops/workspace\n";
    }

    private ClusterConfigResult load(String extra) throws IOException {
        Files.writeString(config, cluster + extra);
        return new ClusterConfigLoader(dir).load(config);
    }

    @Test
    void readsTheClustersAndEachPartitionsDefaultsAndLayersThem() throws IOException {
        ClusterConfigResult r = load("""
                    account: lab
                    qos: normal
                    partition_defaults:
                      gpu: {account: vision, qos: high}
                      debug:
                        qos: low
                """);

        assertThat(r.errors()).isEmpty();
        ChargeDefaults charge = r.clusters().getFirst().charge();
        assertThat(charge).isEqualTo(new ChargeDefaults("lab", "normal", Map.of(
                "gpu", new ChargeDefaults("vision", "high", Map.of()),
                "debug", new ChargeDefaults(null, "low", Map.of()))));
        assertThat(charge.accountFor("gpu")).isEqualTo("vision");
        assertThat(charge.accountFor("debug")).isEqualTo("lab");
        assertThat(charge.qosFor("debug")).isEqualTo("low");
        assertThat(charge.qosFor("other")).isEqualTo("normal");
        assertThat(charge.accountFor(null)).isEqualTo("lab");
    }

    @Test
    void withoutThemThereAreNone() throws IOException {
        assertThat(load("").clusters().getFirst().charge()).isEqualTo(ChargeDefaults.NONE);
    }

    @Test
    void badNamesAndShapesAreRefusedNamingTheFieldAndTheClusterIsLeftOut() throws IOException {
        ClusterConfigResult r = load("""
                    account: "lab; rm -rf ~"
                    qos: [high]
                    partition_defaults:
                      "gpu:x": {account: vision}
                      debug: {account: "a b", qos: high, reservation: r1}
                      cpu: normal
                """);

        assertThat(r.clusters()).isEmpty();
        String where = config + ": cluster #1 'dev': ";
        assertThat(r.errors()).containsExactly(
                where + "account must be a name of letters, digits, '.', '_' and '-', got 'lab; rm -rf ~'",
                where + "qos must be a text value",
                where + "partition_defaults key 'gpu:x' must be a name of letters, digits, '.', '_' and '-'",
                where + "partition_defaults.debug: unknown field 'reservation' (known fields: account, qos)",
                where + "partition_defaults.debug.account must be a name of letters, digits, '.', '_' and '-', "
                        + "got 'a b'",
                where + "partition_defaults.cpu must be a mapping with account and/or qos");
        assertThat(load("    partition_defaults: [gpu]\n").errors()).containsExactly(where + "partition_defaults "
                + "must be a mapping of partition names to {account, qos}, e.g. {gpu: {account: vision, qos: high}}");
    }
}
