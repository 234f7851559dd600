package io.missioncontrol.job.monitor;

import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.base.NotFoundException;
import io.missioncontrol.base.UnavailableException;
import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.ClusterService;
import io.missioncontrol.cluster.ssh.RemoteFileException;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobRepository;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;

/**
 * Reads a job's stdout and stderr over SFTP, a slice at a time: the last lines ({@link #tail}) or the bytes from
 * an offset on ({@link #read}). Never reads more than the asked byte limit, so a 50 MB log costs only the slice.
 * The text read is scanned for the W&amp;B run URL, which is stored once.
 */
@Service
public class JobLogs {

    /** Bytes a read returns by default. */
    public static final int DEFAULT_MAX_BYTES = 256 * 1024;
    /** Most bytes one read may return. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;
    /** First window a tail reads from the end; it grows fourfold until enough lines are found. */
    static final int TAIL_WINDOW = 64 * 1024;

    public enum Stream {
        STDOUT, STDERR;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code stdout} or {@code stderr} (any case). */
        public static Stream parse(String text) {
            if (text == null || text.isBlank()) {
                return STDOUT;
            }
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("stream", "must be stdout or stderr, not '" + text + "'");
            }
        }
    }

    /**
     * A slice of a log.
     *
     * @param stream     stdout or stderr
     * @param path       the remote file ({@code null} when the job has no log path yet)
     * @param offset     byte offset of the first byte of {@code content}
     * @param nextOffset where to continue reading to follow the log
     * @param size       the file's size when read
     * @param content    the text (UTF-8; a character cut by the limit is left for the next read)
     * @param truncated  tail: the byte limit cut the lines short; offset read: more bytes follow {@code nextOffset}
     * @param exists     whether the file exists (a pending job has no log yet)
     */
    public record LogChunk(String stream, String path, long offset, long nextOffset, long size, String content,
                           boolean truncated, boolean exists) {

        static LogChunk missing(Stream stream, String path, long offset) {
            return new LogChunk(stream.key(), path, offset, offset, 0, "", false, false);
        }
    }

    private final JobRepository jobs;
    private final ClusterService clusters;

    public JobLogs(JobRepository jobs, ClusterService clusters) {
        this.jobs = jobs;
        this.clusters = clusters;
    }

    /** The remote path of a job's stream: as stored, else the launch convention {@code <jobDir>/.missioncontrol/slurm-<id>.out|err}. */
    public static Optional<String> path(Job job, Stream stream) {
        String stored = stream == Stream.STDOUT ? job.getStdoutPath() : job.getStderrPath();
        if (stored != null && !stored.isBlank()) {
            return Optional.of(stored);
        }
        if (job.getJobDir() != null && job.getSlurmJobId() != null) {
            return Optional.of(job.getJobDir() + "/.missioncontrol/slurm-" + job.getSlurmJobId()
                    + (stream == Stream.STDOUT ? ".out" : ".err"));
        }
        return Optional.empty();
    }

    /** The last {@code lines} lines (at most {@code maxBytes} bytes from the end). */
    public LogChunk tail(String jobId, Stream stream, int lines, int maxBytes) {
        if (lines < 1 || lines > 100_000) {
            throw new InvalidInputException("tail", "must be between 1 and 100000 lines");
        }
        int limit = checkMaxBytes(maxBytes);
        Job job = job(jobId);
        Optional<String> path = path(job, stream);
        if (path.isEmpty()) {
            return LogChunk.missing(stream, null, 0);
        }
        ClusterDefinition cluster = clusters.require(job.getCluster());
        String file = path.get();
        Optional<Long> size = fileOp(cluster, () -> clusters.remote().size(cluster, file));
        if (size.isEmpty()) {
            return LogChunk.missing(stream, file, 0);
        }
        long end = size.get();
        // read backwards in growing windows until enough line breaks are found or the limit is reached
        byte[] window = new byte[0];
        long windowStart = end;
        long start = -1;
        int step = TAIL_WINDOW;
        while (start < 0 && windowStart > 0 && end - windowStart < limit) {
            long want = Math.min(Math.min(step, limit - (end - windowStart)), windowStart);
            long from = windowStart - want;
            byte[] part = fileOp(cluster, () -> clusters.remote().readRange(cluster, file, from, (int) want))
                    .orElse(new byte[0]);
            window = concat(part, window);
            windowStart = from;
            start = lineStart(window, windowStart, end, lines);
            step *= 4;
        }
        boolean truncated = false;
        if (start < 0) {
            start = windowStart;
            truncated = windowStart > 0;
        }
        int skip = (int) (start - windowStart);
        if (truncated) {
            while (skip < window.length && (window[skip] & 0xC0) == 0x80) {
                skip++; // do not start inside a UTF-8 sequence
            }
        }
        String content = new String(window, skip, window.length - skip, StandardCharsets.UTF_8);
        scanForLinks(job, content);
        return new LogChunk(stream.key(), file, windowStart + skip, windowStart + window.length, end, content,
                truncated, true);
    }

    /** Up to {@code maxBytes} bytes from {@code offset} on. Reads nothing when the file has not grown. */
    public LogChunk read(String jobId, Stream stream, long offset, int maxBytes) {
        if (offset < 0) {
            throw new InvalidInputException("offset", "must be 0 or more");
        }
        int limit = checkMaxBytes(maxBytes);
        Job job = job(jobId);
        Optional<String> path = path(job, stream);
        if (path.isEmpty()) {
            return LogChunk.missing(stream, null, offset);
        }
        ClusterDefinition cluster = clusters.require(job.getCluster());
        String file = path.get();
        Optional<Long> size = fileOp(cluster, () -> clusters.remote().size(cluster, file));
        if (size.isEmpty()) {
            return LogChunk.missing(stream, file, offset);
        }
        long end = size.get();
        if (offset >= end) {
            return new LogChunk(stream.key(), file, offset, offset, end, "", false, true);
        }
        int want = (int) Math.min(limit, end - offset);
        byte[] bytes = fileOp(cluster, () -> clusters.remote().readRange(cluster, file, offset, want))
                .orElse(new byte[0]);
        int usable = completeUtf8Length(bytes, offset + bytes.length < end);
        String content = new String(bytes, 0, usable, StandardCharsets.UTF_8);
        scanForLinks(job, content);
        long next = offset + usable;
        return new LogChunk(stream.key(), file, offset, next, end, content, next < end, true);
    }

    /** Stores the W&amp;B run URL if {@code text} shows one and the job has none yet. Returns the job's URL. */
    public Optional<String> scanForLinks(Job job, String text) {
        if (job.getWandbRunUrl() != null) {
            return Optional.of(job.getWandbRunUrl());
        }
        Optional<String> url = WandbLinks.find(text);
        url.ifPresent(u -> {
            if (jobs.storeWandbRunUrlOnce(job.getId(), u) > 0) {
                job.setWandbRunUrl(u);
            }
        });
        return url;
    }

    /** Stores a W&amp;B run URL found elsewhere (e.g. across two reads) unless the job has one; true if stored. */
    public boolean storeWandbRunUrl(String jobId, String url) {
        return jobs.storeWandbRunUrlOnce(jobId, url) > 0;
    }

    private Job job(String jobId) {
        return jobs.findById(jobId).orElseThrow(() -> new NotFoundException("No job with id '" + jobId + "'"));
    }

    private static int checkMaxBytes(int maxBytes) {
        if (maxBytes < 1 || maxBytes > MAX_BYTES) {
            throw new InvalidInputException("max_bytes", "must be between 1 and " + MAX_BYTES);
        }
        return maxBytes;
    }

    /** Runs a file operation; a missing file gives empty, other failures an {@link UnavailableException}. */
    private <T> Optional<T> fileOp(ClusterDefinition cluster, Supplier<T> op) {
        try {
            return Optional.of(clusters.ask(cluster, op));
        } catch (UnavailableException e) {
            if (e.getCause() instanceof RemoteFileException rfe && rfe.reason() == RemoteFileException.Reason.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Offset of the first byte of the last {@code lines} lines in {@code window} (which holds the file's bytes
     * from {@code windowStart} to {@code end}), or -1 when the window does not reach back that far. A final
     * line break does not start an empty line.
     */
    static long lineStart(byte[] window, long windowStart, long end, int lines) {
        int found = 0;
        for (int i = window.length - 1; i >= 0; i--) {
            if (window[i] == '\n' && windowStart + i != end - 1) {
                found++;
                if (found == lines) {
                    return windowStart + i + 1;
                }
            }
        }
        return windowStart == 0 ? 0 : -1;
    }

    /** Length of {@code bytes} without a trailing, incomplete UTF-8 sequence (only when more bytes follow). */
    static int completeUtf8Length(byte[] bytes, boolean moreFollows) {
        if (!moreFollows || bytes.length == 0) {
            return bytes.length;
        }
        int i = bytes.length - 1;
        int back = 0;
        while (i >= 0 && back < 4 && (bytes[i] & 0xC0) == 0x80) {
            i--;
            back++;
        }
        if (i < 0) {
            return bytes.length;
        }
        int lead = bytes[i] & 0xFF;
        int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return back + 1 < need ? i : bytes.length;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
