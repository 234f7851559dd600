package io.missioncontrol.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The production jar on the 100,000-job database, with N browser sessions open on the dashboard: one headless
 * Chromium, each session in its own browser context (its own cookies, so its own HTTP and Vaadin session, as N
 * people would have), every one showing the jobs grid's rows. Then the jar's used heap after a full GC, read with jcmd.
 */
final class HeapBench {

    record Result(double idleMb, double sessionsMb, int sessions, String instances) {
    }

    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    /** How many job rows the dashboard's jobs grid shows (-1 before it exists). */
    private static final String GRID_ROWS = """
            (() => {
              const g = document.getElementById('dashboard-jobs');
              if (!g) { return -1; }
              return Array.from(g.querySelectorAll('vaadin-grid-cell-content'))
                  .filter(c => /^run-\\d{6}$/.test(c.textContent.trim())).length;
            })()""";

    private final Path jar;
    private final Path clustersFile;
    private final Path dataDir;
    private final Path work;
    private final PrintStream log;

    HeapBench(Path jar, Path clustersFile, Path dataDir, Path work, PrintStream log) {
        this.jar = jar;
        this.clustersFile = clustersFile;
        this.dataDir = dataDir;
        this.work = work;
        this.log = log;
    }

    Result run(int sessions) throws IOException {
        try (PortalJar portal = PortalJar.start(jar, clustersFile, dataDir, work.resolve("heap-portal.log"))) {
            double idle = usedAfterFullGc(portal.pid());
            log.printf("heap: jar pid %d on %s; used heap after full GC with no session: %.0f MB%n", portal.pid(),
                    dataDir, idle);
            String password = PortalJar.randomToken();
            portal.addMember("bench", password);
            try (Chromium chromium = Chromium.start(which("chromium", "chromium-browser"),
                    Files.createTempDirectory(work, "chromium-profile-"), work.resolve("chromium.log"))) {
                List<String> tabs = new ArrayList<>();
                for (int i = 0; i < sessions; i++) {
                    tabs.add(chromium.openSignedIn(portal.baseUrl(), "bench", password, "/"));
                }
                chromium.awaitAll(tabs, GRID_ROWS, 10, Duration.ofSeconds(120));
                PortalJar.sleep(2000); // let the last push/heartbeat round trips settle
                double used = usedAfterFullGc(portal.pid());
                String instances = instances(portal.pid());
                log.printf("heap: %d sessions on the dashboard: %.0f MB used after full GC; live %s%n", sessions,
                        used, instances);
                return new Result(idle, used, sessions, instances);
            }
        }
    }

    /** Used heap of the JVM {@code pid} after two full GCs (jcmd GC.run, then GC.heap_info). */
    static double usedAfterFullGc(long pid) {
        jcmd(pid, "GC.run");
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("cannot read the used heap from jcmd GC.heap_info:\n" + info);
        }
        return Long.parseLong(m.group(1)) / 1024.0;
    }

    /** Live instances of the classes that show how many sessions and views the server holds. */
    static String instances(long pid) {
        String histogram = jcmd(pid, "GC.class_histogram");
        List<String> out = new ArrayList<>();
        for (String cls : List.of("com.vaadin.flow.server.VaadinSession", "com.vaadin.flow.component.UI",
                "io.missioncontrol.dashboard.ui.DashboardView", "io.missioncontrol.job.JobSummary",
                "io.missioncontrol.job.Job")) {
            long count = 0;
            for (String line : histogram.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4 && f[3].equals(cls)) {
                    count = Long.parseLong(f[1]);
                }
            }
            out.add(cls.substring(cls.lastIndexOf('.') + 1) + "=" + count);
        }
        return String.join(", ", out);
    }

    static String jcmd(long pid, String command) {
        try {
            Process p = new ProcessBuilder(PortalJar.javaBinary("jcmd"), String.valueOf(pid), command)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run jcmd: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static String which(String... names) {
        for (String name : names) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        throw new IllegalStateException("none of " + List.of(names) + " is on the PATH (apt-get install chromium "
                + "chromium-driver)");
    }
}
