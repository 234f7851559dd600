/**
 * GPU availability per partition and type: from {@code sinfo -N} Gres/GresUsed
 * ({@link io.missioncontrol.cluster.gpu.SlurmGpuFetcher}, {@link io.missioncontrol.cluster.gpu.GpuAggregator}),
 * or from {@code scripts/check_gpu_availability.py} (nvidia-smi) on clusters without GPU GRES; cached 60 s per
 * cluster with shared in-flight fetches ({@link io.missioncontrol.cluster.gpu.GpuAvailabilityService}).
 */
package io.missioncontrol.cluster.gpu;
