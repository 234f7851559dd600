package io.missioncontrol.cluster;

import java.util.List;

/**
 * The last lines of a remote file.
 *
 * @param lines     the lines, oldest first, without line terminators
 * @param fileSize  size of the file when it was read: read on from here to follow it
 * @param truncated true when the byte limit stopped the read before enough lines were found (the first line
 *                  may then be partial)
 * @param offset    byte offset in the file of the first byte of {@code text}
 * @param end       byte offset just after the last byte of {@code text} (the file's size unless it shrank
 *                  during the read)
 * @param text      the same lines as read, terminators included (UTF-8 decoded; never starts inside a
 *                  character)
 */
public record LogTail(List<String> lines, long fileSize, boolean truncated, long offset, long end, String text) {

    public LogTail {
        lines = List.copyOf(lines);
    }

    /** Nothing read: the file has no lines (or none were asked for). */
    public static LogTail empty(long fileSize) {
        return new LogTail(List.of(), fileSize, false, fileSize, fileSize, "");
    }
}
