package io.missioncontrol.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.missioncontrol.cluster.gpu.GpuAvailability;
import io.missioncontrol.cluster.gpu.GpuAvailabilityService;
import io.missioncontrol.cluster.gpu.SlurmGpuFetcher;
import io.missioncontrol.cluster.slurm.AccountingEntry;
import io.missioncontrol.cluster.slurm.Associations;
import io.missioncontrol.cluster.slurm.Partition;
import io.missioncontrol.cluster.slurm.QueueEntry;
import io.missioncontrol.cluster.slurm.SlurmClient;
import io.missioncontrol.cluster.ssh.ClusterUnreachableException;
import io.missioncontrol.cluster.ssh.ExecResult;
import io.missioncontrol.cluster.ssh.RemoteCommand;
import io.missioncontrol.cluster.ssh.RemoteCommandTimeoutException;
import io.missioncontrol.cluster.ssh.RemoteExec;
import io.missioncontrol.cluster.ssh.SshConnectionPool;
import io.missioncontrol.cluster.ssh.SshSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * The one door to the clusters: everything another feature asks of a cluster goes through here, and every call
 * says which {@link ClusterIdentity} it acts as (today: {@link #serviceAccount}). Behind it sit the SSH pool (one
 * connection per identity), SLURM's commands and the 60 s caches of partitions and GPU availability.
 *
 * <p>Failures are {@link ClusterException}s, which are {@link io.missioncontrol.base.UnavailableException}s
 * (REST: 503) with a message a person can act on; subtypes say more where a caller decides on them
 * ({@link io.missioncontrol.cluster.slurm.SlurmSubmitRejectedException}: nothing was queued;
 * {@link RemoteFileException}: e.g. no such file). Each answer or failure updates what
 * {@link ClusterService#reachability} reports.
 */
@Service
public class ClusterGateway implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ClusterGateway.class);

    static final Duration PARTITIONS_TTL = Duration.ofSeconds(60);
    /** Associations change when an admin runs sacctmgr: short enough that a new one shows up soon. */
    static final Duration ASSOCIATIONS_TTL = Duration.ofSeconds(60);
    static final String COMMANDS_METER = "missioncontrol.ssh.commands";

    /** The outcome of a connection test. */
    public record ConnectionTest(boolean success, String message, long latencyMs) {
    }

    private final ClusterService clusters;
    private final SshConnectionPool pool;
    private final RemoteExec remote;
    private final SlurmClient slurm;
    private final GpuAvailabilityService gpus;
    private final ExecutorService fetches = Executors.newVirtualThreadPerTaskExecutor();
    private final SharedFetchCache<ClusterIdentity, List<Partition>> partitionCache;
    private final SharedFetchCache<ClusterIdentity, Associations> associationCache;

    public ClusterGateway(ClusterService clusters, Clock clock, MeterRegistry meters) {
        this.clusters = clusters;
        this.pool = new SshConnectionPool(SshSettings.defaults(), (identity, program) ->
                Counter.builder(COMMANDS_METER)
                        .description("Remote commands and SFTP sessions started, by cluster and program")
                        .tag("cluster", identity.cluster())
                        .tag("command", program)
                        .register(meters)
                        .increment());
        this.remote = new RemoteExec(pool);
        this.slurm = new SlurmClient(remote);
        this.gpus = new GpuAvailabilityService(new SlurmGpuFetcher(slurm, gpuFallbackScript()), clock,
                GpuAvailabilityService.DEFAULT_TTL, fetches);
        this.partitionCache = new SharedFetchCache<>(PARTITIONS_TTL, clock, fetches);
        this.associationCache = new SharedFetchCache<>(ASSOCIATIONS_TTL, clock, fetches);
        clusters.whenReloaded(this::forgetCachedAnswers);
    }

    /** scripts/check_gpu_availability.py, packaged with the portal: nvidia-smi for clusters without GPU GRES. */
    private static byte[] gpuFallbackScript() {
        try (InputStream in = ClusterGateway.class.getResourceAsStream("/check_gpu_availability.py")) {
            if (in == null) {
                log.warn("check_gpu_availability.py is not packaged: clusters without GPU GRES show no GPUs");
                return null;
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read check_gpu_availability.py", e);
        }
    }

    /** A cluster may point elsewhere after clusters.yaml was read again. */
    private void forgetCachedAnswers() {
        partitionCache.invalidateAll();
        associationCache.invalidateAll();
        clusters.clusters().forEach(cluster -> gpus.invalidate(cluster.name()));
    }

    // ---- identities

    /** The cluster's configured account ({@code user} in clusters.yaml): the identity of the portal itself. */
    public ClusterIdentity serviceAccount(String cluster) {
        return ClusterIdentity.of(clusters.require(cluster));
    }

    /**
     * The workspace of the identity: the cluster's {@code workspace} with {@code {user}} replaced by the Unix
     * account the identity acts as (for the service account: its configured {@code user}).
     */
    public String workspace(ClusterIdentity who) {
        return login(who).workspaceFor(who.account());
    }

    /**
     * How the identity logs in: the definition the SSH layer connects with. The service account is the cluster
     * as configured; a member's own key is the member's account with that key (only on {@code run_as: own-key}
     * clusters); sudo is the service account's login running each command as {@code sudo -n -u <member>} (only
     * on {@code run_as: sudo} clusters).
     */
    private ClusterDefinition login(ClusterIdentity who) {
        ClusterDefinition cluster = clusters.require(who.cluster());
        switch (who.login()) {
            case ClusterLogin.ServiceAccount ignored -> {
                if (!who.account().equals(cluster.user())) {
                    throw new IllegalArgumentException("cluster '" + cluster.name() + "' has no service account '"
                            + who.account() + "'; its configured account is '" + cluster.user() + "'");
                }
            }
            case ClusterLogin.OwnKey ignored -> requireRunAs(cluster, RunAs.OWN_KEY, who);
            case ClusterLogin.Sudo ignored -> requireRunAs(cluster, RunAs.SUDO, who);
        }
        return cluster.as(who);
    }

    private static void requireRunAs(ClusterDefinition cluster, RunAs expected, ClusterIdentity who) {
        if (cluster.runAs() != expected) {
            throw new IllegalArgumentException("cluster '" + cluster.name() + "' runs members' jobs with run_as: "
                    + cluster.runAs().configValue() + ", not as " + who);
        }
    }

    // ---- connection and cluster information

    /** Connects (or reuses the connection) and asks SLURM for its version. Never throws for cluster failures. */
    public ConnectionTest testConnection(ClusterIdentity who) {
        ClusterDefinition cluster = login(who);
        long start = System.nanoTime();
        try {
            if (!who.isServiceAccount()) {
                pool.forgetFailure(cluster); // asked to test: try now, even right after a refused key
                return testMember(cluster, who, start);
            }
            ExecResult result = remote.exec(cluster, RemoteCommand.of("sinfo").arg("--version"),
                    Duration.ofSeconds(20));
            long ms = (System.nanoTime() - start) / 1_000_000;
            String message = result.isSuccess()
                    ? "Connected to " + cluster.user() + "@" + cluster.hostAndPort() + "; " + result.stdout().strip()
                    : "Connected to " + cluster.hostAndPort() + ", but sinfo failed: " + result.errorText();
            clusters.remember(cluster.name(), result.isSuccess(), message);
            return new ConnectionTest(result.isSuccess(), message, ms);
        } catch (ClusterException e) {
            if (who.isServiceAccount()) {
                clusters.remember(cluster.name(), false, e.getMessage());
            }
            return new ConnectionTest(false, e.getMessage(), (System.nanoTime() - start) / 1_000_000);
        }
    }

    /**
     * A member's test: who the commands run as ({@code id -un}) must be the member, and SLURM must answer. A
     * member's failure says nothing about the cluster, so it is not remembered as the cluster's reachability.
     */
    private ConnectionTest testMember(ClusterDefinition cluster, ClusterIdentity who, long start) {
        ExecResult result = remote.exec(cluster, RemoteCommand.of("id").arg("-un")
                .andThen(RemoteCommand.of("sinfo").arg("--version")), Duration.ofSeconds(20));
        long ms = (System.nanoTime() - start) / 1_000_000;
        String how = who.login() instanceof ClusterLogin.Sudo
                ? cluster.user() + "@" + cluster.hostAndPort() + " as " + who.account() + " (sudo)"
                : who.account() + "@" + cluster.hostAndPort() + " with the member's own key";
        if (!result.isSuccess()) {
            return new ConnectionTest(false, "Connected to " + how + ", but the test failed: "
                    + result.errorText(), ms);
        }
        String[] lines = result.stdout().strip().split("\\R", 2);
        if (!lines[0].strip().equals(who.account())) {
            return new ConnectionTest(false, "Connected to " + how + ", but commands ran as '"
                    + lines[0].strip() + "', not '" + who.account() + "'", ms);
        }
        return new ConnectionTest(true, "Connected to " + how + "; " + (lines.length > 1 ? lines[1].strip() : ""),
                ms);
    }

    /** SLURM's partitions, from a 60 s cache (they change rarely; a launch asks for them often). */
    public List<Partition> partitions(ClusterIdentity who) {
        return partitions(who, false);
    }

    /** SLURM's partitions; {@code refresh} bypasses the cache. Concurrent callers share one fetch. */
    public List<Partition> partitions(ClusterIdentity who, boolean refresh) {
        ClusterDefinition cluster = login(who);
        return ask(cluster, () -> SharedFetchCache.join(refresh
                ? partitionCache.refresh(who, () -> slurm.partitions(cluster))
                : partitionCache.get(who, () -> slurm.partitions(cluster))));
    }

    /** GPU availability, from a 60 s cache unless {@code refresh}; concurrent callers share one fetch. */
    public GpuAvailability gpuAvailability(ClusterIdentity who, boolean refresh) {
        ClusterDefinition cluster = login(who);
        return ask(cluster, () -> refresh ? gpus.refresh(cluster) : gpus.get(cluster));
    }

    /**
     * The SLURM associations (charge account, QoS, partition) the identity's account may use, asked as that
     * identity with sacctmgr; kept {@link #ASSOCIATIONS_TTL} per identity, concurrent callers share one fetch.
     */
    public Associations associations(ClusterIdentity who) {
        ClusterDefinition cluster = login(who);
        return ask(cluster, () -> SharedFetchCache.join(associationCache.get(who,
                () -> slurm.associations(cluster, who.account()))));
    }

    // ---- submitting

    /** Writes {@code content} to {@code remotePath} (replacing it), creating missing parent folders. */
    public void upload(ClusterIdentity who, byte[] content, String remotePath) {
        ClusterDefinition cluster = login(who);
        run(cluster, () -> remote.upload(cluster, content, remotePath));
    }

    /** Copies a local file to {@code remotePath} (replacing it), creating missing parent folders. */
    public void upload(ClusterIdentity who, Path local, String remotePath) {
        ClusterDefinition cluster = login(who);
        run(cluster, () -> remote.upload(cluster, local, remotePath));
    }

    /**
     * Submits an uploaded batch script with {@code sbatch --parsable}.
     *
     * @return the SLURM job id
     * @throws io.missioncontrol.cluster.slurm.SlurmSubmitRejectedException SLURM refused it: nothing was queued
     * @throws ClusterException any other failure: SLURM may or may not have queued it
     */
    public String submit(ClusterIdentity who, String scriptPath, String workDir) {
        ClusterDefinition cluster = login(who);
        return ask(cluster, () -> slurm.submit(cluster, scriptPath, workDir));
    }

    /** The identity's queued jobs whose comment is exactly {@code comment} (finding a job by its portal id). */
    public List<QueueEntry> queueByComment(ClusterIdentity who, String comment) {
        ClusterDefinition cluster = login(who);
        return ask(cluster, () -> slurm.queueByComment(cluster, comment));
    }

    /** Accounting records of the identity's jobs since {@code since} (cluster-local time) with that comment. */
    public List<AccountingEntry> accountingByComment(ClusterIdentity who, String comment, LocalDateTime since) {
        ClusterDefinition cluster = login(who);
        return ask(cluster, () -> slurm.accountingByComment(cluster, comment, since));
    }

    // ---- monitoring

    /**
     * The listed jobs that squeue still holds (finished ones too, until MinJobAge); unknown ids are absent.
     * One squeue however many ids (split only past {@link io.missioncontrol.cluster.slurm.SlurmCommands#CHUNK}).
     */
    public List<QueueEntry> queue(ClusterIdentity who, Collection<String> slurmJobIds) {
        ClusterDefinition cluster = login(who);
        return ask(cluster, () -> slurm.queue(cluster, slurmJobIds));
    }

    /** Accounting records of the listed jobs; ids the accounting database does not hold are absent. */
    public List<AccountingEntry> accounting(ClusterIdentity who, Collection<String> slurmJobIds) {
        ClusterDefinition cluster = login(who);
        return ask(cluster, () -> slurm.accounting(cluster, slurmJobIds));
    }

    /**
     * Whether the identity can read a Git remote from the cluster ({@code git ls-remote}, no prompts, 30 s): empty
     * when it can, else git's reason (its last error line). The URL must already be one the portal hands to a
     * cluster's git (job/launch checks that).
     */
    public Optional<String> gitRemoteProblem(ClusterIdentity who, String url) {
        ClusterDefinition cluster = login(who);
        RemoteCommand lsRemote = RemoteCommand.of("git").env("GIT_TERMINAL_PROMPT", "0")
                .env("GIT_SSH_COMMAND", "ssh -o BatchMode=yes -o ConnectTimeout=10")
                .arg("ls-remote").arg(url).arg("HEAD");
        ExecResult result = ask(cluster, () -> remote.exec(cluster, lsRemote, Duration.ofSeconds(30)));
        if (result.isSuccess()) {
            return Optional.empty();
        }
        List<String> lines = result.errorText().strip().lines().filter(l -> !l.isBlank()).toList();
        return Optional.of(lines.isEmpty() ? "git ls-remote exited with " + result.exitCode()
                : lines.stream().filter(l -> l.startsWith("fatal:")).reduce((a, b) -> b).orElse(lines.getLast()));
    }

    /** Cancels the jobs; ids SLURM no longer knows are ignored by scancel. */
    public void cancel(ClusterIdentity who, Collection<String> slurmJobIds) {
        ClusterDefinition cluster = login(who);
        run(cluster, () -> slurm.cancel(cluster, slurmJobIds));
    }

    // ---- files

    /**
     * Opens a remote file once for its length and, only if it reaches past {@code offset}, up to
     * {@code maxBytes} bytes from {@code offset} on, preceded by up to {@code lookBehind} bytes before it.
     *
     * @throws RemoteFileException e.g. {@link RemoteFileException.Reason#NOT_FOUND}
     */
    public FileSlice readFrom(ClusterIdentity who, String remotePath, long offset, int maxBytes, int lookBehind) {
        ClusterDefinition cluster = login(who);
        return ask(cluster, () -> remote.readFrom(cluster, remotePath, offset, maxBytes, lookBehind));
    }

    /** {@link #readFrom(ClusterIdentity, String, long, int, int)} without look-behind. */
    public FileSlice readFrom(ClusterIdentity who, String remotePath, long offset, int maxBytes) {
        return readFrom(who, remotePath, offset, maxBytes, 0);
    }

    /**
     * The last {@code lines} lines of a remote file, never reading more than {@code maxBytes} bytes.
     *
     * @throws RemoteFileException e.g. {@link RemoteFileException.Reason#NOT_FOUND}
     */
    public LogTail tail(ClusterIdentity who, String remotePath, int lines, int maxBytes) {
        ClusterDefinition cluster = login(who);
        return ask(cluster, () -> remote.tail(cluster, remotePath, lines, maxBytes));
    }

    // ---- counting

    /** Remote commands and SFTP sessions started on the cluster so far, as any identity (tests, poll reports). */
    public long commandCount(String cluster) {
        return pool.commandCount(cluster);
    }

    // ---- running

    /** Runs a cluster call, remembering whether the cluster answered. */
    private <T> T ask(ClusterDefinition cluster, Supplier<T> call) {
        try {
            T result = call.get();
            clusters.remember(cluster.name(), true, "reachable");
            return result;
        } catch (ClusterException e) {
            boolean memberRefused = !(cluster.login() instanceof ClusterLogin.ServiceAccount)
                    && e instanceof ClusterUnreachableException u
                    && u.reason() == ClusterUnreachableException.Reason.AUTH_REFUSED;
            if (!memberRefused) { // a member whose key is not installed yet says nothing about the cluster
                boolean unreachable = e instanceof ClusterUnreachableException
                        || e instanceof RemoteCommandTimeoutException;
                clusters.remember(cluster.name(), !unreachable, e.getMessage());
            }
            throw e;
        }
    }

    private void run(ClusterDefinition cluster, Runnable call) {
        ask(cluster, () -> {
            call.run();
            return null;
        });
    }

    @Override
    public void destroy() {
        pool.close();
        fetches.shutdownNow();
    }
}
