package io.missioncontrol.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One headless Chromium driven over the DevTools protocol (a WebSocket to the browser, no driver binary). Each
 * {@link #openIsolated} tab lives in its own browser context, with its own cookies: to the server it is a
 * separate person with a separate HTTP session.
 */
final class Chromium implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private Chromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    static Chromium start(String binary, Path profile, Path log) throws IOException {
        Files.createDirectories(profile);
        Process p = new ProcessBuilder(binary, "--headless", "--no-sandbox", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--disable-gpu", "--disable-extensions", "--disable-background-timer-throttling",
                "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
                "--window-size=1280,900", "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", "about:blank")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.isRegularFile(portFile) && Files.readAllLines(portFile).size() >= 2)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("Chromium did not open its DevTools port; see " + log);
            }
            PortalJar.sleep(100);
        }
        List<String> lines = Files.readAllLines(portFile);
        URI ws = URI.create("ws://127.0.0.1:" + lines.get(0).strip() + lines.get(1).strip());
        Chromium[] self = new Chromium[1];
        StringBuilder partial = new StringBuilder();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(ws, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String message = partial.toString();
                    partial.setLength(0);
                    self[0].receive(message);
                }
                webSocket.request(1);
                return null;
            }
        }).join();
        self[0] = new Chromium(p, socket);
        return self[0];
    }

    private void receive(String message) {
        JsonNode node = JSON.readTree(message);
        JsonNode id = node.get("id");
        if (id == null) {
            return; // an event
        }
        CompletableFuture<JsonNode> f = pending.remove(id.asInt());
        if (f != null) {
            if (node.has("error")) {
                f.completeExceptionally(new IllegalStateException("DevTools error: " + node.get("error")));
            } else {
                f.complete(node.get("result"));
            }
        }
    }

    /** Sends a DevTools command (to the browser, or to an attached page when {@code session} is set). */
    synchronized JsonNode send(String method, Map<String, Object> params, String session) {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", JSON.valueToTree(params));
        if (session != null) {
            msg.put("sessionId", session);
        }
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        socket.sendText(JSON.writeValueAsString(msg), true).join();
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(method + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(method + " got no answer within 60 s", e);
        }
    }

    /** Opens {@code url} in a new tab of a new browser context; returns the DevTools session of that tab. */
    String openIsolated(String url) {
        String context = send("Target.createBrowserContext", Map.of("disposeOnDetach", false), null)
                .get("browserContextId").asString();
        String target = send("Target.createTarget", Map.of("url", url, "browserContextId", context), null)
                .get("targetId").asString();
        return send("Target.attachToTarget", Map.of("targetId", target, "flatten", true), null)
                .get("sessionId").asString();
    }

    /**
     * As {@link #openIsolated(String)}, with {@code initScript} run in the page before any of its own scripts (so it
     * can watch what the page's scripts set up, e.g. its WebSocket).
     */
    String openIsolated(String url, String initScript) {
        String context = send("Target.createBrowserContext", Map.of("disposeOnDetach", false), null)
                .get("browserContextId").asString();
        String target = send("Target.createTarget", Map.of("url", "about:blank", "browserContextId", context), null)
                .get("targetId").asString();
        String session = send("Target.attachToTarget", Map.of("targetId", target, "flatten", true), null)
                .get("sessionId").asString();
        send("Page.enable", Map.of(), session);
        send("Page.addScriptToEvaluateOnNewDocument", Map.of("source", initScript), session);
        send("Page.navigate", Map.of("url", url), session);
        return session;
    }

    /**
     * Like {@link #openIsolated}, signed in first: the tab opens the sign-in page, posts the form with the page's
     * CSRF token (as the LoginForm does), then goes to {@code path}.
     */
    String openSignedIn(String baseUrl, String username, String password, String path) {
        return openSignedIn(baseUrl, username, password, path, null);
    }

    /** {@link #openSignedIn(String, String, String, String)} with {@code initScript} run in every page of the tab. */
    String openSignedIn(String baseUrl, String username, String password, String path, String initScript) {
        String tab = initScript == null ? openIsolated(baseUrl + "/login")
                : openIsolated(baseUrl + "/login", initScript);
        awaitAll(List.of(tab), "document.querySelector('meta[name=_csrf]') ? 1 : 0", 1, Duration.ofSeconds(60));
        evaluate(tab, """
                (() => {
                  const body = new URLSearchParams({username: %s, password: %s});
                  body.append(document.querySelector('meta[name=_csrf_parameter]').content,
                              document.querySelector('meta[name=_csrf]').content);
                  fetch('/login', {method: 'POST', body, credentials: 'same-origin'})
                    .then(() => { location.href = %s; });
                  return 1;
                })()
                """.formatted(JSON.writeValueAsString(username), JSON.writeValueAsString(password),
                JSON.writeValueAsString(path)));
        return tab;
    }

    /** Evaluates a JavaScript expression in the tab; returns its value as JSON. */
    JsonNode evaluate(String session, String expression) {
        JsonNode r = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true), session);
        JsonNode result = r.get("result");
        return result == null ? null : result.get("value");
    }

    /** Waits until {@code expression} yields a number of at least {@code min} in every tab. */
    void awaitAll(List<String> sessions, String expression, int min, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> waiting = new ArrayList<>(sessions);
        while (!waiting.isEmpty()) {
            waiting.removeIf(s -> {
                JsonNode v = evaluate(s, expression);
                return v != null && v.isNumber() && v.asInt() >= min;
            });
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(waiting.size() + " of " + sessions.size() + " tabs did not get there "
                        + "within " + timeout + " (" + expression.strip().lines().findFirst().orElse("") + " …)");
            }
            PortalJar.sleep(250);
        }
    }

    @Override
    public void close() {
        try {
            send("Browser.close", Map.of(), null);
        } catch (RuntimeException ignored) {
            // going away anyway
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
