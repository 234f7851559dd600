package io.missioncontrol.job.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.cluster.gpu.GpuAvailability;
import io.missioncontrol.cluster.gpu.GpuCount;
import io.missioncontrol.cluster.gpu.PartitionGpus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one "will wait in the queue" rule, as the launch form shows it and the launch service warns with it. */
class FreeGpusTest {

    private final GpuAvailability dev = new GpuAvailability("dev", Instant.EPOCH, false, List.of(
            new PartitionGpus("gpu", 1, 0, List.of(new GpuCount("a6000", 4, 1, 3), new GpuCount("a100", 2, 1, 1))),
            new PartitionGpus("cpu", 2, 0, List.of())));

    @Test
    void aTypeCountsOnlyItsOwnFreeGpusAndAnyTypeCountsThemAll() {
        assertThat(FreeGpus.of(dev, "gpu", "a100", 1, 1)).isEqualTo(new FreeGpus("a100", 1, 1));
        assertThat(FreeGpus.of(dev, "gpu", null, 2, 2)).isEqualTo(new FreeGpus(null, 4, 4));
        assertThat(FreeGpus.of(dev, "cpu", null, 1, 1).free()).isZero();
        assertThat(FreeGpus.of(dev, "nowhere", "a100", 1, 1).free()).isZero();
    }

    @Test
    void askingForMoreThanAreFreeMeansWaiting() {
        FreeGpus greedy = FreeGpus.of(dev, "gpu", "a100", 2, 2);
        assertThat(greedy.willWait()).isTrue();
        assertThat(greedy.message()).isEqualTo("You ask for 4 a100 GPUs but 1 is free now: the job will wait in the queue.");
        assertThat(FreeGpus.of(dev, "gpu", null, 5, 1).message())
                .isEqualTo("You ask for 5 GPUs but 4 are free now: the job will wait in the queue.");
        FreeGpus fits = FreeGpus.of(dev, "gpu", "a6000", 3, 1);
        assertThat(fits.willWait()).isFalse();
        assertThat(fits.message()).isEqualTo("3 a6000 GPUs free now.");
        assertThat(FreeGpus.of(dev, "gpu", "a100", 1, 1).message()).isEqualTo("1 a100 GPU free now.");
    }
}
