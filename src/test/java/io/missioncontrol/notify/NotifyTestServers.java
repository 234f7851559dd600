package io.missioncontrol.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.stream.Stream;

/**
 * The real servers notifications are sent to in tests, on loopback, one set per test JVM: Debian's aiosmtpd SMTP
 * server (a real SMTP implementation; each message lands in a file) and a JDK HTTP server recording every request
 * (the Slack webhook and ntfy endpoints), which answers 200 unless told to fail.
 */
final class NotifyTestServers {

    /** One HTTP request as received. */
    record Received(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    static final NotifyTestServers INSTANCE = new NotifyTestServers();

    final int smtpPort;
    final int httpPort;
    final Path mailDir;
    private final Process smtp;
    private final HttpServer http;
    final ConcurrentLinkedQueue<Received> requests = new ConcurrentLinkedQueue<>();
    /** Statuses the next requests get, in order (then 200). */
    final ConcurrentLinkedDeque<Integer> failures = new ConcurrentLinkedDeque<>();

    private NotifyTestServers() {
        try {
            mailDir = Files.createTempDirectory("notify-mail");
            Path handler = Path.of("src/test/resources/notify").toAbsolutePath();
            smtpPort = freePort();
            ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l",
                    "127.0.0.1:" + smtpPort, "-c", "smtp_to_files.FileHandler", mailDir.toString())
                    .redirectErrorStream(true).redirectOutput(mailDir.resolveSibling(mailDir.getFileName() + ".log")
                            .toFile());
            pb.environment().put("PYTHONPATH", handler.toString());
            smtp = pb.start();
            Runtime.getRuntime().addShutdownHook(new Thread(smtp::destroy));
            awaitListening(smtpPort);

            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                requests.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        Map.copyOf(exchange.getRequestHeaders()), body));
                Integer status = failures.poll();
                byte[] answer = (status == null ? "ok" : "boom").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status == null ? 200 : status, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            http.start();
            httpPort = http.getAddress().getPort();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> http.stop(0)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    List<Received> requestsTo(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** The messages the SMTP server received, oldest first. */
    List<String> mails() {
        try (Stream<Path> files = Files.list(mailDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".eml")).sorted().map(p -> {
                try {
                    return Files.readString(p, StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void reset() {
        requests.clear();
        failures.clear();
        try (Stream<Path> files = Files.list(mailDir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening(int port) throws IOException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (!smtp.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("aiosmtpd did not start on 127.0.0.1:" + port + " (is python3-aiosmtpd"
                            + " installed? see scripts/test-env.sh)", notYet);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
