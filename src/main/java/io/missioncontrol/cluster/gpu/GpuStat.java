package io.missioncontrol.cluster.gpu;

/**
 * One GPU as {@code scripts/check_gpu_availability.py} (nvidia-smi) reports it.
 *
 * @param host            host the GPU is in
 * @param index           nvidia-smi's index
 * @param name            model name ({@code NVIDIA RTX A6000})
 * @param memoryUsedMib   memory in use
 * @param memoryTotalMib  memory installed
 * @param utilizationPct  compute utilisation, 0-100
 */
public record GpuStat(String host, int index, String name, long memoryUsedMib, long memoryTotalMib,
                      int utilizationPct) {

    /** Busy when more than 5% of its memory is in use or it computes more than 5% of the time. */
    public boolean isBusy() {
        return utilizationPct > 5 || memoryTotalMib > 0 && memoryUsedMib * 100 > memoryTotalMib * 5;
    }

    /**
     * The type as SLURM would name it, from the model name: {@code NVIDIA RTX A6000} → {@code a6000},
     * {@code NVIDIA A100-SXM4-80GB} → {@code a100}, {@code NVIDIA GeForce RTX 4090} → {@code 4090}.
     */
    public String gpuType() {
        String s = name.toLowerCase(java.util.Locale.ROOT)
                .replaceAll("\\b(nvidia|geforce|tesla|quadro|rtx|gtx)\\b", " ").strip();
        if (s.isEmpty()) {
            return "gpu";
        }
        String first = s.split("\\s+")[0];
        String base = first.split("-")[0];
        return base.isEmpty() ? "gpu" : base;
    }
}
