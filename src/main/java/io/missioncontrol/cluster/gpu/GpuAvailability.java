package io.missioncontrol.cluster.gpu;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * GPU availability of a cluster at one moment.
 *
 * @param cluster    cluster name
 * @param fetchedAt  when it was read from the cluster
 * @param cached     true when served from the cache rather than fetched for this request
 * @param partitions per partition, in SLURM's order
 */
public record GpuAvailability(String cluster, Instant fetchedAt, boolean cached, List<PartitionGpus> partitions) {

    public GpuAvailability {
        partitions = List.copyOf(partitions);
    }

    public GpuAvailability withCached(boolean value) {
        return value == cached ? this : new GpuAvailability(cluster, fetchedAt, value, partitions);
    }

    public Optional<PartitionGpus> partition(String name) {
        return partitions.stream().filter(p -> p.partition().equals(name)).findFirst();
    }

    public Optional<GpuCount> gpus(String partition, String gpuType) {
        return partition(partition).flatMap(p -> p.gpus().stream().filter(g -> g.gpuType().equals(gpuType))
                .findFirst());
    }
}
