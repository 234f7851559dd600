package io.missioncontrol.cluster.ssh;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

import io.missioncontrol.base.Backoff;
import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.ClusterIdentity;
import io.missioncontrol.cluster.ClusterLogin;
import io.missioncontrol.cluster.ssh.ClusterUnreachableException.Reason;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.common.SSHException;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyPairWrapper;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/**
 * One SSH connection per {@link ClusterIdentity} (cluster, account and login; the definition handed in says which
 * host, user and key, see {@link ClusterDefinition#as}), opened on first use, kept alive with SSH keep-alives and shared by every caller acting as that
 * identity: each command or SFTP session is a channel on it (at most {@link SshSettings#maxChannels()} at once).
 * A connection found broken is reopened on next use. Connecting to one cluster never waits for another.
 * After a failed connect, attempts within the back-off window fail at once with the same reason, so a cluster
 * that is down costs other work nothing.
 *
 * <p>Thread-safe. {@link #close()} closes every connection; the pool cannot be used afterwards.
 */
public final class SshConnectionPool implements AutoCloseable {

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ssh-connect-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** Told of every remote command and SFTP session as it starts (metrics); must be quick and never throw. */
    @FunctionalInterface
    public interface CommandListener {
        /** @param program the command's program name ({@code sbatch}, {@code squeue}, …) or {@code sftp} */
        void started(ClusterIdentity identity, String program);
    }

    private final SshSettings settings;
    private final CommandListener listener;
    private final Backoff backoff;
    private final ConcurrentHashMap<ClusterIdentity, Slot> slots = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public SshConnectionPool(SshSettings settings) {
        this(settings, (identity, program) -> { });
    }

    public SshConnectionPool(SshSettings settings, CommandListener listener) {
        this.settings = settings;
        this.listener = java.util.Objects.requireNonNull(listener, "listener");
        this.backoff = Backoff.doubling(settings.reconnectBackoff(), 3);
    }

    public SshSettings settings() {
        return settings;
    }

