package io.missioncontrol.cluster.gpu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.missioncontrol.cluster.slurm.NodeGres;

/** Sums per-node GRES rows into per-partition, per-type counts. Pure. */
public final class GpuAggregator {

    private GpuAggregator() {
    }

    public static List<PartitionGpus> aggregate(List<NodeGres> rows) {
        Map<String, Acc> byPartition = new LinkedHashMap<>();
        for (NodeGres row : rows) {
            Acc acc = byPartition.computeIfAbsent(row.partition(), p -> new Acc());
            if (!acc.nodes.add(row.node())) {
                continue; // the same node listed twice for a partition
            }
            boolean available = row.isAvailable();
            if (!available) {
                acc.unavailable++;
            }
            Set<String> types = new LinkedHashSet<>(row.gpusTotal().keySet());
            types.addAll(row.gpusUsed().keySet());
            for (String type : types) {
                int total = row.gpusTotal().getOrDefault(type, 0);
                if (total <= 0) {
                    continue; // "used" without configured GPUs (gpu:0 next to (null)) is noise
                }
                int used = Math.min(row.gpusUsed().getOrDefault(type, 0), Math.max(total, 0));
                int[] c = acc.counts.computeIfAbsent(type, t -> new int[3]);
                c[0] += total;
                c[1] += used;
                c[2] += available ? Math.max(0, total - used) : 0;
            }
        }
        List<PartitionGpus> out = new ArrayList<>();
        byPartition.forEach((partition, acc) -> {
            List<GpuCount> gpus = new ArrayList<>();
            acc.counts.forEach((type, c) -> gpus.add(new GpuCount(type, c[0], c[1], c[2])));
            out.add(new PartitionGpus(partition, acc.nodes.size(), acc.unavailable, gpus));
        });
        return out;
    }

    private static final class Acc {
        final Set<String> nodes = new LinkedHashSet<>();
        int unavailable;
        final Map<String, int[]> counts = new LinkedHashMap<>();
    }
}
