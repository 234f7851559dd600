package io.missioncontrol.cluster;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Answers of a cluster kept for a while (Caffeine, expiring a TTL after the fetch ended). Concurrent askers of one key share one
 * fetch; {@link #refresh} skips the kept answer but still joins a fetch already under way, which is as fresh.
 * Failures reach every waiter and are not kept. Time comes from the {@link Clock}, so tests can move it.
 *
 * <p>Fetches run on {@code executor}, never inside the cache's own locks: a cluster that does not answer holds up
 * no other key. A failed fetch is stored as an outcome and removed by us rather than left to Caffeine, which would
 * log every failed fetch of a cluster that is down as a warning with its stack trace.
 */
public final class SharedFetchCache<K, V> {

    /** A fetch's result: the value, or the failure to hand to every waiter, and when the fetch ended. */
    private record Outcome<V>(V value, RuntimeException failure, long endedAtNanos) {
    }

    private final AsyncCache<K, Outcome<V>> cache;
    private final Executor executor;
    private final Clock clock;

    public SharedFetchCache(Duration ttl, Clock clock, Executor executor) {
        this.executor = executor;
        this.clock = clock;
        long ttlNanos = ttl.toNanos();
        this.cache = Caffeine.newBuilder()
                // the answer's age counts from the end of its fetch, not from when Caffeine notes the completed
                // future (that note may come a moment later, on the fetching thread)
                .expireAfter(new Expiry<K, Outcome<V>>() {
                    @Override
                    public long expireAfterCreate(K key, Outcome<V> value, long currentTime) {
                        return Math.max(0, ttlNanos - (currentTime - value.endedAtNanos()));
                    }

                    @Override
                    public long expireAfterUpdate(K key, Outcome<V> value, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, value, currentTime);
                    }

                    @Override
                    public long expireAfterRead(K key, Outcome<V> value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .ticker(() -> nanos(clock.instant()))
                .executor(executor)
                .buildAsync();
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** The kept answer when younger than the TTL, else the fetch under way, else a new fetch. */
    public CompletableFuture<V> get(K key, Supplier<V> fetch) {
        return unwrap(key, cache.get(key, (k, ignored) -> start(fetch)));
    }

    /** The fetch under way, else a new one whose answer replaces the kept one. */
    public CompletableFuture<V> refresh(K key, Supplier<V> fetch) {
        return unwrap(key, cache.asMap().compute(key,
                (k, current) -> current != null && !current.isDone() ? current : start(fetch)));
    }

    /** The kept answer if there is one younger than the TTL; never fetches. */
    public Optional<V> kept(K key) {
        CompletableFuture<Outcome<V>> f = cache.getIfPresent(key);
        if (f == null || !f.isDone() || f.isCompletedExceptionally()) {
            return Optional.empty();
        }
        return Optional.ofNullable(f.join().value());
    }

    public void invalidate(K key) {
        cache.synchronous().invalidate(key);
    }

    public void invalidateIf(Predicate<? super K> which) {
        cache.asMap().keySet().removeIf(which);
    }

    public void invalidateAll() {
        cache.synchronous().invalidateAll();
    }

    private CompletableFuture<Outcome<V>> start(Supplier<V> fetch) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                V value = fetch.get();
                return new Outcome<>(value, null, nanos(clock.instant()));
            } catch (RuntimeException e) {
                return new Outcome<>(null, e, nanos(clock.instant()));
            }
        }, executor);
    }

    private CompletableFuture<V> unwrap(K key, CompletableFuture<Outcome<V>> future) {
        return future.thenApply(outcome -> {
            if (outcome.failure() != null) {
                cache.asMap().remove(key, future); // not kept: the next asker fetches again
                throw new CompletionException(outcome.failure());
            }
            return outcome.value();
        });
    }

    /** Waits for {@code future}; the fetch's own exception is rethrown as it was. */
    public static <V> V join(CompletableFuture<V> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a cluster's answer", e);
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
