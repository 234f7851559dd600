package io.missioncontrol.cluster.ssh;

import io.missioncontrol.base.ShellQuoting;
import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.FileSlice;
import io.missioncontrol.cluster.LogTail;
import io.missioncontrol.cluster.RemoteFileException;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.Base64;

/**
 * File access for a sudo login: SFTP would read and write as the service account, so files move through
 * commands that {@link RemoteExec} runs as the member ({@code sudo -n -u <member> -- /bin/sh -c …}). Uploads
 * stream the content to {@code cat > path} on standard input; reads print the file's size and a base64-encoded
 * range ({@code tail -c +N | head -c M}), so bytes survive exactly and a read never takes more than asked.
 * Paths are positional shell parameters, never spliced into the script.
 */
final class SudoFiles {

    /** Raw bytes per read command (base64 makes a third more; well under the output limit). */
    static final int READ_CHUNK = 4 * 1024 * 1024;
    private static final int NOT_FOUND = 44;
    private static final int DENIED = 45;
    private static final int NOT_A_FILE = 46;

    private static final String UPLOAD = "mkdir -p -- \"$1\" && cat > \"$2\"";
    private static final String READ = """
            f=$1; off=$2; len=$3
            if [ ! -e "$f" ]; then echo "no such file or folder" >&2; exit 44; fi
            if [ ! -f "$f" ]; then echo "not a regular file" >&2; exit 46; fi
            if [ ! -r "$f" ]; then echo "permission denied" >&2; exit 45; fi
            size=$(stat -c %s -- "$f") || exit 46
            if [ "$off" -lt 0 ]; then off=$((size + off)); if [ "$off" -lt 0 ]; then off=0; fi; fi
            echo "$size $off"
            if [ "$len" -gt 0 ] && [ "$off" -lt "$size" ]; then
              tail -c +"$((off + 1))" -- "$f" | head -c "$len" | base64 -w 0
            fi
            """;

    /** A range read: the file's size when looked at, where the bytes start, the bytes. */
    record Range(long size, long from, byte[] bytes) {
    }

    private final RemoteExec remote;

    SudoFiles(RemoteExec remote) {
        this.remote = remote;
    }

    /** {@code line} as a command line run by {@code member} through sudo (no password: {@code -n}). */
    static String asMember(String member, String line) {
        return "sudo -n -u " + ShellQuoting.quote(member) + " -- /bin/sh -c " + ShellQuoting.quote(line);
    }

    void upload(ClusterDefinition cluster, InputStream content, long size, String remotePath) {
        int slash = remotePath.lastIndexOf('/');
        String parent = slash > 0 ? remotePath.substring(0, slash) : slash == 0 ? "/" : ".";
        // one extra second per MiB on top of the command timeout: a bundle streams through stdin
        Duration timeout = remote.pool().settings().commandTimeout().plusSeconds(size / (1024 * 1024));
        ExecResult result = remote.execStreaming(cluster,
                RemoteCommand.of("sh").args("-c", UPLOAD, "sh", parent, remotePath), timeout, content);
        if (!result.isSuccess()) {
            throw failure(cluster, "upload to", remotePath, result);
        }
    }

    /** Size and up to {@code maxBytes} bytes from {@code offset} (negative: that many bytes before the end). */
    Range read(ClusterDefinition cluster, String remotePath, long offset, int maxBytes) {
        Range first = readOnce(cluster, remotePath, offset, Math.min(maxBytes, READ_CHUNK));
        if (maxBytes <= READ_CHUNK || first.bytes().length < READ_CHUNK) {
            return first;
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(first.bytes());
        while (all.size() < maxBytes) {
            Range next = readOnce(cluster, remotePath, first.from() + all.size(),
                    Math.min(maxBytes - all.size(), READ_CHUNK));
            all.writeBytes(next.bytes());
            if (next.bytes().length < READ_CHUNK) {
                break;
            }
        }
        return new Range(first.size(), first.from(), all.toByteArray());
    }

    FileSlice readFrom(ClusterDefinition cluster, String remotePath, long offset, int maxBytes, int lookBehind) {
        Range size = read(cluster, remotePath, 0, 0);
        if (offset >= size.size() || maxBytes == 0) {
            return new FileSlice(size.size(), offset, new byte[0]);
        }
        long from = Math.max(0, offset - lookBehind);
        Range range = read(cluster, remotePath, from, (int) (offset - from) + maxBytes);
        return new FileSlice(size.size(), from, range.bytes());
    }

    /** The last lines: one command for the size and the last chunk; more only when the lines reach further back. */
    LogTail tail(ClusterDefinition cluster, String remotePath, int lines, int maxBytes) {
        Range last = read(cluster, remotePath, -TailReader.DEFAULT_CHUNK, TailReader.DEFAULT_CHUNK);
        try {
            return TailReader.lastLines((off, buf, len) -> {
                long inLast = off - last.from();
                if (inLast >= 0 && inLast + len <= last.bytes().length) {
                    System.arraycopy(last.bytes(), (int) inLast, buf, 0, len);
                    return len;
                }
                byte[] got = read(cluster, remotePath, off, len).bytes();
                System.arraycopy(got, 0, buf, 0, got.length);
                return got.length;
            }, last.size(), lines, maxBytes, TailReader.DEFAULT_CHUNK);
        } catch (java.io.IOException e) {
            throw new RemoteCommandException(cluster.name(), "reading " + remotePath + " failed: " + e.getMessage(), e);
        }
    }

    private Range readOnce(ClusterDefinition cluster, String remotePath, long offset, int len) {
        ExecResult result = remote.exec(cluster, RemoteCommand.of("sh").args("-c", READ, "sh", remotePath,
                Long.toString(offset), Integer.toString(len)));
        if (!result.isSuccess()) {
            throw failure(cluster, "read", remotePath, result);
        }
        String out = result.stdout();
        int eol = out.indexOf('\n');
        String[] head = (eol < 0 ? out : out.substring(0, eol)).strip().split(" ");
        try {
            long size = Long.parseLong(head[0]);
            long from = Long.parseLong(head[1]);
            byte[] bytes = eol < 0 ? new byte[0] : Base64.getDecoder().decode(out.substring(eol + 1).strip());
            return new Range(size, from, bytes);
        } catch (RuntimeException e) {
            throw new RemoteCommandException(cluster.name(), "reading " + remotePath + " as " + cluster.account()
                    + " gave an unexpected answer", e);
        }
    }

    private static RemoteFileException failure(ClusterDefinition cluster, String what, String path,
                                               ExecResult result) {
        String err = result.errorText();
        RemoteFileException.Reason reason = switch (result.exitCode()) {
            case NOT_FOUND -> RemoteFileException.Reason.NOT_FOUND;
            case DENIED -> RemoteFileException.Reason.PERMISSION_DENIED;
            default -> err.contains("Permission denied") ? RemoteFileException.Reason.PERMISSION_DENIED
                    : err.contains("No such file") ? RemoteFileException.Reason.NOT_FOUND
                    : RemoteFileException.Reason.OTHER;
        };
        String text = switch (reason) {
            case NOT_FOUND -> "no such file or folder";
            case PERMISSION_DENIED -> "permission denied for user " + cluster.account();
            case OTHER -> result.exitCode() == NOT_A_FILE ? "not a regular file"
                    : err.isBlank() ? "exit code " + result.exitCode() : err;
        };
        return new RemoteFileException(cluster.name(), path, reason, "cluster '" + cluster.name() + "': " + what
                + " " + path + " as " + cluster.account() + " (sudo) failed: " + text, null);
    }
}
