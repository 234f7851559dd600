package io.missioncontrol.cluster.gpu;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.ClusterIdentity;
import io.missioncontrol.cluster.SharedFetchCache;

/**
 * GPU availability per cluster identity, cached for {@link #DEFAULT_TTL} (60 s). Concurrent requests share one
 * in-flight fetch; {@link #refresh} skips the cache (but still joins a fetch already under way, which is as
 * fresh). Failures are not cached. Thread-safe.
 */
public final class GpuAvailabilityService {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

    private final GpuAvailabilityFetcher fetcher;
    private final Clock clock;
    private final SharedFetchCache<ClusterIdentity, GpuAvailability> cache;

    public GpuAvailabilityService(GpuAvailabilityFetcher fetcher, Clock clock) {
        this(fetcher, clock, DEFAULT_TTL, Executors.newVirtualThreadPerTaskExecutor());
    }

    public GpuAvailabilityService(GpuAvailabilityFetcher fetcher, Clock clock, Duration ttl, Executor executor) {
        this.fetcher = Objects.requireNonNull(fetcher);
        this.clock = Objects.requireNonNull(clock);
        this.cache = new SharedFetchCache<>(Objects.requireNonNull(ttl), clock, Objects.requireNonNull(executor));
    }

    /** Cached availability when younger than the TTL, otherwise fetched (blocking). */
    public GpuAvailability get(ClusterDefinition cluster) {
        return SharedFetchCache.join(getAsync(cluster));
    }

    /** Fetched now, bypassing the cache (blocking). */
    public GpuAvailability refresh(ClusterDefinition cluster) {
        return SharedFetchCache.join(refreshAsync(cluster));
    }

    public CompletableFuture<GpuAvailability> getAsync(ClusterDefinition cluster) {
        ClusterIdentity key = ClusterIdentity.of(cluster);
        return cache.kept(key).map(hit -> CompletableFuture.completedFuture(hit.withCached(true)))
                .orElseGet(() -> cache.get(key, () -> fetch(cluster)));
    }

    public CompletableFuture<GpuAvailability> refreshAsync(ClusterDefinition cluster) {
        return cache.refresh(ClusterIdentity.of(cluster), () -> fetch(cluster));
    }

    /** Forgets what is cached for the cluster, for every identity (e.g. after its definition changed). */
    public void invalidate(String clusterName) {
        cache.invalidateIf(identity -> identity.cluster().equals(clusterName));
    }

    private GpuAvailability fetch(ClusterDefinition cluster) {
        var partitions = fetcher.fetch(cluster);
        return new GpuAvailability(cluster.name(), Instant.now(clock), false, partitions);
    }
}
