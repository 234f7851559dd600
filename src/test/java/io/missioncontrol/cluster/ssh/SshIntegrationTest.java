package io.missioncontrol.cluster.ssh;

import io.missioncontrol.cluster.FileSlice;
import io.missioncontrol.cluster.LogTail;
import io.missioncontrol.cluster.RemoteFileException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.DevCluster;
import io.missioncontrol.cluster.HostKeyPolicy;
import io.missioncontrol.cluster.ssh.ClusterUnreachableException.Reason;

/** Against the real OpenSSH of the dev cluster on 127.0.0.1:2222. */
@Tag("cluster")
class SshIntegrationTest {

    static ClusterDefinition dev;
    static SshConnectionPool pool;
    static RemoteExec exec;
    static String scratch;

    @TempDir
    Path tmp;

    @BeforeAll
    static void connect() {
        dev = DevCluster.definition();
        pool = new SshConnectionPool(SshSettings.defaults().withReconnectBackoff(Duration.ZERO));
        exec = new RemoteExec(pool);
        scratch = dev.workspaceFor(dev.user()) + "/.it-ssh-" + UUID.randomUUID();
    }

    @AfterAll
    static void cleanUp() {
        if (exec != null) {
            exec.exec(dev, RemoteCommand.of("rm").arg("-rf").arg("--").arg(scratch), Duration.ofSeconds(20));
        }
        if (pool != null) {
            pool.close();
        }
    }

    /** A separate pool, so that connection counts and failures do not mix with the shared one. */
    private static SshConnectionPool freshPool() {
        return new SshConnectionPool(SshSettings.defaults().withReconnectBackoff(Duration.ZERO)
                .withConnectTimeout(Duration.ofSeconds(5)));
    }

    @Test
    void connectsAndRunsHostname() {
        try (SshConnectionPool p = freshPool()) {
            long t0 = System.nanoTime();
            p.connect(dev);
            long connectMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            ExecResult r = new RemoteExec(p).exec(dev, RemoteCommand.of("hostname"), Duration.ofSeconds(10));
            assertThat(r.exitCode()).isZero();
            assertThat(r.stdout().strip()).isNotEmpty();
            assertThat(r.stderr()).isEmpty();
            assertThat(r.duration()).isPositive();
            assertThat(p.isConnected(dev)).isTrue();
            System.out.printf("[figures] connect+auth: %d ms; first exec (hostname): %d ms%n", connectMs,
                    r.duration().toMillis());
        }
    }

