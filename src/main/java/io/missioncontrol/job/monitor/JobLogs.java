package io.missioncontrol.job.monitor;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.base.NotFoundException;
import io.missioncontrol.base.UnavailableException;
import io.missioncontrol.cluster.ClusterGateway;
import io.missioncontrol.cluster.ClusterIdentity;
import io.missioncontrol.cluster.FileSlice;
import io.missioncontrol.cluster.LogTail;
import io.missioncontrol.cluster.RemoteFileException;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobRepository;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;

/**
 * Reads a job's stdout and stderr over SFTP, a slice at a time: the last lines ({@link #tail}) or the bytes from
 * an offset on ({@link #read}). Never reads more than the asked byte limit, so a 50 MB log costs only the slice.
 * The text read is scanned for the W&amp;B run URL, which is stored once and reported in each {@link LogChunk}.
 */
@Service
public class JobLogs {

    /** Bytes a read returns by default. */
    public static final int DEFAULT_MAX_BYTES = 256 * 1024;
    /** Most bytes one read may return. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;
    /** Bytes before a read's offset re-read for the W&amp;B scan while the job has no link. */
    static final int LOOK_BEHIND = 4096;

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
     * @param wandbRunUrl the job's W&amp;B run URL if known (found in this read or before), else {@code null};
     *                   not part of the REST answer (the job itself carries {@code wandb_run_url})
     */
    public record LogChunk(String stream, String path, long offset, long nextOffset, long size, String content,
                           boolean truncated, boolean exists, @JsonIgnore String wandbRunUrl) {

        static LogChunk missing(Stream stream, String path, long offset, String wandbRunUrl) {
            return new LogChunk(stream.key(), path, offset, offset, 0, "", false, false, wandbRunUrl);
        }
    }

    private final JobRepository jobs;
    private final ClusterGateway clusters;

    public JobLogs(JobRepository jobs, ClusterGateway clusters) {
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

    /** The last {@code lines} lines (at most {@code maxBytes} bytes from the end), read with one SFTP open. */
    public LogChunk tail(String jobId, Stream stream, int lines, int maxBytes) {
        if (lines < 1 || lines > 100_000) {
            throw new InvalidInputException("tail", "must be between 1 and 100000 lines");
        }
        int limit = checkMaxBytes(maxBytes);
        Job job = job(jobId);
        Optional<String> path = path(job, stream);
        if (path.isEmpty()) {
            return LogChunk.missing(stream, null, 0, job.getWandbRunUrl());
        }
        ClusterIdentity who = clusters.serviceAccount(job.getCluster());
        String file = path.get();
        Optional<LogTail> tail = fileOp(() -> clusters.tail(who, file, lines, limit));
        if (tail.isEmpty()) {
            return LogChunk.missing(stream, file, 0, job.getWandbRunUrl());
        }
        LogTail t = tail.get();
        String url = scanForLinks(job, t.text()).orElse(null);
        return new LogChunk(stream.key(), file, t.offset(), t.end(), t.fileSize(), t.text(), t.truncated(), true,
                url);
    }

    /**
     * Up to {@code maxBytes} bytes from {@code offset} on, read with one SFTP open. Reads nothing when the file
     * has not grown. While the job has no W&amp;B link, the unfinished line before {@code offset} is re-read
     * (at most {@value #LOOK_BEHIND} bytes) so that a link split across two reads is still found.
     */
    public LogChunk read(String jobId, Stream stream, long offset, int maxBytes) {
        if (offset < 0) {
            throw new InvalidInputException("offset", "must be 0 or more");
        }
        int limit = checkMaxBytes(maxBytes);
        Job job = job(jobId);
        Optional<String> path = path(job, stream);
        if (path.isEmpty()) {
            return LogChunk.missing(stream, null, offset, job.getWandbRunUrl());
        }
        ClusterIdentity who = clusters.serviceAccount(job.getCluster());
        String file = path.get();
        int behind = job.getWandbRunUrl() == null ? LOOK_BEHIND : 0;
        Optional<FileSlice> slice = fileOp(() -> clusters.readFrom(who, file, offset, limit, behind));
        if (slice.isEmpty()) {
            return LogChunk.missing(stream, file, offset, job.getWandbRunUrl());
        }
        long end = slice.get().fileSize();
        if (offset >= end) {
            return new LogChunk(stream.key(), file, offset, offset, end, "", false, true, job.getWandbRunUrl());
        }
        byte[] all = slice.get().bytes();
        int before = (int) (offset - slice.get().offset());
        byte[] bytes = Arrays.copyOfRange(all, before, all.length);
        int usable = completeUtf8Length(bytes, offset + bytes.length < end);
        String content = new String(bytes, 0, usable, StandardCharsets.UTF_8);
        String url = scanForLinks(job, before == 0 ? content
                : unfinishedLine(all, before) + content).orElse(null);
        long next = offset + usable;
        return new LogChunk(stream.key(), file, offset, next, end, content, next < end, true, url);
    }

    /**
     * Stores the W&amp;B run URL if {@code text} shows one and the job has none yet. Returns the job's URL
     * (the one found, or the one stored before).
     */
    Optional<String> scanForLinks(Job job, String text) {
        if (job.getWandbRunUrl() != null) {
            return Optional.of(job.getWandbRunUrl());
        }
        Optional<String> url = WandbLinks.find(text);
        if (url.isPresent()) {
            if (jobs.storeWandbRunUrlOnce(job.getId(), url.get()) > 0) {
                job.setWandbRunUrl(url.get());
            } else {
                // another reader stored one first: report the stored one
                return jobs.findById(job.getId()).map(Job::getWandbRunUrl).or(() -> url);
            }
        }
        return url;
    }

    /**
     * The text of the last, unfinished line in {@code bytes[0, before)} (after its last line break; never
     * starting inside a UTF-8 sequence).
     */
    static String unfinishedLine(byte[] bytes, int before) {
        int from = before;
        while (from > 0 && bytes[from - 1] != '\n') {
            from--;
        }
        while (from < before && (bytes[from] & 0xC0) == 0x80) {
            from++;
        }
        return new String(bytes, from, before - from, StandardCharsets.UTF_8);
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
    private static <T> Optional<T> fileOp(Supplier<T> op) {
        try {
            return Optional.of(op.get());
        } catch (RemoteFileException e) {
            if (e.reason() == RemoteFileException.Reason.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
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
}