    /** Per-identity state. Fields other than the counters are guarded by {@code lock}. */
    private final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        final Semaphore channels = new Semaphore(settings.maxChannels(), true);
        final LongAdder commands = new LongAdder();
        final LongAdder connects = new LongAdder();
        volatile SSHClient client;
        volatile ClusterDefinition definition;
        ClusterUnreachableException lastFailure;
        long lastFailureNanos;
        int consecutiveFailures;
    }

    /**
     * Opens the cluster's connection if it is not open yet (or broken), so that a "test connection" button can
     * tell at once whether the cluster is reachable.
     *
     * @throws ClusterUnreachableException with the reason when it cannot be reached
     */
    public void connect(ClusterDefinition cluster) {
        client(cluster);
    }

    /** Whether an open, authenticated connection to the cluster is held right now. */
    public boolean isConnected(ClusterDefinition cluster) {
        Slot slot = slots.get(ClusterIdentity.of(cluster));
        return slot != null && alive(slot.client);
    }

    /** Number of remote commands and SFTP sessions started as this definition's identity since the pool was made. */
    public long commandCount(ClusterDefinition cluster) {
        Slot slot = slots.get(ClusterIdentity.of(cluster));
        return slot == null ? 0 : slot.commands.sum();
    }

    /** Number of remote commands and SFTP sessions started on the cluster, as any identity, since the pool was made. */
    public long commandCount(String clusterName) {
        long sum = 0;
        for (var entry : slots.entrySet()) {
            if (entry.getKey().cluster().equals(clusterName)) {
                sum += entry.getValue().commands.sum();
            }
        }
        return sum;
    }

    /** Number of SSH connections successfully opened as this definition's identity since the pool was made. */
    public long connectionCount(ClusterDefinition cluster) {
        Slot slot = slots.get(ClusterIdentity.of(cluster));
        return slot == null ? 0 : slot.connects.sum();
    }

    /** Closes the identity's connection (if any); the next use opens a new one. Also clears the back-off. */
    public void disconnect(ClusterDefinition cluster) {
        Slot slot = slots.get(ClusterIdentity.of(cluster));
        if (slot == null) {
            return;
        }
        slot.lock.lock();
        try {
            closeQuietly(slot.client);
            slot.client = null;
            slot.lastFailure = null;
            slot.consecutiveFailures = 0;
        } finally {
            slot.lock.unlock();
        }
    }

    /**
     * Forgets the identity's last failed connect, so the next use tries again at once instead of failing fast
     * during the back-off (a member who just installed their key and asks for a test). Keeps an open connection.
     */
    public void forgetFailure(ClusterDefinition cluster) {
        Slot slot = slots.get(ClusterIdentity.of(cluster));
        if (slot == null) {
            return;
        }
        slot.lock.lock();
        try {
            slot.lastFailure = null;
            slot.consecutiveFailures = 0;
        } finally {
            slot.lock.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Slot slot : slots.values()) {
            closeQuietly(slot.client);
            slot.client = null;
        }
    }

    // ---- used by RemoteExec -------------------------------------------------------------------------------

    /** The open client for the cluster, connecting (or reconnecting) when needed. */
    SSHClient client(ClusterDefinition cluster) {
        if (closed) {
            throw new IllegalStateException("the SSH connection pool is closed");
        }
        Slot slot = slots.computeIfAbsent(ClusterIdentity.of(cluster), n -> new Slot());
        SSHClient current = slot.client;
        if (current != null && alive(current) && cluster.sameConnection(slot.definition)) {
            return current;
        }
        try {
            if (!slot.lock.tryLock(settings.connectTimeout().toMillis() * 3, TimeUnit.MILLISECONDS)) {
                throw new ClusterUnreachableException(cluster.name(), Reason.TIMEOUT, prefix(cluster)
                        + "gave up waiting for another caller's connection attempt", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterUnreachableException(cluster.name(), Reason.OTHER, prefix(cluster)
                    + "interrupted while connecting", e);
        }
        try {
            current = slot.client;
            if (current != null && alive(current) && cluster.sameConnection(slot.definition)) {
                return current;
            }
            closeQuietly(current);
            slot.client = null;
            if (!cluster.sameConnection(slot.definition)) {
                slot.lastFailure = null;
                slot.consecutiveFailures = 0;
                slot.definition = cluster;
            }
            failFastDuringBackoff(cluster, slot);
            try {
                SSHClient fresh = open(cluster, settings);
                slot.client = fresh;
                slot.connects.increment();
                slot.lastFailure = null;
                slot.consecutiveFailures = 0;
                return fresh;
            } catch (ClusterUnreachableException e) {
                slot.lastFailure = e;
                slot.lastFailureNanos = System.nanoTime();
                slot.consecutiveFailures++;
                throw e;
            }
        } finally {
            slot.lock.unlock();
        }
    }

    /** Drops {@code broken} if it is still the cluster's current connection. */
    void invalidate(ClusterDefinition cluster, SSHClient broken) {
        Slot slot = slots.get(ClusterIdentity.of(cluster));
        if (slot == null) {
            closeQuietly(broken);
            return;
        }
        slot.lock.lock();
        try {
            if (slot.client == broken) {
                slot.client = null;
            }
        } finally {
            slot.lock.unlock();
        }
        closeQuietly(broken);
    }

    /** Takes one of the connection's channel permits, waiting at most {@code timeout}. */
    void acquireChannel(ClusterDefinition cluster, Duration timeout) {
        Slot slot = slots.computeIfAbsent(ClusterIdentity.of(cluster), n -> new Slot());
        try {
            if (!slot.channels.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new RemoteCommandTimeoutException(cluster.name(), "(waiting for a free SSH channel)", timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteCommandException(cluster.name(), "interrupted while waiting for an SSH channel", e);
        }
    }

    void releaseChannel(ClusterDefinition cluster) {
        Slot slot = slots.get(ClusterIdentity.of(cluster));
        if (slot != null) {
            slot.channels.release();
        }
    }

    /** Counts a command or SFTP session (by its program name, never its arguments) and tells the listener. */
    void recordCommand(ClusterDefinition cluster, String program) {
        ClusterIdentity identity = ClusterIdentity.of(cluster);
        slots.computeIfAbsent(identity, n -> new Slot()).commands.increment();
        listener.started(identity, program);
    }

    /** The current client, for tests that need to break it. */
    SSHClient currentClient(ClusterDefinition cluster) {
        Slot slot = slots.get(ClusterIdentity.of(cluster));
        return slot == null ? null : slot.client;
    }

    // ---- connecting -----------------------------------------------------------------------------------------

    private void failFastDuringBackoff(ClusterDefinition cluster, Slot slot) {
        if (slot.lastFailure == null) {
            return;
        }
        Duration left = backoff.remaining(slot.consecutiveFailures,
                Duration.ofNanos(System.nanoTime() - slot.lastFailureNanos));
        if (left.isPositive()) {
            long waitS = Math.max(1, left.toSeconds());
            ClusterUnreachableException last = slot.lastFailure;
            throw new ClusterUnreachableException(cluster.name(), last.reason(), last.getMessage()
                    + " (not retried for another " + waitS + " s)", last.getCause());
        }
    }

    private static boolean alive(SSHClient client) {
        return client != null && client.isConnected() && client.isAuthenticated()
                && client.getTransport().isRunning();
    }

    static String prefix(ClusterDefinition cluster) {
        return "cluster '" + cluster.name() + "': ";
    }

    /** Opens and authenticates a new connection; every failure becomes a {@link ClusterUnreachableException}. */
    static SSHClient open(ClusterDefinition cluster, SshSettings settings) {
        Path keyPath = cluster.keyPath();
        String name = cluster.name();
        boolean ownKey = cluster.login() instanceof ClusterLogin.OwnKey;
        DefaultConfig config = new DefaultConfig();
        config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        SSHClient ssh;
        KeyProvider key;
        String keyName;
        if (cluster.login() instanceof ClusterLogin.OwnKey own) {
            // the member's key pair, decrypted into memory by its owner; never written to a file
            ssh = new SSHClient(config);
            key = new KeyPairWrapper(own.keyPair());
            keyName = "the member's key (" + own + ")";
        } else {
            if (!Files.exists(keyPath)) {
                throw new ClusterUnreachableException(name, Reason.KEY_FILE_MISSING, prefix(cluster) + "key file "
                        + keyPath + " does not exist", null);
            }
            if (!Files.isRegularFile(keyPath) || !Files.isReadable(keyPath)) {
                throw new ClusterUnreachableException(name, Reason.KEY_FILE_UNREADABLE, prefix(cluster) + "key file "
                        + keyPath + " cannot be read by the portal (check its owner and permissions)", null);
            }
            ssh = new SSHClient(config);
            try {
                key = ssh.loadKeys(keyPath.toString());
                key.getPrivate(); // parse now: a broken or passphrase-protected key fails here, before any network
            } catch (IOException | RuntimeException e) {
                closeQuietly(ssh);
                throw new ClusterUnreachableException(name, Reason.KEY_FILE_UNREADABLE, prefix(cluster) + "key file "
                        + keyPath + " cannot be used: " + rootMessage(e)
                        + " (the portal needs an unencrypted OpenSSH, PEM or PKCS#8 private key)", e);
            }
            keyName = "key " + keyPath;
        }
        KnownHostsVerifier verifier;
        try {
            verifier = new KnownHostsVerifier(cluster.knownHosts(), cluster.hostKeyPolicy());
        } catch (IOException e) {
            closeQuietly(ssh);
            throw new ClusterUnreachableException(name, Reason.HOST_KEY_UNKNOWN, prefix(cluster)
                    + "cannot read known_hosts file " + cluster.knownHosts() + ": " + rootMessage(e), e);
        }
        ssh.addHostKeyVerifier(verifier);
        int connectMs = (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis());
        NoDelaySocketFactory sockets = new NoDelaySocketFactory();
        ssh.setSocketFactory(sockets);
        ssh.setConnectTimeout(connectMs);
        ssh.getTransport().setTimeoutMs(connectMs);
        ssh.getConnection().setTimeoutMs(connectMs);
        net.schmizz.keepalive.KeepAlive keepAlive = ssh.getConnection().getKeepAlive();
        keepAlive.setKeepAliveInterval((int) Math.max(0, settings.keepAliveInterval().toSeconds()));
        if (keepAlive instanceof net.schmizz.keepalive.KeepAliveRunner runner) {
            runner.setMaxAliveCount(3); // three unanswered keep-alives: the connection is dead, reopen on next use
        }
        // sshj reads the server's banner without any timeout: a server that accepts TCP but never speaks SSH
        // would hang us forever. The watchdog closes the socket when connect + handshake + auth overrun.
        AtomicBoolean overran = new AtomicBoolean();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            overran.set(true);
            sockets.closeAll();
        }, connectMs, TimeUnit.MILLISECONDS);
        try {
            ssh.connect(cluster.host(), cluster.port());
            ssh.authPublickey(cluster.user(), key);
            watchdog.cancel(false);
            if (overran.get()) {
                throw new SocketTimeoutException("handshake overran");
            }
            return ssh;
        } catch (UserAuthException e) {
            watchdog.cancel(false);
            if (overran.get()) {
                closeQuietly(ssh);
                throw classify(cluster, settings, verifier, new SocketTimeoutException("handshake overran"));
            }
            closeQuietly(ssh);
            throw new ClusterUnreachableException(name, Reason.AUTH_REFUSED, prefix(cluster) + "the cluster refused "
                    + keyName + " for user " + cluster.user() + " (is its public key " + (ownKey ? "line " : "")
                    + "in ~" + cluster.user() + "/.ssh/authorized_keys on " + cluster.host() + "?)", e);
        } catch (IOException | RuntimeException e) {
            watchdog.cancel(false);
            closeQuietly(ssh);
            throw classify(cluster, settings, verifier,
                    overran.get() ? new SocketTimeoutException("handshake overran") : e);
        }
    }

    static ClusterUnreachableException classify(ClusterDefinition cluster, SshSettings settings,
                                                        KnownHostsVerifier verifier, Exception e) {
        String name = cluster.name();
        String hostPort = cluster.hostAndPort();
        String kh = cluster.knownHosts().toString();
        if (verifier.refusal() == KnownHostsVerifier.Refusal.UNKNOWN) {
            String keyscan = cluster.port() == ClusterDefinition.DEFAULT_PORT
                    ? "ssh-keyscan " + cluster.host() : "ssh-keyscan -p " + cluster.port() + " " + cluster.host();
            return new ClusterUnreachableException(name, Reason.HOST_KEY_UNKNOWN, prefix(cluster) + "host key of "
                    + hostPort + " is not in " + kh + "; add it with `" + keyscan + " >> " + kh
                    + "` and verify the fingerprint (" + verifier.presentedKey()
                    + ") with the cluster's administrator", e);
        }
        if (verifier.refusal() == KnownHostsVerifier.Refusal.CHANGED) {
            return new ClusterUnreachableException(name, Reason.HOST_KEY_CHANGED, prefix(cluster) + "the host key of "
                    + hostPort + " differs from the one recorded in " + kh + " (the server now presents "
                    + verifier.presentedKey() + "). Someone may be intercepting the connection, or the server was"
                    + " reinstalled: check with the cluster's administrator before replacing the entry"
                    + " (ssh-keygen -R '" + hostPort + "' -f " + kh + ")", e);
        }
        Throwable root = rootCause(e);
        if (root instanceof UnknownHostException) {
            return new ClusterUnreachableException(name, Reason.DNS, prefix(cluster) + "host name '" + cluster.host()
                    + "' does not resolve", e);
        }
        if (root instanceof ConnectException) {
            return new ClusterUnreachableException(name, Reason.CONNECTION_REFUSED, prefix(cluster) + "connection to "
                    + cluster.host() + ":" + cluster.port() + " refused (" + root.getMessage()
                    + "); is sshd running there and is the port right?", e);
        }
        if (root instanceof NoRouteToHostException) {
            return new ClusterUnreachableException(name, Reason.CONNECTION_REFUSED, prefix(cluster) + "no route to "
                    + cluster.host() + ":" + cluster.port(), e);
        }
        if (root instanceof SocketTimeoutException || root instanceof TimeoutException) {
            return new ClusterUnreachableException(name, Reason.TIMEOUT, prefix(cluster) + "no answer from "
                    + cluster.host() + ":" + cluster.port() + " within "
                    + RemoteCommandTimeoutException.human(settings.connectTimeout()), e);
        }
        if (e instanceof TransportException te && te.getDisconnectReason() == DisconnectReason.HOST_KEY_NOT_VERIFIABLE) {
            return new ClusterUnreachableException(name, Reason.HOST_KEY_UNKNOWN, prefix(cluster)
                    + "host key of " + hostPort + " could not be verified against " + kh + ": " + e.getMessage(), e);
        }
        if (e instanceof SSHException se && se.getDisconnectReason() == DisconnectReason.CONNECTION_LOST
                || root instanceof java.io.EOFException || root instanceof java.net.SocketException) {
            return new ClusterUnreachableException(name, Reason.CONNECTION_LOST, prefix(cluster)
                    + "the connection to " + cluster.host() + ":" + cluster.port() + " was closed during the"
                    + " handshake (" + rootMessage(e) + "); is it an SSH server?", e);
        }
        return new ClusterUnreachableException(name, Reason.OTHER, prefix(cluster) + "cannot connect to "
                + cluster.host() + ":" + cluster.port() + ": " + rootMessage(e), e);
    }

    static Throwable rootCause(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r;
    }

    static String rootMessage(Throwable t) {
        Throwable r = rootCause(t);
        return r.getMessage() == null ? r.getClass().getSimpleName() : r.getMessage();
    }

    static void closeQuietly(SSHClient client) {
        if (client == null) {
            return;
        }
        try {
            client.close();
        } catch (IOException | RuntimeException ignored) {
            // already broken
        }
    }

    /**
     * Plain sockets with {@code TCP_NODELAY}: an SSH exchange is many small packets, and Nagle's algorithm
     * meeting delayed ACKs would add ~40 ms to every command.
     */
    private static final class NoDelaySocketFactory extends javax.net.SocketFactory {
        private final java.util.List<java.net.Socket> made = new java.util.concurrent.CopyOnWriteArrayList<>();

        private java.net.Socket tune(java.net.Socket s) throws IOException {
            made.add(s);
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            return s;
        }

        void closeAll() {
            for (java.net.Socket s : made) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing to interrupt a blocked read
                }
            }
        }

        @Override
        public java.net.Socket createSocket() throws IOException {
            return tune(new java.net.Socket());
        }

        @Override
        public java.net.Socket createSocket(String host, int port) throws IOException {
            return tune(new java.net.Socket(host, port));
        }

        @Override
        public java.net.Socket createSocket(String host, int port, java.net.InetAddress localHost, int localPort)
                throws IOException {
            return tune(new java.net.Socket(host, port, localHost, localPort));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port) throws IOException {
            return tune(new java.net.Socket(host, port));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress address, int port, java.net.InetAddress localAddress,
                                            int localPort) throws IOException {
            return tune(new java.net.Socket(address, port, localAddress, localPort));
        }
    }
}
