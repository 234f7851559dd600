package io.missioncontrol.cluster.gpu;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import io.missioncontrol.cluster.ClusterDefinition;

/**
 * GPU availability per cluster, cached for {@link #DEFAULT_TTL} (60 s). Concurrent requests for a cluster
 * share one in-flight fetch; {@link #refresh} skips the cache (but still joins a fetch already under way,
 * which is as fresh). Failures are not cached. Thread-safe.
 */
public final class GpuAvailabilityService {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

    private final GpuAvailabilityFetcher fetcher;
    private final Clock clock;
    private final Duration ttl;
    private final Executor executor;
    private final ConcurrentHashMap<String, GpuAvailability> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<GpuAvailability>> inFlight = new ConcurrentHashMap<>();

    public GpuAvailabilityService(GpuAvailabilityFetcher fetcher, Clock clock) {
        this(fetcher, clock, DEFAULT_TTL, Executors.newVirtualThreadPerTaskExecutor());
    }

    public GpuAvailabilityService(GpuAvailabilityFetcher fetcher, Clock clock, Duration ttl, Executor executor) {
        this.fetcher = Objects.requireNonNull(fetcher);
        this.clock = Objects.requireNonNull(clock);
        this.ttl = Objects.requireNonNull(ttl);
        this.executor = Objects.requireNonNull(executor);
    }

    /** Cached availability when younger than the TTL, otherwise fetched (blocking). */
    public GpuAvailability get(ClusterDefinition cluster) {
        return join(getAsync(cluster));
    }

    /** Fetched now, bypassing the cache (blocking). */
    public GpuAvailability refresh(ClusterDefinition cluster) {
        return join(refreshAsync(cluster));
    }

    public CompletableFuture<GpuAvailability> getAsync(ClusterDefinition cluster) {
        GpuAvailability hit = fresh(cluster.name());
        return hit != null ? CompletableFuture.completedFuture(hit) : fetch(cluster, false);
    }

    public CompletableFuture<GpuAvailability> refreshAsync(ClusterDefinition cluster) {
        return fetch(cluster, true);
    }

    /** Forgets the cached value of a cluster (e.g. after its definition changed). */
    public void invalidate(String clusterName) {
        cache.remove(clusterName);
    }

    private GpuAvailability fresh(String name) {
        GpuAvailability cached = cache.get(name);
        if (cached != null && clock.instant().isBefore(cached.fetchedAt().plus(ttl))) {
            return cached.withCached(true);
        }
        return null;
    }

    private CompletableFuture<GpuAvailability> fetch(ClusterDefinition cluster, boolean bypassCache) {
        String name = cluster.name();
        CompletableFuture<GpuAvailability> mine = new CompletableFuture<>();
        CompletableFuture<GpuAvailability> running = inFlight.putIfAbsent(name, mine);
        if (running != null) {
            return running;
        }
        if (!bypassCache) {
            GpuAvailability hit = fresh(name); // a fetch may have finished between our look and our claim
            if (hit != null) {
                inFlight.remove(name, mine);
                mine.complete(hit);
                return mine;
            }
        }
        try {
            executor.execute(() -> {
                try {
                    List<PartitionGpus> partitions = fetcher.fetch(cluster);
                    GpuAvailability result = new GpuAvailability(name, Instant.now(clock), false, partitions);
                    cache.put(name, result);
                    inFlight.remove(name, mine);
                    mine.complete(result);
                } catch (Throwable t) {
                    inFlight.remove(name, mine);
                    mine.completeExceptionally(t);
                }
            });
        } catch (RuntimeException e) {
            inFlight.remove(name, mine);
            mine.completeExceptionally(e);
        }
        return mine;
    }

    private static GpuAvailability join(CompletableFuture<GpuAvailability> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for GPU availability", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException ce && ce.getCause() != null
                    ? ce.getCause() : e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }
}
