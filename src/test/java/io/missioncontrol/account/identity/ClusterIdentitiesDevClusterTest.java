package io.missioncontrol.account.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missioncontrol.SpringIntegrationTest;
import io.missioncontrol.base.ConflictException;
import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.ClusterException;
import io.missioncontrol.cluster.ClusterGateway;
import io.missioncontrol.cluster.ClusterIdentity;
import io.missioncontrol.cluster.ClusterLogin;
import io.missioncontrol.cluster.ClusterService;
import io.missioncontrol.cluster.DevClusterShell;
import io.missioncontrol.cluster.FileSlice;
import io.missioncontrol.cluster.LogTail;
import io.missioncontrol.cluster.RemoteFileException;
import io.missioncontrol.cluster.ssh.ExecResult;
import io.missioncontrol.cluster.ssh.RemoteCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Members acting as themselves on the dev cluster: alice with a key pair the portal made (on {@code dev},
 * run_as own-key), bob through sudo (on {@code dev-sudo}). alice's public key line is installed the way she would
 * (appended to her own authorized_keys, here by the service account acting as her through the sudoers rule) and
 * removed afterwards; every job is tiny and cancelled.
 */
@Tag("cluster")
@ExtendWith(OutputCaptureExtension.class)
class ClusterIdentitiesDevClusterTest extends SpringIntegrationTest {

    private static final String ALICE_KEYS = "/home/alice/.ssh/authorized_keys";

    @Autowired ClusterIdentities identities;
    @Autowired ClusterGateway gateway;
    @Autowired ClusterService clusters;
    @Autowired JdbcTemplate jdbc;

    @TempDir Path tmp;

    private final List<Runnable> cleanups = new ArrayList<>();
    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void clean() {
        jdbc.update("delete from cluster_accounts");
    }

    @AfterEach
    void cleanUp() {
        for (Runnable cleanup : cleanups.reversed()) {
            cleanup.run();
        }
        jdbc.update("delete from cluster_accounts");
    }

    /** A command run by the service account as {@code member} (tests' own set-up and checks, not the portal's). */
    private ExecResult as(String member, String script, byte[] stdin, String... args) {
        RemoteCommand cmd = RemoteCommand.of("sudo").args("-n", "-u", member, "--", "/bin/sh", "-c", script, "sh")
                .args(args);
        return DevClusterShell.remote().exec(clusters.require("dev"), cmd, java.time.Duration.ofSeconds(30), stdin);
    }

    private String sh(String member, String script, String... args) {
        ExecResult r = as(member, script, null, args);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return r.stdout().strip();
    }

    private static String tinyJob(String name, String dir) {
        return """
                #!/bin/bash
                #SBATCH --job-name=%s
                #SBATCH --partition=debug
                #SBATCH --time=00:01:00
                #SBATCH --output=%s/out.txt
                whoami > %s/whoami.txt
                sleep 55
                """.formatted(name, dir, dir);
    }

