package io.missioncontrol.cluster.gpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.slurm.SlurmClient;
import io.missioncontrol.cluster.slurm.SlurmCommandFailedException;
import io.missioncontrol.cluster.ssh.ExecResult;
import io.missioncontrol.cluster.ssh.RemoteCommand;

/**
 * GPU availability from SLURM ({@code sinfo -N} with Gres/GresUsed, one command). When the cluster reports no
 * GPU GRES at all and a fallback script is configured, runs {@code scripts/check_gpu_availability.py} on the
 * login node instead, by piping it to {@code python3 -} (nothing to install on the cluster).
 */
public final class SlurmGpuFetcher implements GpuAvailabilityFetcher {

    /** The fallback script's exit code when the login node has no nvidia-smi. */
    static final int NO_NVIDIA_SMI = 2;
    /** The shell's exit code when {@code python3} is not installed on the login node. */
    static final int NO_PYTHON = 127;

    private final SlurmClient slurm;
    private final byte[] fallbackScript;

    public SlurmGpuFetcher(SlurmClient slurm) {
        this.slurm = slurm;
        this.fallbackScript = null;
    }

    /** @param fallbackScript path of {@code check_gpu_availability.py}, or {@code null} for no fallback */
    public SlurmGpuFetcher(SlurmClient slurm, Path fallbackScript) {
        this(slurm, read(fallbackScript));
    }

    /** @param fallbackScript the text of {@code check_gpu_availability.py}, or {@code null} for no fallback */
    public SlurmGpuFetcher(SlurmClient slurm, byte[] fallbackScript) {
        this.slurm = slurm;
        this.fallbackScript = fallbackScript;
    }

    private static byte[] read(Path script) {
        try {
            return script == null ? null : Files.readAllBytes(script);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read GPU fallback script " + script, e);
        }
    }

    @Override
    public List<PartitionGpus> fetch(ClusterDefinition cluster) {
        List<PartitionGpus> partitions = GpuAggregator.aggregate(slurm.nodeGres(cluster));
        boolean anyGpu = partitions.stream().anyMatch(p -> p.totalGpus() > 0);
        if (anyGpu || fallbackScript == null) {
            return partitions;
        }
        RemoteCommand cmd = RemoteCommand.of("python3").arg("-");
        ExecResult r = slurm.remoteExec().exec(cluster, cmd, slurm.remoteExec().pool().settings().commandTimeout(),
                fallbackScript);
        if (r.exitCode() == NO_NVIDIA_SMI || r.exitCode() == NO_PYTHON) {
            return partitions; // no GPUs (or no way to look) on a cluster SLURM reports none for
        }
        if (!r.isSuccess()) {
            throw new SlurmCommandFailedException(cluster.name(), "cluster '" + cluster.name()
                    + "': SLURM reports no GPUs and the nvidia-smi fallback failed: " + r.errorText(),
                    cmd.render(), r.stderr(), r.exitCode());
        }
        return NvidiaSmiParser.toPartitions(NvidiaSmiParser.parse(r.stdout()));
    }
}
