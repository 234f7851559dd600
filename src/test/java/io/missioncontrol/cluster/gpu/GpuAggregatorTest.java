package io.missioncontrol.cluster.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.missioncontrol.cluster.slurm.NodeGresParser;
import io.missioncontrol.cluster.slurm.SlurmOutput;

class GpuAggregatorTest {

    private static List<PartitionGpus> aggregate(String file) {
        return GpuAggregator.aggregate(NodeGresParser.parse(SlurmOutput.read(file)));
    }

    @Test
    void anIdleDevClusterHasAllGpusFree() {
        List<PartitionGpus> p = aggregate("sinfo-node-gres-idle.txt");
        assertThat(p).extracting(PartitionGpus::partition).containsExactly("gpu", "debug");
        assertThat(p.getFirst().gpus()).containsExactly(new GpuCount("a6000", 4, 0, 4), new GpuCount("a100", 2, 0, 2));
        assertThat(p.getFirst().nodesTotal()).isEqualTo(1);
        assertThat(p.getFirst().nodesUnavailable()).isZero();
        assertThat(p.getFirst().totalGpus()).isEqualTo(6);
        assertThat(p.getFirst().freeGpus()).isEqualTo(6);
    }

    @Test
    void runningJobsUseGpus() {
        List<PartitionGpus> p = aggregate("sinfo-node-gres-running.txt");
        assertThat(p.getFirst().gpus()).containsExactly(new GpuCount("a6000", 4, 2, 2), new GpuCount("a100", 2, 1, 1));
        assertThat(aggregate("sinfo-node-gres-mixed.txt").getFirst().gpus())
                .contains(new GpuCount("a6000", 4, 3, 1));
    }

    @Test
    void unavailableNodesOfferNoFreeGpus() {
        List<PartitionGpus> p = aggregate("synthetic/sinfo-node-gres-multinode.txt");
        PartitionGpus gpu = p.stream().filter(x -> x.partition().equals("gpu")).findFirst().orElseThrow();
        // gpu01 alloc 8/8, gpu02 mix 3/8, gpu03 drain, gpu04 down*, gpu05 draining 2/8
        assertThat(gpu.nodesTotal()).isEqualTo(5);
        assertThat(gpu.nodesUnavailable()).isEqualTo(3);
        assertThat(gpu.gpus()).containsExactly(new GpuCount("a100", 40, 13, 5));

        PartitionGpus lng = p.stream().filter(x -> x.partition().equals("long")).findFirst().orElseThrow();
        assertThat(lng.nodesTotal()).isEqualTo(2);
        assertThat(lng.nodesUnavailable()).isEqualTo(1);
        assertThat(lng.gpus()).containsExactly(new GpuCount("a100", 10, 2, 2), new GpuCount("a6000", 4, 1, 3));

        PartitionGpus legacy = p.stream().filter(x -> x.partition().equals("legacy")).findFirst().orElseThrow();
        assertThat(legacy.gpus()).containsExactly(new GpuCount("gpu", 6, 1, 5));

        PartitionGpus cpu = p.stream().filter(x -> x.partition().equals("cpu")).findFirst().orElseThrow();
        assertThat(cpu.nodesTotal()).isEqualTo(2);
        assertThat(cpu.gpus()).isEmpty();
    }

    @Test
    void noRowsNoPartitions() {
        assertThat(GpuAggregator.aggregate(List.of())).isEmpty();
    }
}
