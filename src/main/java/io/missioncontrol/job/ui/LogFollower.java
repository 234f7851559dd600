package io.missioncontrol.job.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import io.missioncontrol.base.NotFoundException;
import io.missioncontrol.base.UnavailableException;
import io.missioncontrol.job.monitor.JobLogs;
import io.missioncontrol.job.monitor.JobLogs.LogChunk;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a job's logs for one open job page, on its own virtual thread: the selected stream first gets its
 * last lines, then, while the job is active, only the bytes written since the last offset, every
 * {@link #period}. After the job ends each stream is read once more, then nothing is asked any more. Reads
 * happen outside the UI lock; the text reaches the page through {@code UI.access} (push).
 */
final class LogFollower {

    private static final Logger log = LoggerFactory.getLogger(LogFollower.class);

    /** Lines shown when a stream is first opened. */
    static final int INITIAL_LINES = 500;
    /** Bytes read per tick at most (a chatty job catches up over several ticks). */
    static final int BYTES_PER_TICK = 256 * 1024;
    /** While no W&amp;B link is known, the stream not shown is read every this many rounds. */
    static final int OTHER_STREAM_EVERY = 5;

    private final class StreamState {
        final LogViewer viewer;
        long offset;
        boolean loaded;
        boolean finalReadDone;
        String lastError;

        StreamState(LogViewer viewer) {
            this.viewer = viewer;
        }
    }

    private final UI ui;
    private final JobLogs logs;
    private final String jobId;
    private final Duration period;
    private final Consumer<String> onWandbUrl;
    private final Map<JobLogs.Stream, StreamState> streams = new EnumMap<>(JobLogs.Stream.class);
    private final Semaphore wake = new Semaphore(0);
    private volatile JobLogs.Stream selected = JobLogs.Stream.STDOUT;
    private volatile boolean jobActive;
    private volatile boolean stopped;
    private volatile boolean wandbKnown;
    private int ticks;
    private Thread thread;

    LogFollower(UI ui, JobLogs logs, String jobId, boolean jobActive, boolean wandbKnown, LogViewer stdout,
                LogViewer stderr, Duration period, Consumer<String> onWandbUrl) {
        this.ui = ui;
        this.logs = logs;
        this.jobId = jobId;
        this.jobActive = jobActive;
        this.wandbKnown = wandbKnown;
        this.period = period;
        this.onWandbUrl = onWandbUrl;
        streams.put(JobLogs.Stream.STDOUT, new StreamState(stdout));
        streams.put(JobLogs.Stream.STDERR, new StreamState(stderr));
    }

    void start() {
        thread = Thread.ofVirtual().name("log-follower-" + jobId).start(this::loop);
    }

    void stop() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Shows the other stream; it is loaded at once. */
    void select(JobLogs.Stream stream) {
        selected = stream;
        wake.release();
    }

    /** The job moved to another state; after it ends every stream is read one last time. */
    void jobActive(boolean active) {
        jobActive = active;
        wake.release();
    }

    private void loop() {
        try {
            while (!stopped) {
                if (ui.isClosing() || !ui.isAttached()) {
                    return; // the page is gone without a detach (e.g. the session expired)
                }
                tick();
                wake.tryAcquire(period.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (UIDetachedException e) {
            // the page was closed
        }
    }

    /**
     * One round: load or continue the selected stream; every {@value #OTHER_STREAM_EVERY} rounds the other one
     * too while no W&amp;B link is known (wandb writes it to stderr, which may not be the tab shown).
     */
    void tick() {
        JobLogs.Stream shown = selected;
        follow(shown);
        if (!wandbKnown && ticks++ % OTHER_STREAM_EVERY == 0) {
            follow(shown == JobLogs.Stream.STDOUT ? JobLogs.Stream.STDERR : JobLogs.Stream.STDOUT);
        }
    }

    private void follow(JobLogs.Stream stream) {
        StreamState s = streams.get(stream);
        boolean active = jobActive;
        if (s.loaded && !active && s.finalReadDone) {
            return; // the job ended and everything was read: nothing will change any more
        }
        try {
            if (!s.loaded) {
                LogChunk chunk = logs.tail(jobId, stream, INITIAL_LINES, JobLogs.DEFAULT_MAX_BYTES);
                if (!chunk.exists()) {
                    show(s, null, noFileYet(chunk), false);
                    if (!active) {
                        s.loaded = true;
                        s.finalReadDone = true;
                    }
                    return;
                }
                s.loaded = true;
                s.offset = chunk.nextOffset();
                s.finalReadDone = !active;
                wandb(chunk);
                show(s, chunk.content(), describe(chunk, true), true);
            } else {
                LogChunk chunk = logs.read(jobId, stream, s.offset, BYTES_PER_TICK);
                if (chunk.size() < s.offset) {
                    // the file shrank: SLURM truncates the logs of a requeued job; show the new run from the start
                    s.loaded = false;
                    follow(stream);
                    return;
                }
                wandb(chunk);
                if (!active) {
                    s.finalReadDone = !chunk.truncated();
                }
                if (chunk.nextOffset() != s.offset || s.lastError != null) {
                    s.offset = chunk.nextOffset();
                    show(s, chunk.content(), describe(chunk, false), false);
                }
            }
            s.lastError = null;
        } catch (UnavailableException | NotFoundException e) {
            if (!e.getMessage().equals(s.lastError)) {
                s.lastError = e.getMessage();
                String text = "Cannot read the log right now: " + e.getMessage();
                access(() -> s.viewer.setStatus(text));
            }
        } catch (RuntimeException e) {
            log.warn("Following the log of job {} failed", jobId, e);
            String text = "Cannot read the log: " + e.getClass().getSimpleName();
            access(() -> s.viewer.setStatus(text));
        }
    }

    /** JobLogs scans what it reads (a link split across two reads included) and stores the link: show it. */
    private void wandb(LogChunk chunk) {
        String url = chunk.wandbRunUrl();
        if (url != null && !wandbKnown) {
            wandbKnown = true;
            access(() -> onWandbUrl.accept(url));
        }
    }

    private void show(StreamState s, String content, String status, boolean replace) {
        access(() -> {
            if (replace) {
                s.viewer.reset(content);
            } else if (content != null) {
                s.viewer.append(content);
            }
            s.viewer.setStatus(status);
        });
    }

    private String describe(LogChunk chunk, boolean first) {
        String where = chunk.path() + " · " + human(chunk.size());
        if (first && chunk.offset() > 0) {
            where += " · showing the last " + INITIAL_LINES + " lines";
        }
        return where + (jobActive ? " · following" : "");
    }

    private static String noFileYet(LogChunk chunk) {
        return chunk.path() == null ? "This job has no log file (it never reached SLURM)."
                : "No output yet: " + chunk.path() + " does not exist (the job has not started writing).";
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format("%.1f KiB", bytes / 1024.0);
        }
        return String.format("%.1f MiB", bytes / (1024.0 * 1024));
    }

    /** Runs on the UI only if still following: checked inside the UI lock, so a queued update from a
     *  follower stopped meanwhile (the view moved to another job) never lands on the new job's page. */
    private void access(com.vaadin.flow.server.Command command) {
        if (!stopped) {
            ui.access(() -> {
                if (!stopped) {
                    command.execute();
                }
            });
        }
    }
}
