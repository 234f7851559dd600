package io.missioncontrol.cluster.gpu;

/**
 * GPUs of one type in one partition.
 *
 * @param gpuType type as SLURM names it ({@code a6000}); {@code gpu} for untyped GRES
 * @param total   configured GPUs, on all nodes of the partition
 * @param used    GPUs allocated to jobs
 * @param free    GPUs a new job could get now: unallocated GPUs on nodes that accept jobs (not down, drained or
 *                failed)
 */
public record GpuCount(String gpuType, int total, int used, int free) {
}
