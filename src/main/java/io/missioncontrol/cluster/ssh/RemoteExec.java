package io.missioncontrol.cluster.ssh;

import io.missioncontrol.cluster.FileSlice;
import io.missioncontrol.cluster.LogTail;
import io.missioncontrol.cluster.RemoteFileException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.ClusterLogin;
import io.missioncontrol.cluster.ssh.ClusterUnreachableException.Reason;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.Response;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.sftp.SFTPException;
import net.schmizz.sshj.transport.TransportException;

/**
 * Runs commands and moves files on a cluster over its pooled connection. Every operation has a timeout;
 * commands are built with {@link RemoteCommand}, so every argument is quoted.
 *
 * <p>Under a sudo login ({@link ClusterLogin.Sudo}) every command runs as the member through
 * {@code sudo -n -u}, and files move through commands instead of SFTP (SFTP would act as the service account),
 * see {@link SudoFiles}.
 *
 * <p>Failures: {@link ClusterUnreachableException} when there is no connection (or it broke),
 * {@link RemoteCommandTimeoutException} when a command overran (its channel is then signalled and closed),
 * {@link RemoteFileException} for SFTP errors, {@link RemoteCommandException} for anything else. A non-zero
 * exit code is not an exception: it is in {@link ExecResult#exitCode()}.
 */
public final class RemoteExec {

    /** Largest slice {@link #readRange} returns. */
    public static final int MAX_RANGE = 16 * 1024 * 1024;

    private final SshConnectionPool pool;
    private final SudoFiles sudoFiles;

    public RemoteExec(SshConnectionPool pool) {
        this.pool = pool;
        this.sudoFiles = new SudoFiles(this);
    }

    public SshConnectionPool pool() {
        return pool;
    }

    /** Remote commands and SFTP sessions started on the cluster (see {@link SshConnectionPool#commandCount}). */
    public long commandCount(ClusterDefinition cluster) {
        return pool.commandCount(cluster);
    }

    /** Runs the command with the default command timeout. */
    public ExecResult exec(ClusterDefinition cluster, RemoteCommand command) {
        return exec(cluster, command, pool.settings().commandTimeout(), (byte[]) null);
    }

    public ExecResult exec(ClusterDefinition cluster, RemoteCommand command, Duration timeout) {
        return exec(cluster, command, timeout, (byte[]) null);
    }

    /**
     * Runs {@code command} through the remote user's shell on an exec channel (no login shell, no PTY).
     *
     * @param stdin bytes fed to the command's standard input, or {@code null}; the input is closed either way,
     *              so a command that reads stdin never waits for more
     */
    public ExecResult exec(ClusterDefinition cluster, RemoteCommand command, Duration timeout, byte[] stdin) {
        return execStreaming(cluster, command, timeout,
                stdin == null ? null : new java.io.ByteArrayInputStream(stdin));
    }

    /**
     * {@link #exec(ClusterDefinition, RemoteCommand, Duration, byte[])} with standard input streamed from
     * {@code stdin}. Under a sudo login the line runs as {@code sudo -n -u <member> -- /bin/sh -c '<line>'}.
     */
    ExecResult execStreaming(ClusterDefinition cluster, RemoteCommand command, Duration timeout, InputStream stdin) {
        String line = cluster.login() instanceof ClusterLogin.Sudo sudo
                ? SudoFiles.asMember(sudo.member(), command.render()) : command.render();
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        pool.acquireChannel(cluster, timeout);
        try {
            for (int attempt = 0; ; attempt++) {
                SSHClient client = pool.client(cluster);
                Session session;
                try {
                    session = client.startSession();
                } catch (ConnectionException | TransportException | IllegalStateException e) {
                    // nothing was sent yet: safe to reconnect and try once more
                    pool.invalidate(cluster, client);
                    if (attempt == 0) {
                        continue;
                    }
                    throw lost(cluster, e);
                }
                try {
                    return run(cluster, client, session, command.program(), line, stdin, started, deadline, timeout);
                } finally {
                    closeQuietly(session);
                }
            }
        } finally {
            pool.releaseChannel(cluster);
        }
    }

