package io.missioncontrol.job.launch;

import io.missioncontrol.cluster.gpu.GpuAvailability;
import io.missioncontrol.cluster.gpu.GpuCount;
import io.missioncontrol.cluster.gpu.PartitionGpus;
import java.util.List;

/**
 * The GPUs a launch asks for against those free right now: the one rule, shown by the launch form as it is
 * filled in and warned about by the launch service, that asking for more than are free means waiting in the
 * queue (not a refusal: SLURM starts the job once enough are free).
 *
 * @param gpuType the type asked for, or null for any type
 * @param asked   GPUs per node × nodes
 * @param free    free GPUs of that type (of any type when null) in the partition
 */
public record FreeGpus(String gpuType, int asked, int free) {

    /** Counts the free GPUs of {@code gpuType} (null: of every type) in {@code partition}. */
    public static FreeGpus of(GpuAvailability availability, String partition, String gpuType, int gpusPerNode,
                              int nodes) {
        List<GpuCount> offered = availability.partition(partition).map(PartitionGpus::gpus).orElse(List.of());
        int free = offered.stream().filter(g -> gpuType == null || g.gpuType().equals(gpuType))
                .mapToInt(GpuCount::free).sum();
        return new FreeGpus(gpuType, gpusPerNode * nodes, free);
    }

    public boolean willWait() {
        return asked > free;
    }

    /** "You ask for 8 a100 GPUs but 2 are free now: the job will wait in the queue." or "2 a100 GPUs free now." */
    public String message() {
        String kind = gpuType == null ? "" : gpuType + " ";
        return willWait()
                ? "You ask for " + asked + " " + kind + (asked == 1 ? "GPU" : "GPUs") + " but " + free
                        + (free == 1 ? " is" : " are") + " free now: the job will wait in the queue."
                : free + " " + kind + (free == 1 ? "GPU" : "GPUs") + " free now.";
    }
}