    /** Submits the tiny job as {@code who}, checks squeue's user column is {@code account}, cancels it. */
    private void submitCheckUserAndCancel(ClusterIdentity who, String account, String dir) {
        gateway.upload(who, tinyJob("mc-it-identity-" + tag, dir).getBytes(StandardCharsets.UTF_8), dir + "/job.sh");
        String id = gateway.submit(who, dir + "/job.sh", dir);
        cleanups.add(() -> gateway.cancel(who, List.of(id)));
        assertThat(sh(account, "squeue -h -j \"$1\" -o %u", id)).isEqualTo(account);
        assertThat(sh(account, "stat -c %U -- \"$1\"", dir + "/job.sh")).isEqualTo(account);

        gateway.cancel(who, List.of(id));
        String state = "";
        for (int i = 0; i < 60; i++) {
            state = sh(account, "squeue -h -j \"$1\" -o %T 2>/dev/null || true", id);
            if (state.isEmpty() || state.equals("CANCELLED") || state.equals("COMPLETING")) {
                break;
            }
            sleep();
        }
        assertThat(state).isIn("", "CANCELLED", "COMPLETING");
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aliceWithTheKeyThePortalMadeActsAsAliceOnceSheAddedItsLine(CapturedOutput output) {
        ClusterIdentities.ClusterAccountView view = identities.setUp("alice", "dev", "alice");
        assertThat(view.mode()).isEqualTo("own-key");
        assertThat(view.username()).isEqualTo("alice");
        assertThat(view.publicKey()).startsWith("ssh-ed25519 AAAA").endsWith(" mission-control:alice@dev");
        cleanups.add(() -> as("alice", "f=$1; grep -vxF -- \"$2\" \"$f\" > \"$f.mc-tmp\"; cat \"$f.mc-tmp\" > \"$f\";"
                + " rm -f \"$f.mc-tmp\"", null, ALICE_KEYS, view.publicKey()));
        assertThat(gateway.testConnection(gateway.serviceAccount("dev")).success()).isTrue();

        // not installed yet: a clear failure, and the cluster is not called unreachable for it
        ClusterIdentities.TestResult refused = identities.test("alice", "dev");
        assertThat(refused.success()).isFalse();
        assertThat(refused.message()).contains("refused", "user alice", "~alice/.ssh/authorized_keys");
        assertThatThrownBy(() -> gateway.upload(identities.forMember("alice", "dev"), new byte[] {1},
                "/home/alice/workspace/never")).isInstanceOf(ClusterException.class).hasMessageContaining("refused");
        assertThat(clusters.reachability("dev").orElseThrow().reachable()).isTrue();

        // alice appends the line to her authorized_keys (a key is the same line again and again: set up keeps it)
        as("alice", "printf '%s\\n' \"$2\" >> \"$1\"", null, ALICE_KEYS, view.publicKey());
        assertThat(identities.setUp("alice", "dev", "alice").publicKey()).isEqualTo(view.publicKey());

        ClusterIdentities.TestResult ok = identities.test("alice", "dev");
        assertThat(ok.success()).as(ok.message()).isTrue();
        assertThat(ok.message()).contains("alice@[127.0.0.1]:2222", "slurm");

        ClusterIdentity alice = identities.forMember("alice", "dev");
        assertThat(alice.account()).isEqualTo("alice");
        assertThat(alice.login()).isInstanceOf(ClusterLogin.OwnKey.class);
        assertThat(alice.toString()).doesNotContain("PRIVATE").contains("SHA256:");
        assertThat(gateway.workspace(alice)).isEqualTo("/home/alice/workspace");
        assertThat(gateway.workspace(gateway.serviceAccount("dev"))).isEqualTo("/home/mlops/workspace");

        String dir = "/home/alice/workspace/.it-identities-" + tag;
        cleanups.add(() -> as("alice", "rm -rf -- \"$1\"", null, dir));
        submitCheckUserAndCancel(alice, "alice", dir);

        // the database holds no private key in clear, and neither does the log
        byte[] pkcs8 = ((ClusterLogin.OwnKey) alice.login()).keyPair().getPrivate().getEncoded();
        byte[] seed = java.util.Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
        Map<String, Object> row = jdbc.queryForMap("select * from cluster_accounts where username = 'alice'");
        byte[] ciphertext = (byte[]) row.get("private_key_encrypted");
        assertThat(ciphertext).isNotEmpty();
        assertThat((byte[]) row.get("private_key_nonce")).hasSize(12);
        assertThat(HexFormat.of().formatHex(ciphertext)).doesNotContain(HexFormat.of().formatHex(seed));
        String rowText = row.values().stream().map(v -> v instanceof byte[] b
                ? new String(b, StandardCharsets.ISO_8859_1) : String.valueOf(v)).reduce("", String::concat);
        for (String secret : List.of(Base64.getEncoder().encodeToString(pkcs8), Base64.getEncoder().encodeToString(seed),
                new String(seed, StandardCharsets.ISO_8859_1), "PRIVATE KEY")) {
            assertThat(rowText).doesNotContain(secret);
            assertThat(output.getAll()).doesNotContain(secret);
        }
        assertThat(output.getAll()).doesNotContain(HexFormat.of().formatHex(seed));
    }

    @Test
    void bobThroughSudoActsAsBobForCommandsAndFiles() throws Exception {
        ClusterIdentities.ClusterAccountView view = identities.setUp("bob", "dev-sudo", "bob");
        assertThat(view.mode()).isEqualTo("sudo");
        assertThat(view.publicKey()).isNull();
        assertThat(jdbc.queryForObject("select count(*) from cluster_accounts where private_key_encrypted is not null",
                Integer.class)).isZero();

        ClusterIdentities.TestResult ok = identities.test("bob", "dev-sudo");
        assertThat(ok.success()).as(ok.message()).isTrue();
        assertThat(ok.message()).contains("mlops@[127.0.0.1]:2222 as bob (sudo)", "slurm");

        ClusterIdentity bob = identities.forMember("bob", "dev-sudo");
        assertThat(bob).isEqualTo(ClusterIdentity.sudo("dev-sudo", "bob"));
        String ws = gateway.workspace(bob);
        assertThat(ws).isEqualTo("/home/bob/workspace");
        String dir = ws + "/.it-identities-" + tag;
        cleanups.add(() -> as("bob", "rm -rf -- \"$1\"", null, dir));

        // files: written and read as bob, byte for byte (a two-byte character straddles the read offset)
        byte[] log = "first line\nzweite Zeile mit ü\nthird line\n".getBytes(StandardCharsets.UTF_8);
        gateway.upload(bob, log, dir + "/logs/run.log");
        assertThat(sh("bob", "stat -c %U -- \"$1\"", dir + "/logs/run.log")).isEqualTo("bob");
        assertThat(sh("bob", "stat -c %U -- \"$1\"", dir + "/logs")).isEqualTo("bob");
        int offset = "first line\nzweite Zeile mit ".getBytes(StandardCharsets.UTF_8).length + 1; // inside 'ü'
        FileSlice slice = gateway.readFrom(bob, dir + "/logs/run.log", offset, 100, 4);
        assertThat(slice.fileSize()).isEqualTo(log.length);
        assertThat(slice.offset()).isEqualTo(offset - 4);
        assertThat(slice.bytes()).isEqualTo(java.util.Arrays.copyOfRange(log, offset - 4, log.length));
        assertThat(gateway.readFrom(bob, dir + "/logs/run.log", log.length, 100).bytes()).isEmpty();
        LogTail tail = gateway.tail(bob, dir + "/logs/run.log", 2, 1 << 20);
        assertThat(tail.lines()).containsExactly("zweite Zeile mit ü", "third line");
        assertThat(tail.fileSize()).isEqualTo(log.length);

        Path local = tmp.resolve("bundle.bin");
        byte[] bundle = new byte[300_000];
        new java.util.Random(7).nextBytes(bundle);
        Files.write(local, bundle);
        gateway.upload(bob, local, dir + "/code.bundle");
        assertThat(sh("bob", "sha256sum -- \"$1\" | cut -d' ' -f1", dir + "/code.bundle"))
                .isEqualTo(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bundle)));

