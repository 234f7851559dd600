package io.missioncontrol.bench;

import io.missioncontrol.cluster.ClusterDefinition;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * How long a status change the poller stored takes to show in open browsers: the production jar (poll interval
 * 1 s) with a few held SLURM jobs recorded as PENDING, N headless-Chromium sessions on the dashboard (each in its
 * own browser context, so N HTTP/Vaadin sessions). Then, one job at a time, the job is cancelled in SLURM; the
 * jar's poller sees it CANCELLED, stores it and pushes. Each tab has a MutationObserver that notes
 * {@code Date.now()} when the k-th CANCELLED badge appears in the dashboard's jobs grid; the latency of a session
 * is that time minus the {@code changed_at} of the job's CANCELLED row in job_status_history (the poller's
 * transition time, taken just before its transaction commits; browser and JVM read the same system clock).
 */
final class PushBench {

    /**
     * @param latenciesMs change stored → badge shown, per session and change
     * @param arrivalMs   change stored → the last push message before the badge showed reached the page's WebSocket
     * @param renderMs    that message's arrival → badge shown (the browser's part)
     * @param pushMessages push messages the pages received over their WebSocket in all (0: not pushed by WebSocket)
     */
    record Result(List<Double> latenciesMs, int sessions, int changes, List<Double> perChangeMaxMs,
                  List<Double> arrivalMs, List<Double> renderMs, long pushMessages) {
    }

    static final String JOB_NAME = "mc-bench-held-push";

    /**
     * Runs before the page's own scripts: notes when each message reaches the page's WebSocket (Vaadin's push), so
     * that a latency splits into server + network and browser rendering.
     */
    private static final String WATCH_SOCKET = """
            (() => {
              const Native = window.WebSocket;
              window.__mcWs = {last: 0, count: 0};
              const Watched = function (...args) {
                const ws = new Native(...args);
                ws.addEventListener('message', () => { window.__mcWs.last = Date.now(); window.__mcWs.count++; });
                return ws;
              };
              Watched.prototype = Native.prototype;
              Object.assign(Watched, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
              window.WebSocket = Watched;
            })()""";

    /** Installs the observer (idempotent); returns how many CANCELLED badges the grid shows now. */
    private static final String OBSERVE = """
            (() => {
              const count = () => Array.from(document.querySelectorAll('#dashboard-jobs span.mc-badge'))
                  .filter(b => b.textContent.trim().startsWith('CANCELLED')).length;
              if (!window.__mcPush) {
                window.__mcPush = {seen: {}, message: {}};
                const check = () => {
                  const n = count(), now = Date.now();
                  for (let k = 1; k <= n; k++) {
                    if (!(k in window.__mcPush.seen)) {
                      window.__mcPush.seen[k] = now;
                      window.__mcPush.message[k] = window.__mcWs ? window.__mcWs.last : 0;
                    }
                  }
                };
                new MutationObserver(check).observe(document.body,
                    {subtree: true, childList: true, characterData: true, attributes: true});
                check();
              }
              return count();
            })()""";
    /** Badges in the jobs grid (-1 before the grid exists). */
    private static final String BADGES = """
            (() => {
              const g = document.getElementById('dashboard-jobs');
              return g ? g.querySelectorAll('span.mc-badge').length : -1;
            })()""";

    private final Path jar;
    private final Path clustersFile;
    private final ClusterDefinition cluster;
    private final Path dataDir;
    private final Path work;
    private final PrintStream log;

    PushBench(Path jar, Path clustersFile, ClusterDefinition cluster, Path dataDir, Path work, PrintStream log) {
        this.jar = jar;
        this.clustersFile = clustersFile;
        this.cluster = cluster;
        this.dataDir = dataDir;
        this.work = work;
        this.log = log;
    }

