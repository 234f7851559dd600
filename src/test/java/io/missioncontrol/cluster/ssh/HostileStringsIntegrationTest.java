package io.missioncontrol.cluster.ssh;

import io.missioncontrol.base.ShellQuotingTest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.DevCluster;

/**
 * Proves on the real sshd (and the remote user's real shell) that quoted user text is data, never code:
 * every hostile string comes back byte for byte, and the canary file the payloads try to create never
 * appears.
 */
@Tag("cluster")
class HostileStringsIntegrationTest {

    static ClusterDefinition dev;
    static SshConnectionPool pool;
    static RemoteExec exec;
    static String canary;
    static String scratch;

    @BeforeAll
    static void setUp() {
        dev = DevCluster.definition();
        pool = new SshConnectionPool(SshSettings.defaults());
        exec = new RemoteExec(pool);
        canary = "/tmp/mc-canary-" + UUID.randomUUID();
        scratch = dev.workspaceFor(dev.user()) + "/.it-hostile-" + UUID.randomUUID();
    }

    @AfterAll
    static void tearDown() {
        if (exec != null) {
            exec.exec(dev, RemoteCommand.of("rm").arg("-rf").arg("--").arg(scratch).arg(canary),
                    Duration.ofSeconds(20));
            pool.close();
        }
    }

    static List<String> payloads() {
        List<String> all = new ArrayList<>();
        for (String s : ShellQuotingTest.HOSTILE) {
            all.add(s.replace("/tmp/mc-canary", canary));
        }
        return all;
    }

    private void assertNoCanary() {
        ExecResult test = exec.exec(dev, RemoteCommand.of("test").arg("-e").arg(canary), Duration.ofSeconds(10));
        assertThat(test.exitCode()).as("canary %s must not exist on the cluster", canary).isEqualTo(1);
        assertThat(Files.exists(Path.of(canary))).isFalse();
    }

    @Test
    void printfReturnsEveryHostileStringByteForByte() {
        for (String s : payloads()) {
            ExecResult r = exec.exec(dev, RemoteCommand.of("printf").arg("%s").arg(s), Duration.ofSeconds(10));
            assertThat(r.exitCode()).as("exit of printf %s", s).isZero();
            assertThat(r.stdout()).as("printf %s", s).isEqualTo(s);
            assertThat(r.stderr()).as("stderr for %s", s).isEmpty();
        }
        assertNoCanary();
    }

    @Test
    void allHostileStringsInOneCommandStaySeparateArguments() {
        List<String> ps = payloads();
        RemoteCommand cmd = RemoteCommand.of("printf").arg("%s\\0");
        for (String s : ps) {
            cmd = cmd.arg(s);
        }
        ExecResult r = exec.exec(dev, cmd, Duration.ofSeconds(10));
        assertThat(r.exitCode()).isZero();
        String[] back = r.stdout().split("\0", -1);
        assertThat(back).hasSize(ps.size() + 1); // trailing empty after the last NUL
        for (int i = 0; i < ps.size(); i++) {
            assertThat(back[i]).isEqualTo(ps.get(i));
        }
        assertNoCanary();
    }

    @Test
    void hostileStringsAsEnvironmentValuesAndChainedCommandsStayData() {
        for (String s : payloads()) {
            RemoteCommand cmd = RemoteCommand.of("mkdir").arg("-p").arg(scratch)
                    .andThen(RemoteCommand.of("printenv").env("MC_VALUE", s).arg("MC_VALUE"));
            ExecResult r = exec.exec(dev, cmd, Duration.ofSeconds(10));
            assertThat(r.stdout()).as("env %s", s).isEqualTo(s + "\n");
        }
        assertNoCanary();
    }

    @Test
    void hostileFileNamesAreCreatedLiterally() {
        for (String s : payloads()) {
            if (s.isEmpty() || s.contains("/") || s.equals(".") || s.equals("..")) {
                continue;
            }
            String path = scratch + "/" + s;
            ExecResult r = exec.exec(dev, RemoteCommand.of("mkdir").arg("-p").arg(scratch)
                    .andThen(RemoteCommand.of("touch").arg("--").arg(path))
                    .andThen(RemoteCommand.of("test").arg("-f").arg(path)), Duration.ofSeconds(10));
            assertThat(r.exitCode()).as("touch %s", s).isZero();
            byte[] back = exec.readRange(dev, path, 0, 10);
            assertThat(back).isEmpty();
        }
        ExecResult count = exec.exec(dev, RemoteCommand.of("find").arg(scratch).arg("-mindepth").arg("1")
                .arg("-maxdepth").arg("1").arg("-printf").arg("x"), Duration.ofSeconds(10));
        assertThat(count.stdout().length()).isPositive();
        assertNoCanary();
    }

    @Test
    void sftpPathsAreNotInterpretedByAShell() {
        String name = "$(touch " + canary + ") 'q' `x` ; & ✓.txt";
        String path = scratch + "/" + name;
        exec.upload(dev, "data".getBytes(StandardCharsets.UTF_8), path);
        assertThat(exec.size(dev, path)).isEqualTo(4);
        assertNoCanary();
    }
}