        assertThatThrownBy(() -> gateway.tail(bob, dir + "/no-such.log", 10, 1000))
                .isInstanceOfSatisfying(RemoteFileException.class,
                        e -> assertThat(e.reason()).isEqualTo(RemoteFileException.Reason.NOT_FOUND));
        // alice's private files are not bob's to read
        sh("alice", "mkdir -p /home/alice/workspace/.it-private-" + tag
                + " && echo secret > /home/alice/workspace/.it-private-" + tag + "/p && chmod 600"
                + " /home/alice/workspace/.it-private-" + tag + "/p");
        cleanups.add(() -> as("alice", "rm -rf -- \"$1\"", null, "/home/alice/workspace/.it-private-" + tag));
        assertThatThrownBy(() -> gateway.readFrom(bob, "/home/alice/workspace/.it-private-" + tag + "/p", 0, 10))
                .isInstanceOfSatisfying(RemoteFileException.class,
                        e -> assertThat(e.reason()).isEqualTo(RemoteFileException.Reason.PERMISSION_DENIED));

        submitCheckUserAndCancel(bob, "bob", dir);
    }

    @Test
    void sudoToAnAccountTheRuleDoesNotAllowFailsClearly() {
        identities.setUp("mallory", "dev-sudo", "daemon");
        ClusterIdentities.TestResult refused = identities.test("mallory", "dev-sudo");
        assertThat(refused.success()).isFalse();
        assertThat(refused.message()).contains("as daemon (sudo)").contains("password is required");
    }

    @Test
    void theAdminActsAsTheServiceAccountAndOthersAreToldHowToSetUp() {
        assertThat(identities.forMember("admin", "dev")).isEqualTo(gateway.serviceAccount("dev"));
        assertThat(identities.test("admin", "dev").message()).startsWith("Connected to mlops@");
        assertThat(identities.list("admin")).filteredOn(v -> v.cluster().equals("dev")).singleElement()
                .satisfies(v -> {
                    assertThat(v.mode()).isEqualTo("service-account");
                    assertThat(v.username()).isEqualTo("mlops");
                });
        assertThatThrownBy(() -> identities.setUp("admin", "dev", "alice")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("configured account 'mlops'");
        assertThatThrownBy(() -> identities.forMember("carol", "dev")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("'carol' has no account on cluster 'dev'")
                .hasMessageContaining("cluster-accounts/dev");

        identities.setUp("alice", "dev", "alice");
        assertThatThrownBy(() -> identities.setUp("eve", "dev", "alice")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("'alice' on cluster 'dev' already belongs to another member");
        ClusterDefinition dev = clusters.require("dev");
        assertThat(dev.runAs()).isEqualTo(io.missioncontrol.cluster.RunAs.OWN_KEY);
        assertThat(clusters.require("dev-sudo").runAs()).isEqualTo(io.missioncontrol.cluster.RunAs.SUDO);
    }
}
