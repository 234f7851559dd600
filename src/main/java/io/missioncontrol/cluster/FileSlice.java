package io.missioncontrol.cluster;

/**
 * A slice of a remote file and the file's length, read with one open.
 *
 * @param fileSize the file's length when it was opened
 * @param offset   the file offset of the first byte of {@code bytes}
 * @param bytes    the bytes read (empty when the file did not reach past the asked offset)
 */
public record FileSlice(long fileSize, long offset, byte[] bytes) {
}