    private ExecResult run(ClusterDefinition cluster, SSHClient client, Session session, String program, String line,
                           InputStream stdin, long started, long deadline, Duration timeout) {
        Session.Command cmd;
        try {
            cmd = session.exec(line);
        } catch (ConnectionException | TransportException e) {
            pool.invalidate(cluster, client);
            throw lost(cluster, e);
        }
        pool.recordCommand(cluster, program);
        int max = pool.settings().maxOutputBytes();
        AtomicBoolean overflow = new AtomicBoolean();
        CompletableFuture<byte[]> out = drain(cmd.getInputStream(), max, overflow, cmd);
        CompletableFuture<byte[]> err = drain(cmd.getErrorStream(), max, overflow, cmd);
        try {
            try (OutputStream in = cmd.getOutputStream()) {
                if (stdin != null) {
                    stdin.transferTo(in);
                    in.flush();
                }
            }
            CompletableFuture.allOf(out, err).get(remainingMs(deadline), TimeUnit.MILLISECONDS);
            cmd.join(Math.max(1, remainingMs(deadline)), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            kill(cmd);
            throw new RemoteCommandTimeoutException(cluster.name(), line, timeout);
        } catch (ConnectionException e) {
            if (System.nanoTime() - deadline >= 0 || SshConnectionPool.rootCause(e) instanceof TimeoutException) {
                kill(cmd);
                throw new RemoteCommandTimeoutException(cluster.name(), line, timeout);
            }
            pool.invalidate(cluster, client);
            throw lost(cluster, e);
        } catch (IOException e) {
            pool.invalidate(cluster, client);
            throw lost(cluster, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(cmd);
            throw new RemoteCommandException(cluster.name(), "interrupted while running `" + line + "`", e);
        } catch (ExecutionException e) {
            if (!client.isConnected()) {
                pool.invalidate(cluster, client);
                throw lost(cluster, e.getCause());
            }
            throw new RemoteCommandException(cluster.name(), "reading the output of `" + line + "` failed: "
                    + SshConnectionPool.rootMessage(e), e.getCause());
        }
        if (overflow.get()) {
            throw new RemoteCommandException(cluster.name(), "`" + RemoteCommandTimeoutException.abbreviate(line)
                    + "` printed more than " + max + " bytes; it was stopped", null);
        }
        Integer status = cmd.getExitStatus();
        return new ExecResult(status == null ? -1 : status, utf8(out.join()), utf8(err.join()),
                Duration.ofNanos(System.nanoTime() - started));
    }

    private static CompletableFuture<byte[]> drain(InputStream in, int max, AtomicBoolean overflow,
                                                   Session.Command cmd) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread.ofVirtual().name("ssh-drain").start(() -> {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = new byte[16 * 1024];
            try {
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    if (buf.size() + n > max) {
                        overflow.set(true);
                        kill(cmd);
                        break;
                    }
                    buf.write(chunk, 0, n);
                }
                result.complete(buf.toByteArray());
            } catch (IOException e) {
                if (overflow.get()) {
                    result.complete(buf.toByteArray());
                } else {
                    result.completeExceptionally(e);
                }
            }
        });
        return result;
    }

    private static void kill(Session.Command cmd) {
        try {
            cmd.signal(Signal.KILL);
        } catch (IOException | RuntimeException ignored) {
            // the server may not support signals; closing the channel below still ends our side
        }
        try {
            cmd.close();
        } catch (IOException | RuntimeException ignored) {
            // already closed
        }
    }

