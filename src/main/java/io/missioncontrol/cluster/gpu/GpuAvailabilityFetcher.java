package io.missioncontrol.cluster.gpu;

import java.util.List;

import io.missioncontrol.cluster.ClusterDefinition;

/** Reads a cluster's GPU availability, uncached. */
@FunctionalInterface
public interface GpuAvailabilityFetcher {

    List<PartitionGpus> fetch(ClusterDefinition cluster);
}
