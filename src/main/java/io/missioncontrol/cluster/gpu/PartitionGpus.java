package io.missioncontrol.cluster.gpu;

import java.util.List;

/**
 * GPU availability of one partition.
 *
 * @param partition        partition name
 * @param nodesTotal       nodes in the partition
 * @param nodesUnavailable nodes that take no new jobs (down, drained/draining, failed, not responding)
 * @param gpus             per GPU type
 */
public record PartitionGpus(String partition, int nodesTotal, int nodesUnavailable, List<GpuCount> gpus) {

    public PartitionGpus {
        gpus = List.copyOf(gpus);
    }

    public int totalGpus() {
        return gpus.stream().mapToInt(GpuCount::total).sum();
    }

    public int freeGpus() {
        return gpus.stream().mapToInt(GpuCount::free).sum();
    }
}