    // ---- SFTP -----------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface SftpWork<T> {
        T apply(SFTPClient sftp) throws IOException;
    }

    private <T> T sftp(ClusterDefinition cluster, String what, String path, SftpWork<T> work) {
        Duration timeout = pool.settings().commandTimeout();
        pool.acquireChannel(cluster, timeout);
        try {
            for (int attempt = 0; ; attempt++) {
                SSHClient client = pool.client(cluster);
                SFTPClient sftp;
                try {
                    sftp = client.newSFTPClient();
                } catch (IOException | IllegalStateException e) {
                    pool.invalidate(cluster, client);
                    if (attempt == 0) {
                        continue;
                    }
                    throw lost(cluster, e);
                }
                pool.recordCommand(cluster, "sftp");
                try (sftp) {
                    sftp.getSFTPEngine().setTimeoutMs((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
                    return work.apply(sftp);
                } catch (SFTPException e) {
                    throw fileError(cluster, what, path, e);
                } catch (IOException e) {
                    if (!client.isConnected()) {
                        pool.invalidate(cluster, client);
                        throw lost(cluster, e);
                    }
                    throw new RemoteFileException(cluster.name(), path, RemoteFileException.Reason.OTHER,
                            "cluster '" + cluster.name() + "': " + what + " " + path + " failed: "
                                    + SshConnectionPool.rootMessage(e), e);
                }
            }
        } finally {
            pool.releaseChannel(cluster);
        }
    }

    /** Writes {@code content} to {@code remotePath} (replacing it), creating missing parent folders. */
    public void upload(ClusterDefinition cluster, byte[] content, String remotePath) {
        requirePath(remotePath);
        if (cluster.login() instanceof ClusterLogin.Sudo) {
            sudoFiles.upload(cluster, new java.io.ByteArrayInputStream(content), content.length, remotePath);
            return;
        }
        sftp(cluster, "upload to", remotePath, sftp -> {
            mkdirsForParent(sftp, remotePath);
            try (RemoteFile file = sftp.open(remotePath,
                    EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.TRUNC))) {
                int written = 0;
                while (written < content.length) {
                    int n = Math.min(32 * 1024, content.length - written);
                    file.write(written, content, written, n);
                    written += n;
                }
            }
            return null;
        });
    }

    /** Copies a local file to {@code remotePath} (replacing it), creating missing parent folders. */
    public void upload(ClusterDefinition cluster, Path local, String remotePath) {
        requirePath(remotePath);
        if (!Files.isRegularFile(local)) {
            throw new IllegalArgumentException("not a local file: " + local);
        }
        if (cluster.login() instanceof ClusterLogin.Sudo) {
            try (InputStream in = Files.newInputStream(local)) {
                sudoFiles.upload(cluster, in, Files.size(local), remotePath);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot read " + local, e);
            }
            return;
        }
        sftp(cluster, "upload to", remotePath, sftp -> {
            mkdirsForParent(sftp, remotePath);
            sftp.put(new net.schmizz.sshj.xfer.FileSystemFile(local.toFile()), remotePath);
            return null;
        });
    }

    /** Size in bytes of a remote file. */
    public long size(ClusterDefinition cluster, String remotePath) {
        requirePath(remotePath);
        if (cluster.login() instanceof ClusterLogin.Sudo) {
            return sudoFiles.read(cluster, remotePath, 0, 0).size();
        }
        return sftp(cluster, "size of", remotePath, sftp -> sftp.size(remotePath));
    }

    /**
     * Up to {@code maxBytes} bytes of a remote file from {@code offset}; fewer at the end of the file, none
     * past it. Never reads more than asked, so it is safe on huge logs.
     */
    public byte[] readRange(ClusterDefinition cluster, String remotePath, long offset, int maxBytes) {
        requirePath(remotePath);
        if (offset < 0 || maxBytes < 0 || maxBytes > MAX_RANGE) {
            throw new IllegalArgumentException("offset must be >= 0 and maxBytes 0-" + MAX_RANGE);
        }
        if (cluster.login() instanceof ClusterLogin.Sudo) {
            return sudoFiles.read(cluster, remotePath, offset, maxBytes).bytes();
        }
        return sftp(cluster, "read", remotePath, sftp -> {
            try (RemoteFile file = sftp.open(remotePath, EnumSet.of(OpenMode.READ))) {
                return read(file, offset, maxBytes);
            }
        });
    }

    /** {@link #readFrom(ClusterDefinition, String, long, int, int)} without look-behind. */
    public FileSlice readFrom(ClusterDefinition cluster, String remotePath, long offset, int maxBytes) {
        return readFrom(cluster, remotePath, offset, maxBytes, 0);
    }

    /**
     * Opens a remote file once for its length and, only if it reaches past {@code offset}, up to
     * {@code maxBytes} bytes from {@code offset} on, preceded by up to {@code lookBehind} bytes before
     * {@code offset} (so a caller can see the end of the line it stopped in). A file that has not grown costs
     * the open and nothing more.
     */
    public FileSlice readFrom(ClusterDefinition cluster, String remotePath, long offset, int maxBytes,
                              int lookBehind) {
        requirePath(remotePath);
        if (offset < 0 || maxBytes < 0 || lookBehind < 0 || (long) maxBytes + lookBehind > MAX_RANGE) {
            throw new IllegalArgumentException("offset must be >= 0 and maxBytes + lookBehind 0-" + MAX_RANGE);
        }
        if (cluster.login() instanceof ClusterLogin.Sudo) {
            return sudoFiles.readFrom(cluster, remotePath, offset, maxBytes, lookBehind);
        }
        return sftp(cluster, "read", remotePath, sftp -> {
            try (RemoteFile file = sftp.open(remotePath, EnumSet.of(OpenMode.READ))) {
                long size = file.length();
                if (offset >= size || maxBytes == 0) {
                    return new FileSlice(size, offset, new byte[0]);
                }
                long from = Math.max(0, offset - lookBehind);
                return new FileSlice(size, from, read(file, from, (int) (offset - from) + maxBytes));
            }
        });
    }

    private static byte[] read(RemoteFile file, long offset, int maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, 64 * 1024));
        byte[] buf = new byte[Math.min(Math.max(maxBytes, 1), 32 * 1024)];
        long pos = offset;
        while (out.size() < maxBytes) {
            int n = file.read(pos, buf, 0, Math.min(buf.length, maxBytes - out.size()));
            if (n < 0) {
                break;
            }
            out.write(buf, 0, n);
            pos += n;
        }
        return out.toByteArray();
    }

    /**
     * The last {@code lines} lines of a remote file, read backwards in 64 KiB chunks and never more than
     * {@code maxBytes} bytes.
     */
    public LogTail tail(ClusterDefinition cluster, String remotePath, int lines, int maxBytes) {
        requirePath(remotePath);
        if (cluster.login() instanceof ClusterLogin.Sudo) {
            return sudoFiles.tail(cluster, remotePath, lines, maxBytes);
        }
        return sftp(cluster, "read", remotePath, sftp -> {
            try (RemoteFile file = sftp.open(remotePath, EnumSet.of(OpenMode.READ))) {
                long size = file.length();
                return TailReader.lastLines((off, buf, len) -> file.read(off, buf, 0, len), size, lines, maxBytes,
                        TailReader.DEFAULT_CHUNK);
            }
        });
    }

    private static void mkdirsForParent(SFTPClient sftp, String remotePath) throws IOException {
        int slash = remotePath.lastIndexOf('/');
        if (slash > 0) {
            String parent = remotePath.substring(0, slash);
            for (int attempt = 1; sftp.statExistence(parent) == null; attempt++) {
                try {
                    sftp.mkdirs(parent);
                } catch (SFTPException e) {
                    // concurrent uploads race to create shared folders (the project's jobs/): mkdir of one that
                    // appeared since mkdirs looked fails; looking again continues below it
                    if (attempt >= 3) {
                        throw e;
                    }
                }
            }
        }
    }

    private static void requirePath(String remotePath) {
        if (remotePath == null || remotePath.isBlank() || remotePath.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("remote path must be non-blank and contain no NUL");
        }
    }

    private static RemoteFileException fileError(ClusterDefinition cluster, String what, String path,
                                                 SFTPException e) {
        Response.StatusCode code = e.getStatusCode();
        RemoteFileException.Reason reason = code == Response.StatusCode.NO_SUCH_FILE
                ? RemoteFileException.Reason.NOT_FOUND
                : code == Response.StatusCode.PERMISSION_DENIED ? RemoteFileException.Reason.PERMISSION_DENIED
                : RemoteFileException.Reason.OTHER;
        String text = switch (reason) {
            case NOT_FOUND -> "no such file or folder";
            case PERMISSION_DENIED -> "permission denied for user " + cluster.account();
            case OTHER -> String.valueOf(e.getMessage());
        };
        return new RemoteFileException(cluster.name(), path, reason,
                "cluster '" + cluster.name() + "': " + what + " " + path + " failed: " + text, e);
    }

    private static ClusterUnreachableException lost(ClusterDefinition cluster, Throwable e) {
        return new ClusterUnreachableException(cluster.name(), Reason.CONNECTION_LOST, "cluster '" + cluster.name()
                + "': the connection to " + cluster.host() + ":" + cluster.port() + " broke ("
                + SshConnectionPool.rootMessage(e) + ")", e);
    }

    private static long remainingMs(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void closeQuietly(Session session) {
        try {
            session.close();
        } catch (IOException | RuntimeException ignored) {
            // channel already gone
        }
    }
}
