package io.missioncontrol.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The production jar in its own JVM, as users run it: started on a data folder, stopped by its pid. */
final class PortalJar implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;
    /** The initial admin's personal token, random per start (sign-in is always on). */
    private final String adminToken;

    private PortalJar(Process process, int port, Path log, String adminToken) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.adminToken = adminToken;
    }

    /** Starts {@code jar} with the clusters file and data folder given, on a free loopback port; waits for health. */
    static PortalJar start(Path jar, Path clustersFile, Path dataDir, Path log, String... extra) throws IOException {
        int port = freePort();
        Files.createDirectories(dataDir);
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary("java"));
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-jar");
        cmd.add(jar.toAbsolutePath().toString());
        cmd.add("--missioncontrol.clusters-file=" + clustersFile.toAbsolutePath());
        cmd.add("--missioncontrol.data-dir=" + dataDir.toAbsolutePath());
        cmd.add("--server.port=" + port);
        cmd.add("--server.address=127.0.0.1");
        cmd.addAll(List.of(extra));
        String token = randomToken();
        ProcessBuilder builder = new ProcessBuilder(cmd).directory(dataDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // in the environment, not on the command line (which every local user can read)
        builder.environment().put("MISSIONCONTROL_SECURITY_INITIAL_ADMIN_TOKEN", token);
        PortalJar portal = new PortalJar(builder.start(), port, log, token);
        try {
            portal.awaitHealthy(Duration.ofSeconds(120));
        } catch (RuntimeException e) {
            portal.close();
            throw e;
        }
        return portal;
    }

    long pid() {
        return process.pid();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code Authorization} header value for the API, as the initial admin. */
    String authorization() {
        return "Bearer " + adminToken;
    }

    /** Makes a local member with a password (for the browser benchmarks, which sign in on the sign-in page). */
    void addMember(String username, String password) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String body = "{\"username\": \"" + username + "\", \"password\": \"" + password + "\", \"role\": \"MEMBER\"}";
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/users/"))
                    .header("Authorization", authorization()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("POST /api/users/ answered " + r.statusCode() + ": " + r.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static String randomToken() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return "mc_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private void awaitHealthy(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the portal exited with " + process.exitValue() + " before it served "
                        + "anything; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            sleep(250);
        }
        throw new IllegalStateException("the portal did not become healthy within " + timeout + "; see " + log);
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy(); // SIGTERM: Spring shuts down gracefully
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** A tool of the JDK running this benchmark (java, jcmd). */
    static String javaBinary(String tool) {
        return ProcessHandle.current().info().command()
                .map(Path::of)
                .map(java -> java.resolveSibling(tool))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .orElse(tool);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
