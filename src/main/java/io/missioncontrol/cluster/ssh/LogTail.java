package io.missioncontrol.cluster.ssh;

import java.util.List;

/**
 * The last lines of a remote file.
 *
 * @param lines     the lines, oldest first, without line terminators
 * @param fileSize  size of the file when it was read: read on from here to follow it
 * @param truncated true when the byte limit stopped the read before enough lines were found (the first line
 *                  may then be partial)
 */
public record LogTail(List<String> lines, long fileSize, boolean truncated) {

    public LogTail {
        lines = List.copyOf(lines);
    }
}
