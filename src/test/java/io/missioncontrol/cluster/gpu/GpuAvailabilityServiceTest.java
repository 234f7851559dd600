package io.missioncontrol.cluster.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missioncontrol.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.missioncontrol.cluster.ClusterDefinition;

class GpuAvailabilityServiceTest {

    static final ClusterDefinition DEV = ClusterDefinition.of("dev", "127.0.0.1", 2222, "mlops", Path.of("/k"),
            Path.of("/kh"), "/w");
    static final ClusterDefinition OTHER = DEV.withName("other");
    static final List<PartitionGpus> SAMPLE = List.of(new PartitionGpus("gpu", 1, 0,
            List.of(new GpuCount("a6000", 4, 1, 3))));

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
    final AtomicInteger fetches = new AtomicInteger();

    GpuAvailabilityService service(GpuAvailabilityFetcher fetcher) {
        return new GpuAvailabilityService(fetcher, clock, Duration.ofSeconds(60), Executors.newCachedThreadPool());
    }

    @Test
    void servesFromCacheWithin60Seconds() {
        GpuAvailabilityService s = service(c -> {
            fetches.incrementAndGet();
            return SAMPLE;
        });
        GpuAvailability first = s.get(DEV);
        assertThat(first.cached()).isFalse();
        assertThat(first.cluster()).isEqualTo("dev");
        assertThat(first.fetchedAt()).isEqualTo(clock.instant());
        assertThat(first.partitions()).isEqualTo(SAMPLE);
        assertThat(first.gpus("gpu", "a6000")).contains(new GpuCount("a6000", 4, 1, 3));

        clock.advance(Duration.ofSeconds(59));
        GpuAvailability second = s.get(DEV);
        assertThat(second.cached()).isTrue();
        assertThat(second.fetchedAt()).isEqualTo(first.fetchedAt());
        assertThat(fetches).hasValue(1);

        clock.advance(Duration.ofSeconds(1));
        GpuAvailability third = s.get(DEV);
        assertThat(third.cached()).isFalse();
        assertThat(fetches).hasValue(2);
    }

    @Test
    void refreshBypassesTheCache() {
        GpuAvailabilityService s = service(c -> {
            fetches.incrementAndGet();
            return SAMPLE;
        });
        s.get(DEV);
        assertThat(s.refresh(DEV).cached()).isFalse();
        assertThat(fetches).hasValue(2);
        assertThat(s.get(DEV).cached()).isTrue();
        assertThat(fetches).hasValue(2);
    }

    @Test
    void cachesPerCluster() {
        List<String> asked = new ArrayList<>();
        GpuAvailabilityService s = service(c -> {
            synchronized (asked) {
                asked.add(c.name());
            }
            return SAMPLE;
        });
        s.get(DEV);
        s.get(OTHER);
        s.get(DEV);
        assertThat(asked).containsExactly("dev", "other");
        s.invalidate("dev");
        assertThat(s.get(DEV).cached()).isFalse();
    }

    @Test
    void concurrentRequestsShareOneFetch() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        GpuAvailabilityService s = service(c -> {
            fetches.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return SAMPLE;
        });
        List<CompletableFuture<GpuAvailability>> waiting = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            waiting.add(CompletableFuture.supplyAsync(() -> s.get(DEV), Executors.newVirtualThreadPerTaskExecutor()));
        }
        waiting.add(s.refreshAsync(DEV));
        Thread.sleep(200);
        release.countDown();
        for (CompletableFuture<GpuAvailability> f : waiting) {
            assertThat(f.get(10, TimeUnit.SECONDS).partitions()).isEqualTo(SAMPLE);
        }
        assertThat(fetches).hasValue(1);
    }

    @Test
    void failuresReachEveryWaiterAndAreNotCached() {
        GpuAvailabilityService s = service(c -> {
            if (fetches.incrementAndGet() == 1) {
                throw new IllegalStateException("cluster down");
            }
            return SAMPLE;
        });
        assertThatThrownBy(() -> s.get(DEV)).isInstanceOf(IllegalStateException.class).hasMessage("cluster down");
        assertThat(s.get(DEV).cached()).isFalse();
        assertThat(fetches).hasValue(2);
    }
}
