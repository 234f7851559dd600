package io.missioncontrol.job.multi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.missioncontrol.SpringIntegrationTest;
import org.springframework.web.client.RestClient;

/**
 * One real portal in its own JVM ({@code java -cp <this test's class path> io.missioncontrol.Application}) on a
 * loopback port, its output in a log file. {@link #kill()} is {@code kill -9}.
 */
final class PortalProcess implements AutoCloseable {

    private static final Pattern POLL_CYCLES = Pattern.compile(
            "^missioncontrol_poll_cycles_total\\{([^}]*)\\}\\s+([0-9.eE+-]+)$");

    final String name;
    final int port;
    final Path log;
    private final Process process;

    private PortalProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Starts a portal; the database credentials travel in the environment, never on the command line. */
    static PortalProcess start(String name, Path logDir, Map<String, String> environment, List<String> arguments)
            throws IOException {
        int port = freeLoopbackPort();
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "io.missioncontrol.Application",
                "--server.port=" + port, "--server.address=127.0.0.1"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        // sign-in is always on: each portal makes the initial admin with the tests' token (in the environment, not on
        // the command line; a no-op where the shared database has its admin already), and api() sends it
        builder.environment().put("MISSIONCONTROL_SECURITY_INITIAL_ADMIN_TOKEN", SpringIntegrationTest.ADMIN_TOKEN);
        Process process = builder.start();
        // should the test JVM itself be stopped, no portal is left running behind it
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return new PortalProcess(name, port, log, process);
    }

    RestClient api() {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("Authorization", "Bearer " + SpringIntegrationTest.ADMIN_TOKEN)
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
    }

    /** Waits until /actuator/health answers UP; fails early when the process ends. */
    void awaitUp(Duration timeout) throws InterruptedException {
        Instant giveUp = Instant.now().plus(timeout);
        while (Instant.now().isBefore(giveUp)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Portal " + name + " ended with " + process.exitValue() + "; its log: "
                        + tail(40));
            }
            try {
                String health = api().get().uri("/actuator/health").retrieve().body(String.class);
                if (health != null && health.contains("\"status\":\"UP\"")) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Portal " + name + " did not come up within " + timeout + "; its log: "
                + tail(40));
    }

    /** {@code missioncontrol.poll.cycles} of {@code cluster} on this instance, every outcome summed. */
    long pollCycles(String cluster) {
        String text = api().get().uri("/actuator/prometheus").retrieve().body(String.class);
        long sum = 0;
        for (String line : text == null ? List.<String>of() : text.lines().toList()) {
            Matcher m = POLL_CYCLES.matcher(line.strip());
            if (m.matches() && m.group(1).contains("cluster=\"" + cluster + "\"")) {
                sum += (long) Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    List<String> logLines() {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String tail(int lines) {
        List<String> all = logLines();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** {@code kill -9}: no shutdown hook, no Quartz goodbye, connections cut. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
