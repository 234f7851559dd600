package io.missioncontrol.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missioncontrol.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SharedFetchCacheTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
    final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    final SharedFetchCache<String, String> cache = new SharedFetchCache<>(Duration.ofSeconds(60), clock, executor);
    final AtomicInteger fetches = new AtomicInteger();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private Supplier<String> counting(String value) {
        return () -> value + fetches.incrementAndGet();
    }

    @Test
    void anAnswerIsKeptForTheTtlByTheClockAndFetchedAgainAfter() {
        assertThat(SharedFetchCache.join(cache.get("dev", counting("a")))).isEqualTo("a1");
        clock.advance(Duration.ofSeconds(59));
        assertThat(cache.kept("dev")).contains("a1");
        assertThat(SharedFetchCache.join(cache.get("dev", counting("a")))).isEqualTo("a1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.kept("dev")).isEmpty();
        assertThat(SharedFetchCache.join(cache.get("dev", counting("a")))).isEqualTo("a2");
    }

    @Test
    void refreshFetchesAnewAndItsAnswerIsKept() {
        SharedFetchCache.join(cache.get("dev", counting("a")));
        assertThat(SharedFetchCache.join(cache.refresh("dev", counting("a")))).isEqualTo("a2");
        assertThat(SharedFetchCache.join(cache.get("dev", counting("a")))).isEqualTo("a2");
        assertThat(fetches).hasValue(2);
    }

    @Test
    void getAndRefreshJoinTheFetchUnderWay() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Supplier<String> slow = () -> {
            fetches.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return "slow";
        };
        CompletableFuture<String> first = cache.get("dev", slow);
        CompletableFuture<String> second = cache.get("dev", slow);
        CompletableFuture<String> refreshed = cache.refresh("dev", slow);
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("slow");
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("slow");
        assertThat(refreshed.get(10, TimeUnit.SECONDS)).isEqualTo("slow");
        assertThat(fetches).hasValue(1);
    }

    @Test
    void aKeyWhoseFetchHangsHoldsUpNoOtherKey() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> hanging = cache.get("down", () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return "late";
        });
        assertThat(cache.get("up", counting("b")).get(10, TimeUnit.SECONDS)).isEqualTo("b1");
        assertThat(hanging).isNotDone();
        release.countDown();
        assertThat(hanging.get(10, TimeUnit.SECONDS)).isEqualTo("late");
    }

    @Test
    void aFailureReachesTheCallerAsItWasAndIsNotKept() {
        Supplier<String> failing = () -> {
            fetches.incrementAndGet();
            throw new IllegalStateException("cluster down");
        };
        assertThatThrownBy(() -> SharedFetchCache.join(cache.get("dev", failing)))
                .isInstanceOf(IllegalStateException.class).hasMessage("cluster down");
        assertThat(cache.kept("dev")).isEmpty();
        assertThat(SharedFetchCache.join(cache.get("dev", counting("a")))).isEqualTo("a2");
    }

    @Test
    void invalidationForgetsOnlyWhatItNames() {
        SharedFetchCache.join(cache.get("dev", counting("a")));
        SharedFetchCache.join(cache.get("other", counting("b")));
        cache.invalidateIf(key -> key.equals("dev"));
        assertThat(cache.kept("dev")).isEmpty();
        assertThat(cache.kept("other")).contains("b2");
        cache.invalidateAll();
        assertThat(cache.kept("other")).isEmpty();
    }
}