    Result run(int sessions, int changes) throws Exception {
        RawSsh ssh = new RawSsh(cluster);
        HeldJobs.cancelByName(ssh, cluster.user(), JOB_NAME);
        List<String> slurmIds = new ArrayList<>();
        try {
            HeldJobs.requireRoom(ssh, changes);
            slurmIds.addAll(HeldJobs.submit(ssh, JOB_NAME, changes));
            // the jar makes the schema; the job rows go into its file beside it (one portal per SQLite file, so no
            // second Spring context on it)
            try (PortalJar portal = PortalJar.start(jar, clustersFile, dataDir, work.resolve("push-portal.log"),
                    "--missioncontrol.poll-interval=1s");
                 Chromium chromium = Chromium.start(HeapBench.which("chromium", "chromium-browser"),
                         Files.createTempDirectory(work, "chromium-profile-"), work.resolve("chromium-push.log"))) {
                org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
                config.setBusyTimeout(10_000);
                org.sqlite.SQLiteDataSource file = new org.sqlite.SQLiteDataSource(config);
                file.setUrl("jdbc:sqlite:" + dataDir.resolve("missioncontrol.db").toAbsolutePath());
                List<String> jobIds = HeldJobs.record(file, cluster.name(), cluster.workspace(), slurmIds, "push");
                log.printf("push: jar pid %d, %d held jobs, polled every 1 s; opening %d sessions%n", portal.pid(),
                        changes, sessions);
                String password = PortalJar.randomToken();
                portal.addMember("bench", password);
                List<String> tabs = new ArrayList<>();
                for (int i = 0; i < sessions; i++) {
                    tabs.add(chromium.openSignedIn(portal.baseUrl(), "bench", password, "/", WATCH_SOCKET));
                }
                chromium.awaitAll(tabs, BADGES, changes, Duration.ofSeconds(120));
                PortalJar.sleep(3000); // the first cycles note SLURM's hold reason; their pushes settle
                for (String tab : tabs) {
                    JsonNode n = chromium.evaluate(tab, OBSERVE);
                    if (n == null || n.asInt() != 0) {
                        throw new IllegalStateException("a tab shows " + n + " CANCELLED jobs before any change");
                    }
                }

                List<Double> latencies = new ArrayList<>();
                List<Double> perChangeMax = new ArrayList<>();
                List<Double> arrivals = new ArrayList<>();
                List<Double> renders = new ArrayList<>();
                for (int k = 1; k <= changes; k++) {
                    String slurmId = slurmIds.get(k - 1);
                    HeldJobs.cancel(ssh, List.of(slurmId));
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    List<Long> seen = new ArrayList<>();
                    for (String tab : tabs) {
                        JsonNode t;
                        while ((t = chromium.evaluate(tab, "window.__mcPush.seen[" + k + "] || null")) == null
                                || t.isNull()) {
                            if (System.nanoTime() > deadline) {
                                throw new IllegalStateException("change " + k + " did not reach every tab within 30 s");
                            }
                            PortalJar.sleep(50);
                        }
                        seen.add(t.asLong());
                    }
                    long stored = changedAt(jobIds.get(k - 1));
                    double max = 0;
                    List<Double> changeArrivals = new ArrayList<>();
                    for (int i = 0; i < tabs.size(); i++) {
                        long s = seen.get(i);
                        double ms = s - stored;
                        latencies.add(ms);
                        max = Math.max(max, ms);
                        JsonNode m = chromium.evaluate(tabs.get(i), "window.__mcPush.message[" + k + "] || 0");
                        long message = m == null ? 0 : m.asLong();
                        if (message >= stored) { // a message after the change: the one that carried it
                            changeArrivals.add((double) (message - stored));
                            renders.add((double) (s - message));
                        }
                    }
                    arrivals.addAll(changeArrivals);
                    perChangeMax.add(max);
                    log.printf("push: change %d (SLURM job %s CANCELLED): in %d tabs after %.0f..%.0f ms; push message "
                                    + "arrived after %s ms%n", k, slurmId, tabs.size(),
                            seen.stream().mapToDouble(s -> s - stored).min().orElse(0), max,
                            changeArrivals.isEmpty() ? "?" : Stats.describe(changeArrivals));
                    PortalJar.sleep(500);
                }
                long messages = 0;
                for (String tab : tabs) {
                    JsonNode n = chromium.evaluate(tab, "window.__mcWs ? window.__mcWs.count : 0");
                    messages += n == null ? 0 : n.asLong();
                }
                return new Result(latencies, sessions, changes, perChangeMax, arrivals, renders, messages);
            }
        } finally {
            HeldJobs.cancel(ssh, slurmIds, "push", log);
        }
    }

    /** When the poller stored the job's CANCELLED state (epoch ms), read from the jar's SQLite file. */
    private long changedAt(String jobId) throws Exception {
        String url = "jdbc:sqlite:" + dataDir.resolve("missioncontrol.db").toAbsolutePath() + "?open_mode=1";
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement(
                     "select changed_at from job_status_history where job_id = ? and status = 'CANCELLED'")) {
            ps.setString(1, jobId);
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return rs.getTimestamp(1).getTime();
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no CANCELLED row in job_status_history for job " + jobId);
                }
                PortalJar.sleep(50);
            }
        }
    }
}
