package io.missioncontrol.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterConfigLoaderTest {

    @TempDir
    Path dir;
    Path config;
    Path key;
    Path knownHosts;
    ClusterConfigLoader loader;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(dir.resolve("config"));
        config = dir.resolve("config/clusters.yaml");
        key = dir.resolve("id_ed25519");
        Files.writeString(key, "not really a key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "");
        loader = new ClusterConfigLoader(dir.resolve("home"));
    }

    private ClusterConfigResult load(String yaml) throws IOException {
        Files.writeString(config, yaml);
        return loader.load(config);
    }

    private String cluster(String name, String extra) {
        return "  - name: " + name + "\n"
                + "    host: 127.0.0.1\n"
                + "    user: mlops\n"
                + "    key_path: " + key + "\n"
                + "    known_hosts: " + knownHosts + "\n"
                + "    workspace: /home/mlops/workspace\n"
                + extra;
    }

    @Test
    void readsAFullDefinition() throws IOException {
        Path template = dir.resolve("config/dev.vm");
        Files.writeString(template, "#!/bin/bash");
        ClusterConfigResult r = load("clusters:\n" + cluster("dev", """
                    port: 2222
                    display_name: Dev cluster
                    description: single node
                    host_key_policy: accept-new
                    partitions: [gpu, debug]
                    gpu_types: [a6000, a100]
                    template: dev.vm
                """));
        assertThat(r.errors()).isEmpty();
        assertThat(r.clusters()).hasSize(1);
        ClusterDefinition c = r.clusters().getFirst();
        assertThat(c.name()).isEqualTo("dev");
        assertThat(c.label()).isEqualTo("Dev cluster");
        assertThat(c.description()).isEqualTo("single node");
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(2222);
        assertThat(c.user()).isEqualTo("mlops");
        assertThat(c.keyPath()).isEqualTo(key);
        assertThat(c.knownHosts()).isEqualTo(knownHosts);
        assertThat(c.hostKeyPolicy()).isEqualTo(HostKeyPolicy.ACCEPT_NEW);
        assertThat(c.workspace()).isEqualTo("/home/mlops/workspace");
        assertThat(c.partitions()).containsExactly("gpu", "debug");
        assertThat(c.gpuTypes()).containsExactly("a6000", "a100");
        assertThat(c.templateOverride()).contains(template);
        assertThat(c.hostAndPort()).isEqualTo("[127.0.0.1]:2222");
        assertThat(r.find("dev")).contains(c);
    }

    @Test
    void appliesDefaults() throws IOException {
        ClusterConfigResult r = load("clusters:\n" + cluster("dev", ""));
        ClusterDefinition c = r.clusters().getFirst();
        assertThat(c.port()).isEqualTo(22);
        assertThat(c.hostKeyPolicy()).isEqualTo(HostKeyPolicy.STRICT);
        assertThat(c.partitions()).isEmpty();
        assertThat(c.gpuTypes()).isEmpty();
        assertThat(c.templateOverride()).isEmpty();
        assertThat(c.label()).isEqualTo("dev");
        assertThat(c.hostAndPort()).isEqualTo("127.0.0.1");
    }

    @Test
    void defaultsKnownHostsToTheUsersFile() throws IOException {
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/known_hosts"), "");
        ClusterConfigResult r = load("""
                clusters:
                  - name: dev
                    host: example.org
                    user: mlops
                    key_path: %s
                    workspace: /w
                """.formatted(key));
        assertThat(r.errors()).isEmpty();
        assertThat(r.clusters().getFirst().knownHosts()).isEqualTo(home.resolve(".ssh/known_hosts"));
    }

    @Test
    void resolvesRelativeAndHomePaths() throws IOException {
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve(".ssh"));
        Files.copy(key, home.resolve(".ssh/id"));
        Files.writeString(dir.resolve("config/kh"), "");
        ClusterConfigResult r = load("""
                clusters:
                  - name: dev
                    host: example.org
                    user: mlops
                    key_path: ~/.ssh/id
                    known_hosts: kh
                    workspace: /w
                """);
        assertThat(r.errors()).isEmpty();
        assertThat(r.clusters().getFirst().keyPath()).isEqualTo(home.resolve(".ssh/id"));
        assertThat(r.clusters().getFirst().knownHosts()).isEqualTo(dir.resolve("config/kh"));
    }

    @Test
    void aMissingFileMeansNoClustersAndANote() {
        ClusterConfigResult r = loader.load(dir.resolve("config/absent.yaml"));
        assertThat(r.clusters()).isEmpty();
        assertThat(r.errors()).isEmpty();
        assertThat(r.notes()).singleElement().asString().contains("absent.yaml").contains("not found")
                .contains("clusters.yaml.example");
    }

    @Test
    void anEmptyFileMeansNoClusters() throws IOException {
        ClusterConfigResult r = load("");
        assertThat(r.clusters()).isEmpty();
        assertThat(r.errors()).isEmpty();
        assertThat(r.notes()).isNotEmpty();
    }

    @Test
    void brokenYamlIsOneErrorWithFileAndLine() throws IOException {
        ClusterConfigResult r = load("clusters:\n  - name: [unclosed\n    host: x\n");
        assertThat(r.clusters()).isEmpty();
        assertThat(r.errors()).singleElement().asString().startsWith(config + ": not valid YAML").contains("line");
    }

    @Test
    void wrongTopLevelShapesAreReported() throws IOException {
        assertThat(load("- a\n- b\n").errors()).singleElement().asString().contains("'clusters' list");
        assertThat(load("clusters: 3\n").errors()).singleElement().asString()
                .contains("'clusters' must be a list");
        assertThat(load("clusters:\n  - just a string\n").errors()).singleElement().asString()
                .contains("cluster #1").contains("expected a mapping");
        assertThat(load("clustrs: []\n").errors()).singleElement().asString().contains("unknown top-level field 'clustrs'");
    }

    @Test
    void namesFileClusterAndFieldInEachError() throws IOException {
        ClusterConfigResult r = load("clusters:\n" + cluster("ok", "") + cluster("gpu-a", "    port: 0\n"));
        assertThat(r.errors()).containsExactly(config + ": cluster #2 'gpu-a': port must be 1-65535, got 0");
        assertThat(r.clusters()).extracting(ClusterDefinition::name).containsExactly("ok");
    }

    @Test
    void keepsValidClustersWhenOthersAreBroken() throws IOException {
        ClusterConfigResult r = load("clusters:\n" + cluster("a", "") + cluster("b b", "") + cluster("c", "")
                + cluster("d", "    port: 70000\n"));
        assertThat(r.clusters()).extracting(ClusterDefinition::name).containsExactly("a", "c");
        assertThat(r.errors()).hasSize(2);
        assertThat(r.errors().get(0)).contains("cluster #2 'b b': name must start with a letter or digit");
        assertThat(r.errors().get(1)).contains("cluster #4 'd': port must be 1-65535, got 70000");
    }

    @Test
    void rejectsDuplicateNames() throws IOException {
        ClusterConfigResult r = load("clusters:\n" + cluster("dev", "") + cluster("dev", ""));
        assertThat(r.clusters()).hasSize(1);
        assertThat(r.errors()).singleElement().asString().contains("cluster #2 'dev': name duplicate name");
    }

    @Test
    void validatesNames() throws IOException {
        for (String bad : List.of("-dev", "_dev", "dev cluster", "dev;rm", "dév", "a/b", "\"$(x)\"")) {
            ClusterConfigResult r = load("clusters:\n" + cluster(bad.startsWith("\"") ? bad : "'" + bad + "'", ""));
            assertThat(r.clusters()).as(bad).isEmpty();
            assertThat(r.errors()).as(bad).singleElement().asString().contains(": name must start");
        }
        for (String good : List.of("dev", "Dev-1", "gpu_a", "9lives")) {
            assertThat(load("clusters:\n" + cluster(good, "")).errors()).as(good).isEmpty();
        }
    }

    @Test
    void requiresTheEssentialFields() throws IOException {
        ClusterConfigResult r = load("clusters:\n  - name: dev\n");
        assertThat(r.clusters()).isEmpty();
        assertThat(r.errors()).anyMatch(e -> e.endsWith("cluster #1 'dev': host is required"))
                .anyMatch(e -> e.endsWith("cluster #1 'dev': user is required"))
                .anyMatch(e -> e.endsWith("cluster #1 'dev': key_path is required"))
                .anyMatch(e -> e.endsWith("cluster #1 'dev': workspace is required"));
        ClusterConfigResult noName = load("clusters:\n  - host: h\n");
        assertThat(noName.errors()).anyMatch(e -> e.endsWith("cluster #1: name is required"));
    }

    @Test
    void validatesHosts() throws IOException {
        for (String bad : List.of("'host name'", "'h;id'", "'$(id)'", "'-oProxyCommand=x'", "'a..b'", "'h`x`'",
                "'user@host'", "'host:22'")) {
            ClusterConfigResult r = load("clusters:\n" + cluster("dev", "").replace("host: 127.0.0.1", "host: " + bad));
            assertThat(r.clusters()).as(bad).isEmpty();
            assertThat(r.errors()).as(bad).singleElement().asString().contains("host must be a hostname or IP");
        }
        for (String good : List.of("login.example.org", "10.0.0.1", "::1", "fe80::1", "node-01")) {
            ClusterConfigResult r = load("clusters:\n" + cluster("dev", "")
                    .replace("host: 127.0.0.1", "host: '" + good + "'"));
            assertThat(r.errors()).as(good).isEmpty();
        }
    }

    @Test
    void validatesUsers() throws IOException {
        for (String bad : List.of("Root", "1user", "a b", "a;b", "-x", "a".repeat(33))) {
            ClusterConfigResult r = load("clusters:\n" + cluster("dev", "").replace("user: mlops", "user: '" + bad + "'"));
            assertThat(r.errors()).as(bad).singleElement().asString().contains("user must match");
        }
        assertThat(load("clusters:\n" + cluster("dev", "").replace("user: mlops", "user: _svc.ml-1")).errors())
                .isEmpty();
    }

    @Test
    void validatesWorkspaces() throws IOException {
        for (String bad : List.of("home/mlops", "~/ws", "/home/../etc", "/a/./b", "/a b", "/a;b", "/$HOME",
                "/a`id`")) {
            ClusterConfigResult r = load("clusters:\n" + cluster("dev", "")
                    .replace("workspace: /home/mlops/workspace", "workspace: '" + bad + "'"));
            assertThat(r.clusters()).as(bad).isEmpty();
            assertThat(r.errors()).as(bad).singleElement().asString().contains("workspace ");
        }
    }

    @Test
    void aWorkspaceMayHoldTheUserPlaceholderAndTheRestMustBeAnAbsolutePath() throws IOException {
        ClusterDefinition c = load("clusters:\n" + cluster("dev", "")
                .replace("workspace: /home/mlops/workspace", "workspace: /home/{user}/mc")).clusters().getFirst();
        assertThat(c.workspace()).isEqualTo("/home/{user}/mc");
        assertThat(c.workspaceFor("alice")).isEqualTo("/home/alice/mc");
        assertThat(c.workspaceFor(c.user())).isEqualTo("/home/mlops/mc");
        assertThat(load("clusters:\n" + cluster("dev", "").replace("workspace: /home/mlops/workspace",
                "workspace: /scratch/{user}/{user}-runs")).clusters().getFirst().workspaceFor("bob"))
                .isEqualTo("/scratch/bob/bob-runs");

        for (String bad : List.of("{user}/mc", "/home/{users}/mc", "/home/{user/mc", "/home/{USER}", "/home/{}/x",
                "/home/{user}/../etc", "/home/{user} x")) {
            ClusterConfigResult r = load("clusters:\n" + cluster("dev", "")
                    .replace("workspace: /home/mlops/workspace", "workspace: '" + bad + "'"));
            assertThat(r.clusters()).as(bad).isEmpty();
            assertThat(r.errors()).as(bad).singleElement().asString().contains("cluster #1 'dev': workspace ")
                    .contains(bad);
        }
        assertThat(load("clusters:\n" + cluster("dev", "").replace("workspace: /home/mlops/workspace",
                "workspace: '/home/{users}/mc'")).errors()).singleElement().asString()
                .contains("'{user}' as its only placeholder");
    }

    @Test
    void runAsIsOwnKeyByDefaultOrSudoAndAnythingElseIsNamed() throws IOException {
        assertThat(load("clusters:\n" + cluster("dev", "")).clusters().getFirst().runAs()).isEqualTo(RunAs.OWN_KEY);
        assertThat(load("clusters:\n" + cluster("dev", "    run_as: own-key\n")).clusters().getFirst().runAs())
                .isEqualTo(RunAs.OWN_KEY);
        ClusterDefinition sudo = load("clusters:\n" + cluster("dev", "    run_as: sudo\n")).clusters().getFirst();
        assertThat(sudo.runAs()).isEqualTo(RunAs.SUDO);
        assertThat(sudo.login()).isEqualTo(ClusterLogin.SERVICE_ACCOUNT);
        assertThat(sudo.account()).isEqualTo("mlops");

        for (String bad : List.of("root", "own_key", "SUDO", "[sudo]")) {
            ClusterConfigResult r = load("clusters:\n" + cluster("dev", "    run_as: " + bad + "\n"));
            assertThat(r.clusters()).as(bad).isEmpty();
            assertThat(r.errors()).as(bad).singleElement().asString().contains("cluster #1 'dev': run_as ");
        }
        assertThat(load("clusters:\n" + cluster("dev", "    run_as: root\n")).errors()).singleElement().asString()
                .contains("run_as must be 'own-key'").contains("or 'sudo'").contains("got 'root'");
    }

    @Test
    void validatesPortValues() throws IOException {
        assertThat(load("clusters:\n" + cluster("dev", "    port: abc\n")).errors()).singleElement().asString()
                .contains("port must be a number 1-65535, got 'abc'");
        assertThat(load("clusters:\n" + cluster("dev", "    port: -1\n")).errors()).singleElement().asString()
                .contains("port must be 1-65535, got -1");
        assertThat(load("clusters:\n" + cluster("dev", "    port: '2222'\n")).clusters().getFirst().port())
                .isEqualTo(2222);
    }

    @Test
    void requiresAnExistingKeyFile() throws IOException {
        ClusterConfigResult r = load("clusters:\n" + cluster("dev", "").replace(key.toString(), "/nope/id"));
        assertThat(r.clusters()).isEmpty();
        assertThat(r.errors()).singleElement().asString()
                .isEqualTo(config + ": cluster #1 'dev': key_path file /nope/id does not exist");
    }

    @Test
    void notesAKeyReadableByOthers() throws IOException {
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        ClusterConfigResult r = load("clusters:\n" + cluster("dev", ""));
        assertThat(r.clusters()).hasSize(1);
        assertThat(r.notes()).singleElement().asString().contains("chmod 600");
    }

    @Test
    void strictPolicyNeedsAnExistingKnownHostsFile() throws IOException {
        ClusterConfigResult r = load("clusters:\n" + cluster("dev", "").replace(knownHosts.toString(), "/nope/kh"));
        assertThat(r.errors()).singleElement().asString().contains("known_hosts file /nope/kh does not exist")
                .contains("ssh-keyscan");
        ClusterConfigResult acceptNew = load("clusters:\n" + cluster("dev", "    host_key_policy: accept-new\n")
                .replace(knownHosts.toString(), dir.resolve("new_kh").toString()));
        assertThat(acceptNew.errors()).isEmpty();
    }

    @Test
    void acceptsOnlyKnownHostKeyPolicies() throws IOException {
        ClusterConfigResult r = load("clusters:\n" + cluster("dev", "    host_key_policy: yolo\n"));
        assertThat(r.errors()).singleElement().asString()
                .contains("host_key_policy must be 'strict' or 'accept-new', got 'yolo'");
    }

    @Test
    void reportsUnknownFieldsAsTypos() throws IOException {
        ClusterConfigResult r = load("clusters:\n" + cluster("dev", "    knwon_hosts: x\n"));
        assertThat(r.clusters()).isEmpty();
        assertThat(r.errors()).singleElement().asString().contains("unknown field 'knwon_hosts'");
    }

    @Test
    void validatesHintsAndTemplate() throws IOException {
        assertThat(load("clusters:\n" + cluster("dev", "    partitions: gpu\n")).errors()).singleElement()
                .asString().contains("partitions must be a list");
        assertThat(load("clusters:\n" + cluster("dev", "    gpu_types: [a100, 'a b']\n")).errors()).singleElement()
                .asString().contains("gpu_types entry #2");
        assertThat(load("clusters:\n" + cluster("dev", "    template: missing.vm\n")).errors()).singleElement()
                .asString().contains("template file").contains("does not exist");
    }

    @Test
    void theShippedExampleDocumentsEveryField() throws IOException {
        String example = Files.readString(Path.of("config/clusters.yaml.example"));
        for (String field : ClusterConfigLoader.FIELDS) {
            assertThat(example).as(field).contains(field + ":");
        }
    }
}
