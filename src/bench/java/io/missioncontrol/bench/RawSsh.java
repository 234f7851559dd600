package io.missioncontrol.bench;

import io.missioncontrol.cluster.ClusterDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What users do today: OpenSSH's {@code ssh} with a NEW connection for every command (no ControlMaster, no
 * user ssh config), the cluster's key and known_hosts, host keys checked.
 */
final class RawSsh {

    /** One finished command. */
    record Run(int exitCode, String stdout, String stderr, long nanos) {
        boolean ok() {
            return exitCode == 0;
        }

        double ms() {
            return nanos / 1e6;
        }
    }

    private final ClusterDefinition cluster;

    RawSsh(ClusterDefinition cluster) {
        Guard.requireLoopback(cluster.host());
        this.cluster = cluster;
    }

    /** The command line a user would type, up to (not including) the remote command. */
    List<String> prefix() {
        return List.of("ssh", "-F", "/dev/null", "-p", String.valueOf(cluster.port()),
                "-i", cluster.keyPath().toString(),
                "-o", "UserKnownHostsFile=" + cluster.knownHosts(),
                "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                "-o", "ControlMaster=no", "-o", "ControlPath=none", "-o", "LogLevel=ERROR",
                cluster.user() + "@" + cluster.host());
    }

    /** Runs {@code remoteLine} (already quoted for the remote shell) through a fresh connection; times all of it. */
    Run run(String remoteLine, byte[] stdin, Duration timeout) {
        List<String> cmd = new ArrayList<>(prefix());
        cmd.add(remoteLine);
        long t0 = System.nanoTime();
        try {
            Process p = new ProcessBuilder(cmd).start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("ssh did not finish within " + timeout + ": " + abbreviate(remoteLine));
            }
            int rc = p.exitValue();
            String o = out.join();
            String e = err.join();
            return new Run(rc, o, e, System.nanoTime() - t0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run ssh: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    Run run(String remoteLine) {
        return run(remoteLine, null, Duration.ofSeconds(120));
    }

    /** Like {@link #run(String)} but fails on a non-zero exit code. */
    Run check(String remoteLine) {
        Run r = run(remoteLine);
        if (!r.ok()) {
            throw new IllegalStateException("`" + abbreviate(remoteLine) + "` failed (" + r.exitCode() + "): "
                    + r.stderr().strip());
        }
        return r;
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }, r -> Thread.ofVirtual().start(r));
    }

    static String abbreviate(String s) {
        return s.length() <= 160 ? s : s.substring(0, 150) + "… (" + s.length() + " chars)";
    }
}
