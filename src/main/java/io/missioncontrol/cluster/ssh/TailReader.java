package io.missioncontrol.cluster.ssh;

import io.missioncontrol.cluster.LogTail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Finds the last lines of a file by reading it backwards in chunks, so that a multi-gigabyte log costs only
 * the bytes of its tail. Pure: the bytes come from a {@link RangeReader}.
 */
public final class TailReader {

    /** Reads up to {@code length} bytes at {@code offset} into {@code buffer}; returns the count, -1 at end of file. */
    @FunctionalInterface
    public interface RangeReader {
        int read(long offset, byte[] buffer, int length) throws IOException;
    }

    public static final int DEFAULT_CHUNK = 64 * 1024;

    private TailReader() {
    }

    /**
     * @param size     the file's size
     * @param lines    how many lines to return (a final line terminator does not start an empty line)
     * @param maxBytes read at most this many bytes from the end
     * @param chunk    bytes per read
     */
    public static LogTail lastLines(RangeReader reader, long size, int lines, int maxBytes, int chunk)
            throws IOException {
        if (lines < 0 || maxBytes < 0 || chunk < 1) {
            throw new IllegalArgumentException("lines and maxBytes must be >= 0, chunk >= 1");
        }
        if (lines == 0 || size == 0 || maxBytes == 0) {
            return LogTail.empty(size);
        }
        long limit = Math.max(0, size - maxBytes);
        Deque<byte[]> chunks = new ArrayDeque<>();
        long pos = size;
        int newlines = 0;
        long start = -1;          // offset of the first byte to return
        while (pos > limit && start < 0) {
            int len = (int) Math.min(chunk, pos - limit);
            long offset = pos - len;
            byte[] buf = readFully(reader, offset, len);
            chunks.addFirst(buf);
            for (int i = buf.length - 1; i >= 0; i--) {
                if (buf[i] == '\n' && offset + i != size - 1) { // a final terminator ends the last line
                    newlines++;
                    if (newlines == lines) {
                        start = offset + i + 1;
                        break;
                    }
                }
            }
            pos = offset;
        }
        boolean truncated = false;
        if (start < 0) {
            start = pos;
            truncated = pos > 0;
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        long chunkOffset = pos;
        for (byte[] c : chunks) {
            long from = Math.max(start, chunkOffset);
            if (from < chunkOffset + c.length) {
                all.write(c, (int) (from - chunkOffset), (int) (chunkOffset + c.length - from));
            }
            chunkOffset += c.length;
        }
        byte[] bytes = all.toByteArray();
        int skip = 0;
        if (truncated) {
            while (skip < bytes.length && (bytes[skip] & 0xC0) == 0x80) {
                skip++; // do not start inside a UTF-8 sequence
            }
        }
        String raw = new String(bytes, skip, bytes.length - skip, StandardCharsets.UTF_8);
        String text = raw;
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            out.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
        if (out.size() > lines) {
            out = out.subList(out.size() - lines, out.size());
        }
        return new LogTail(out, size, truncated, start + skip, start + bytes.length, raw);
    }

    private static byte[] readFully(RangeReader reader, long offset, int len) throws IOException {
        byte[] buf = new byte[len];
        int filled = 0;
        while (filled < len) {
            byte[] part = filled == 0 ? buf : new byte[len - filled];
            int n = reader.read(offset + filled, part, len - filled);
            if (n < 0) {
                break; // file shrank meanwhile
            }
            if (part != buf) {
                System.arraycopy(part, 0, buf, filled, n);
            }
            filled += n;
        }
        if (filled < len) {
            byte[] shorter = new byte[filled];
            System.arraycopy(buf, 0, shorter, 0, filled);
            return shorter;
        }
        return buf;
    }
}
