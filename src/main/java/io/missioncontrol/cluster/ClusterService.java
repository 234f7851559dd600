package io.missioncontrol.cluster;

import io.missioncontrol.base.MissionControlProperties;
import io.missioncontrol.base.NotFoundException;
import io.missioncontrol.base.UnavailableException;
import io.missioncontrol.cluster.gpu.GpuAvailability;
import io.missioncontrol.cluster.gpu.GpuAvailabilityService;
import io.missioncontrol.cluster.gpu.SlurmGpuFetcher;
import io.missioncontrol.cluster.slurm.Partition;
import io.missioncontrol.cluster.slurm.SlurmClient;
import io.missioncontrol.cluster.ssh.ExecResult;
import io.missioncontrol.cluster.ssh.RemoteCommand;
import io.missioncontrol.cluster.ssh.RemoteExec;
import io.missioncontrol.cluster.ssh.SshConnectionPool;
import io.missioncontrol.cluster.ssh.SshSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * The clusters of {@code clusters.yaml} and everything the portal asks them: connection tests,
 * partitions, GPU availability. Owns the one SSH connection pool. Every failure to reach a
 * cluster becomes an {@link UnavailableException} with a readable reason, and is remembered so
 * lists can say "unreachable" without asking again.
 */
@Service
public class ClusterService implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ClusterService.class);

    /** What the portal last learned about a cluster's reachability. */
    public record Reachability(boolean reachable, String message, Instant at) {
    }

    private record CachedPartitions(List<Partition> partitions, Instant at) {
    }

    static final Duration PARTITIONS_TTL = Duration.ofSeconds(60);

    /** The outcome of a connection test. */
    public record ConnectionTest(boolean success, String message, long latencyMs) {
    }

    private final Path clustersFile;
    private final Clock clock;
    private final SshConnectionPool pool;
    private final RemoteExec remote;
    private final SlurmClient slurm;
    private final GpuAvailabilityService gpus;
    private final Map<String, Reachability> reachability = new ConcurrentHashMap<>();
    private final Map<String, CachedPartitions> partitionCache = new ConcurrentHashMap<>();
    private volatile ClusterConfigResult config;

    public ClusterService(MissionControlProperties properties, Clock clock) {
        this.clustersFile = properties.clustersFile();
        this.clock = clock;
        this.pool = new SshConnectionPool(SshSettings.defaults());
        this.remote = new RemoteExec(pool);
        this.slurm = new SlurmClient(remote);
        this.gpus = new GpuAvailabilityService(new SlurmGpuFetcher(slurm, gpuFallbackScript()), clock);
        reload();
    }

    /** scripts/check_gpu_availability.py, packaged with the portal: nvidia-smi for clusters without GPU GRES. */
    private static byte[] gpuFallbackScript() {
        try (var in = ClusterService.class.getResourceAsStream("/check_gpu_availability.py")) {
            if (in == null) {
                log.warn("check_gpu_availability.py is not packaged: clusters without GPU GRES show no GPUs");
                return null;
            }
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot read check_gpu_availability.py", e);
        }
    }

    /** Reads the clusters file again (valid clusters are kept even when others are broken). */
    public final synchronized void reload() {
        config = new ClusterConfigLoader().load(clustersFile);
        // a cluster may point elsewhere now
        partitionCache.clear();
        config.clusters().forEach(cluster -> gpus.invalidate(cluster.name()));
        config.errors().forEach(error -> log.warn("Cluster configuration: {}", error));
        log.info("Clusters from {}: {}", clustersFile.toAbsolutePath(),
                config.clusters().stream().map(ClusterDefinition::name).toList());
    }

    public Path clustersFile() {
        return clustersFile;
    }

    public List<ClusterDefinition> clusters() {
        return config.clusters();
    }

    /** Problems found in the clusters file, each naming the file, cluster and field. */
    public List<String> configErrors() {
        return config.errors();
    }

    /** Explanations such as "no clusters file yet". */
    public List<String> configNotes() {
        return config.notes();
    }

    public Optional<ClusterDefinition> find(String name) {
        return config.find(name);
    }

    /** The named cluster, or a 404-style error naming the clusters that exist. */
    public ClusterDefinition require(String name) {
        return find(name).orElseThrow(() -> new NotFoundException("No cluster named '" + name + "'; configured: "
                + clusters().stream().map(ClusterDefinition::name).toList()));
    }

    public Optional<Reachability> reachability(String name) {
        return Optional.ofNullable(reachability.get(name));
    }

    /** Connects (or reuses the connection) and asks SLURM for its version. Never throws for cluster failures. */
    public ConnectionTest testConnection(String name) {
        ClusterDefinition cluster = require(name);
        long start = System.nanoTime();
        try {
            ExecResult result = remote.exec(cluster, RemoteCommand.of("sinfo").arg("--version"),
                    Duration.ofSeconds(20));
            long ms = (System.nanoTime() - start) / 1_000_000;
            String message = result.isSuccess()
                    ? "Connected to " + cluster.user() + "@" + cluster.hostAndPort() + "; " + result.stdout().strip()
                    : "Connected to " + cluster.hostAndPort() + ", but sinfo failed: " + result.errorText();
            remember(name, result.isSuccess(), message);
            return new ConnectionTest(result.isSuccess(), message, ms);
        } catch (ClusterException e) {
            remember(name, false, e.getMessage());
            return new ConnectionTest(false, e.getMessage(), (System.nanoTime() - start) / 1_000_000);
        }
    }

    /** SLURM's partitions of the cluster, from a 60 s cache (they change rarely; a launch asks for them often). */
    public List<Partition> partitions(String name) {
        return partitions(name, false);
    }

    /** SLURM's partitions; {@code refresh} bypasses the cache. */
    public List<Partition> partitions(String name, boolean refresh) {
        ClusterDefinition cluster = require(name);
        CachedPartitions cached = partitionCache.get(name);
        if (!refresh && cached != null && cached.at().plus(PARTITIONS_TTL).isAfter(clock.instant())) {
            return cached.partitions();
        }
        List<Partition> fresh = ask(cluster, () -> slurm.partitions(cluster));
        partitionCache.put(name, new CachedPartitions(fresh, clock.instant()));
        return fresh;
    }

    /** GPU availability, from a 60 s cache unless {@code refresh}; concurrent callers share one fetch. */
    public GpuAvailability gpuAvailability(String name, boolean refresh) {
        ClusterDefinition cluster = require(name);
        return ask(cluster, () -> refresh ? gpus.refresh(cluster) : gpus.get(cluster));
    }

    /** For the job feature: SLURM on that cluster (callers map {@link ClusterException}s themselves). */
    public SlurmClient slurm() {
        return slurm;
    }

    /** For the job feature: remote commands and files. */
    public RemoteExec remote() {
        return remote;
    }

    /** Remote commands run so far on the cluster (tests and benchmarks count them). */
    public long commandCount(String name) {
        return pool.commandCount(name);
    }

    /**
     * Runs a cluster call, remembering whether the cluster answered; cluster failures become
     * {@link UnavailableException} with the cluster layer's readable message.
     */
    public <T> T ask(ClusterDefinition cluster, Supplier<T> call) {
        try {
            T result = call.get();
            remember(cluster.name(), true, "reachable");
            return result;
        } catch (ClusterException e) {
            boolean unreachable = e instanceof io.missioncontrol.cluster.ssh.ClusterUnreachableException
                    || e instanceof io.missioncontrol.cluster.ssh.RemoteCommandTimeoutException;
            remember(cluster.name(), !unreachable, e.getMessage());
            throw new UnavailableException(e.getMessage(), e);
        }
    }

    private void remember(String name, boolean reachable, String message) {
        reachability.put(name, new Reachability(reachable, message, clock.instant()));
    }

    @Override
    public void destroy() {
        pool.close();
    }
}