    @Test
    void reusesOnePooledConnectionForEveryCommand() {
        try (SshConnectionPool p = freshPool()) {
            RemoteExec e = new RemoteExec(p);
            e.exec(dev, RemoteCommand.of("true"), Duration.ofSeconds(10));
            assertThat(p.connectionCount(dev)).isEqualTo(1);
            int n = 50;
            long[] ms = new long[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                ExecResult r = e.exec(dev, RemoteCommand.of("echo").arg("n" + i), Duration.ofSeconds(10));
                ms[i] = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0);
                assertThat(r.stdout()).isEqualTo("n" + i + "\n");
            }
            assertThat(p.connectionCount(dev)).as("no reconnect").isEqualTo(1);
            assertThat(p.commandCount(dev)).isEqualTo(n + 1);
            Arrays.sort(ms);
            System.out.printf("[figures] pooled exec latency over %d commands: p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
                    n, ms[n / 2] / 1000.0, ms[(int) (n * 0.95)] / 1000.0, ms[n - 1] / 1000.0);
        }
    }

    @Test
    void concurrentCallersShareTheConnection() throws Exception {
        try (SshConnectionPool p = freshPool(); ExecutorService threads = Executors.newFixedThreadPool(16)) {
            RemoteExec e = new RemoteExec(p);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String word = "w" + i;
                Callable<String> task = () -> e.exec(dev, RemoteCommand.of("sh").arg("-c").arg("sleep 0.2; echo \"$0\"")
                        .arg(word), Duration.ofSeconds(30)).stdout();
                results.add(threads.submit(task));
            }
            for (int i = 0; i < 32; i++) {
                assertThat(results.get(i).get(60, TimeUnit.SECONDS)).isEqualTo("w" + i + "\n");
            }
            assertThat(p.connectionCount(dev)).isEqualTo(1);
            assertThat(p.commandCount(dev)).isEqualTo(32);
        }
    }

    @Test
    void reconnectsWhenTheConnectionBreaks() throws Exception {
        try (SshConnectionPool p = freshPool()) {
            RemoteExec e = new RemoteExec(p);
            assertThat(e.exec(dev, RemoteCommand.of("true"), Duration.ofSeconds(10)).exitCode()).isZero();
            p.currentClient(dev).getSocket().close(); // the network drops the connection
            Thread.sleep(200);
            assertThat(e.exec(dev, RemoteCommand.of("echo").arg("again"), Duration.ofSeconds(10)).stdout())
                    .isEqualTo("again\n");
            assertThat(p.connectionCount(dev)).isEqualTo(2);
        }
    }

    @Test
    void reportsExitCodeStdoutAndStderrApart() {
        ExecResult r = exec.exec(dev, RemoteCommand.of("sh").arg("-c").arg("echo out; echo err >&2; exit 3"),
                Duration.ofSeconds(10));
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.isSuccess()).isFalse();
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(r.errorText()).isEqualTo("err");
    }

    @Test
    void feedsStandardInput() {
        byte[] input = "line one\nzwei ✓\n".getBytes(StandardCharsets.UTF_8);
        ExecResult r = exec.exec(dev, RemoteCommand.of("cat"), Duration.ofSeconds(10), input);
        assertThat(r.stdout()).isEqualTo("line one\nzwei ✓\n");
        // without input, stdin is closed at once: cat does not wait
        assertThat(exec.exec(dev, RemoteCommand.of("cat"), Duration.ofSeconds(10)).stdout()).isEmpty();
    }

    @Test
    void aCommandThatOverrunsIsStoppedAndReported() {
        String marker = "31." + (System.nanoTime() % 100000); // unique sleep argument to find the process
        long t0 = System.nanoTime();
        RemoteCommandTimeoutException e = catchThrowableOfType(RemoteCommandTimeoutException.class,
                () -> exec.exec(dev, RemoteCommand.of("sleep").arg(marker), Duration.ofSeconds(1)));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(e).isNotNull();
        assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(e.cluster()).isEqualTo(dev.name());
        assertThat(e.getMessage()).contains("within 1 s").contains("sleep");
        assertThat(ms).isLessThan(5000);
        // the connection is still fine, and the remote process was killed
        ExecResult left = exec.exec(dev, RemoteCommand.of("pgrep").arg("-f").arg("sleep " + marker),
                Duration.ofSeconds(10));
        assertThat(left.stdout()).as("remote sleep still running").isEmpty();
    }

    @Test
    void stopsACommandThatPrintsTooMuch() {
        try (SshConnectionPool p = new SshConnectionPool(SshSettings.defaults().withMaxOutputBytes(4096))) {
            assertThatThrownBy(() -> new RemoteExec(p).exec(dev, RemoteCommand.of("head").arg("-c").arg("1000000")
                    .arg("/dev/zero"), Duration.ofSeconds(20)))
                    .isInstanceOf(RemoteCommandException.class).hasMessageContaining("more than 4096 bytes");
            assertThat(new RemoteExec(p).exec(dev, RemoteCommand.of("echo").arg("ok"), Duration.ofSeconds(10))
                    .stdout()).isEqualTo("ok\n");
        }
    }

    // ---- connection failures ----------------------------------------------------------------------------

    private static ClusterUnreachableException connectFails(ClusterDefinition cluster) {
        try (SshConnectionPool p = freshPool()) {
            ClusterUnreachableException e = catchThrowableOfType(ClusterUnreachableException.class,
                    () -> p.connect(cluster));
            assertThat(e).as("connect should fail").isNotNull();
            assertThat(e.cluster()).isEqualTo(cluster.name());
            return e;
        }
    }

    private Path newKey(String name) throws Exception {
        Path key = tmp.resolve(name);
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "it", "-f", key.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return key;
    }

    @Test
    void aKeyTheClusterDoesNotKnowIsRefused() throws Exception {
        Path wrongKey = newKey("wrong");
        ClusterUnreachableException e = connectFails(dev.withKeyPath(wrongKey));
        assertThat(e.reason()).isEqualTo(Reason.AUTH_REFUSED);
        assertThat(e.getMessage()).contains("the cluster refused key " + wrongKey + " for user " + dev.user());
    }

    @Test
    void aHostMissingFromKnownHostsIsUnknown() throws Exception {
        Path empty = Files.writeString(tmp.resolve("known_hosts"), "# nothing here\n");
        ClusterUnreachableException e = connectFails(dev.withKnownHosts(empty));
        assertThat(e.reason()).isEqualTo(Reason.HOST_KEY_UNKNOWN);
        assertThat(e.getMessage())
                .contains("host key of [" + dev.host() + "]:" + dev.port() + " is not in " + empty)
                .contains("ssh-keyscan -p " + dev.port() + " " + dev.host())
                .contains("verify the fingerprint")
                .contains("SHA256:");
    }

    @Test
    void aDifferentKeyInKnownHostsIsAChangedHostKey() throws Exception {
        Path other = newKey("impostor");
        String pub = Files.readString(Path.of(other + ".pub")).strip();
        String[] parts = pub.split(" ");
        Path kh = Files.writeString(tmp.resolve("known_hosts"),
                dev.hostAndPort() + " " + parts[0] + " " + parts[1] + "\n");
        ClusterUnreachableException e = connectFails(dev.withKnownHosts(kh));
        assertThat(e.reason()).isEqualTo(Reason.HOST_KEY_CHANGED);
        assertThat(e.getMessage()).contains("differs from the one recorded in " + kh)
                .contains("ssh-keygen -R");
    }

    @Test
    void hashedKnownHostsEntriesAreHonoured() throws Exception {
        Path kh = tmp.resolve("known_hosts");
        Files.copy(dev.knownHosts(), kh);
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-H", "-f", kh.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(kh)).startsWith("|1|").doesNotContain(dev.host());
        try (SshConnectionPool pool2 = freshPool()) {
            pool2.connect(dev.withKnownHosts(kh));
            assertThat(pool2.isConnected(dev)).isTrue();
        }
    }

    @Test
    void acceptNewRecordsAnUnknownKeyOnce() throws Exception {
        Path kh = tmp.resolve("sub/known_hosts");
        ClusterDefinition tofu = dev.withKnownHosts(kh).withHostKeyPolicy(HostKeyPolicy.ACCEPT_NEW);
        try (SshConnectionPool p = freshPool()) {
            p.connect(tofu);
        }
        List<String> lines = Files.readAllLines(kh);
        assertThat(lines).singleElement().asString().startsWith(dev.hostAndPort() + " ");
        // from now on even strict checking accepts it
        try (SshConnectionPool p = freshPool()) {
            p.connect(tofu.withHostKeyPolicy(HostKeyPolicy.STRICT));
        }
        assertThat(Files.readAllLines(kh)).hasSize(1);
    }

    @Test
    void aClosedPortIsRefusedFast() {
        long t0 = System.nanoTime();
        ClusterUnreachableException e = connectFails(dev.withEndpoint("127.0.0.1", 1));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(e.reason()).isEqualTo(Reason.CONNECTION_REFUSED);
        assertThat(e.getMessage()).contains("127.0.0.1:1 refused");
        assertThat(ms).isLessThan(2000);
        System.out.printf("[figures] refused port reported in %d ms%n", ms);
    }

    @Test
    void aMissingOrBrokenKeyFileIsReportedBeforeConnecting() throws IOException {
        ClusterUnreachableException missing = connectFails(dev.withKeyPath(tmp.resolve("absent")));
        assertThat(missing.reason()).isEqualTo(Reason.KEY_FILE_MISSING);
        assertThat(missing.getMessage()).contains(tmp.resolve("absent") + " does not exist");
        Path garbage = Files.writeString(tmp.resolve("garbage"), "this is not a key\n");
        ClusterUnreachableException broken = connectFails(dev.withKeyPath(garbage));
        assertThat(broken.reason()).isEqualTo(Reason.KEY_FILE_UNREADABLE);
        assertThat(broken.getMessage()).contains(garbage + " cannot be used");
    }

    @Test
    void failuresAreRepeatedWithoutRetryDuringTheBackOff() {
        try (SshConnectionPool p = new SshConnectionPool(SshSettings.defaults()
                .withReconnectBackoff(Duration.ofSeconds(30)))) {
            ClusterDefinition closed = dev.withEndpoint("127.0.0.1", 1);
            assertThatThrownBy(() -> p.connect(closed)).isInstanceOf(ClusterUnreachableException.class);
            ClusterUnreachableException again = catchThrowableOfType(ClusterUnreachableException.class,
                    () -> p.connect(closed));
            assertThat(again.reason()).isEqualTo(Reason.CONNECTION_REFUSED);
            assertThat(again.getMessage()).contains("not retried for another");
            p.disconnect(closed); // clears the back-off
            assertThat(catchThrowableOfType(ClusterUnreachableException.class, () -> p.connect(closed))
                    .getMessage()).doesNotContain("not retried");
        }
    }

    @Test
    void aSilentServerTimesOutTheHandshake() throws Exception {
        // accepts TCP (the kernel does, backlog) but never speaks SSH
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
             SshConnectionPool p = new SshConnectionPool(SshSettings.defaults()
                     .withConnectTimeout(Duration.ofSeconds(1)).withReconnectBackoff(Duration.ZERO))) {
            long t0 = System.nanoTime();
            ClusterUnreachableException e = catchThrowableOfType(ClusterUnreachableException.class,
                    () -> p.connect(dev.withEndpoint("127.0.0.1", silent.getLocalPort())));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
            assertThat(e.getMessage()).contains("no answer from 127.0.0.1:" + silent.getLocalPort() + " within 1 s");
            assertThat(ms).isLessThan(5000);
        }
    }

    @Test
    void keepAlivesHoldAnIdleConnection() throws Exception {
        try (SshConnectionPool p = new SshConnectionPool(SshSettings.defaults()
                .withKeepAliveInterval(Duration.ofSeconds(1)))) {
            RemoteExec e = new RemoteExec(p);
            e.exec(dev, RemoteCommand.of("true"), Duration.ofSeconds(10));
            Thread.sleep(2500); // a few keep-alives go back and forth
            assertThat(p.isConnected(dev)).isTrue();
            e.exec(dev, RemoteCommand.of("true"), Duration.ofSeconds(10));
            assertThat(p.connectionCount(dev)).isEqualTo(1);
        }
    }

    // ---- SFTP -------------------------------------------------------------------------------------------

    @Test
    void uploadsCreatingFoldersAndReadsRanges() {
        String path = scratch + "/deep/er/file.txt";
        byte[] content = "0123456789abcdefghij\n".getBytes(StandardCharsets.UTF_8);
        exec.upload(dev, content, path);
        assertThat(exec.size(dev, path)).isEqualTo(content.length);
        assertThat(new String(exec.readRange(dev, path, 5, 10), StandardCharsets.UTF_8)).isEqualTo("56789abcde");
        assertThat(exec.readRange(dev, path, 15, 100)).hasSize(6);
        assertThat(exec.readRange(dev, path, 1000, 10)).isEmpty();
        FileSlice slice = exec.readFrom(dev, path, 5, 10);
        assertThat(slice.fileSize()).isEqualTo(content.length);
        assertThat(slice.offset()).isEqualTo(5);
        assertThat(new String(slice.bytes(), StandardCharsets.UTF_8)).isEqualTo("56789abcde");
        FileSlice behind = exec.readFrom(dev, path, 5, 3, 4);
        assertThat(behind.offset()).isEqualTo(1);
        assertThat(new String(behind.bytes(), StandardCharsets.UTF_8)).isEqualTo("1234567");
        FileSlice notGrown = exec.readFrom(dev, path, content.length, 10, 4);
        assertThat(notGrown.fileSize()).isEqualTo(content.length);
        assertThat(notGrown.bytes()).as("nothing read when the file has not grown").isEmpty();
        ExecResult cat = exec.exec(dev, RemoteCommand.of("cat").arg(path), Duration.ofSeconds(10));
        assertThat(cat.stdout()).isEqualTo("0123456789abcdefghij\n");
        // replacing a file truncates it
        exec.upload(dev, "short".getBytes(StandardCharsets.UTF_8), path);
        assertThat(exec.size(dev, path)).isEqualTo(5);
    }

    @Test
    void uploadsALocalFile() throws IOException {
        Path local = Files.writeString(tmp.resolve("job.sh"), "#!/bin/bash\necho hi\n");
        String path = scratch + "/jobs/1/job.sh";
        exec.upload(dev, local, path);
        assertThat(exec.exec(dev, RemoteCommand.of("bash").arg(path), Duration.ofSeconds(10)).stdout())
                .isEqualTo("hi\n");
    }

    @Test
    void tailsABigLogWithoutReadingItWhole() {
        String path = scratch + "/big.log";
        ExecResult made = exec.exec(dev, RemoteCommand.of("mkdir").arg("-p").arg(scratch)
                .andThen(RemoteCommand.of("seq").arg("1").arg("300000"))
                .pipeTo(RemoteCommand.of("tee").arg(path)).pipeTo(RemoteCommand.of("tail").arg("-n").arg("1")),
                Duration.ofSeconds(30));
        assertThat(made.stdout()).isEqualTo("300000\n");
        long size = exec.size(dev, path);
        assertThat(size).isGreaterThan(1_000_000);
        LogTail t = exec.tail(dev, path, 3, 1 << 20);
        assertThat(t.lines()).containsExactly("299998", "299999", "300000");
        assertThat(t.fileSize()).isEqualTo(size);
        assertThat(t.truncated()).isFalse();
        assertThat(t.text()).isEqualTo("299998\n299999\n300000\n");
        assertThat(t.end()).isEqualTo(size);
        assertThat(t.offset()).isEqualTo(size - t.text().length());
    }

    @Test
    void aMissingRemoteFileIsNotFound() {
        RemoteFileException e = catchThrowableOfType(RemoteFileException.class,
                () -> exec.size(dev, scratch + "/absent"));
        assertThat(e.reason()).isEqualTo(RemoteFileException.Reason.NOT_FOUND);
        assertThat(e.path()).isEqualTo(scratch + "/absent");
        assertThat(catchThrowableOfType(RemoteFileException.class,
                () -> exec.readRange(dev, scratch + "/absent", 0, 10)).reason())
                .isEqualTo(RemoteFileException.Reason.NOT_FOUND);
    }

    @Test
    void writingWhereTheUserMayNotIsPermissionDenied() {
        RemoteFileException e = catchThrowableOfType(RemoteFileException.class,
                () -> exec.upload(dev, new byte[] {1}, "/etc/mission-control-it-" + UUID.randomUUID()));
        assertThat(e.reason()).isEqualTo(RemoteFileException.Reason.PERMISSION_DENIED);
    }
}
