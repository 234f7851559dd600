package io.missioncontrol.job.launch;

import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.gpu.GpuAvailability;
import io.missioncontrol.cluster.gpu.GpuCount;
import io.missioncontrol.cluster.gpu.PartitionGpus;
import io.missioncontrol.cluster.slurm.AccountingEntry;
import io.missioncontrol.cluster.slurm.Association;
import io.missioncontrol.cluster.slurm.Associations;
import io.missioncontrol.cluster.slurm.Partition;
import io.missioncontrol.cluster.slurm.QueueEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A cluster as the launch sees it, scripted by the test: its partitions and free GPUs, what uploads and sbatch
 * answer; it keeps what was uploaded and which questions were asked.
 */
final class ScriptedLaunchGateway implements LaunchGateway {

    static final String CLUSTER = "dev";

    ClusterDefinition dev = new ClusterDefinition(CLUSTER, null, null, "127.0.0.1", 2222, "mlops",
            Path.of("unused-key"), Path.of("unused-known-hosts"), null, "/home/mlops/workspace/", List.of(),
            List.of(), null);
    final List<Partition> partitions = new ArrayList<>();
    final List<PartitionGpus> gpus = new ArrayList<>();
    /** The launching identity's SLURM associations (charge account, QoS list, partition or null). */
    final List<Association> associations = new ArrayList<>();
    /** What git ls-remote on the cluster says of a URL: absent = readable. */
    final Map<String, String> unreadableRemotes = new LinkedHashMap<>();
    /** Remote path → content, in upload order. */
    final Map<String, byte[]> uploads = new LinkedHashMap<>();
    final List<String> asked = new ArrayList<>();
    final List<String> submitted = new ArrayList<>();
    /** Thrown by the next upload instead of storing it, when set. */
    RuntimeException uploadFailure;
    /** sbatch's answer: a SLURM id, or throws. */
    Supplier<String> sbatch = () -> "4242";

    ScriptedLaunchGateway partition(String name, boolean isDefault) {
        partitions.add(new Partition(name, isDefault, true, "1:00:00", 1, Map.of("idle", 1), List.of("node1")));
        return this;
    }

    /** {@code free} of {@code total} GPUs of one type in a partition. */
    ScriptedLaunchGateway gpus(String partition, String type, int total, int free) {
        List<GpuCount> counts = new ArrayList<>(gpus.stream().filter(p -> p.partition().equals(partition))
                .findFirst().map(PartitionGpus::gpus).orElse(List.of()));
        gpus.removeIf(p -> p.partition().equals(partition));
        counts.add(new GpuCount(type, total, total - free, free));
        gpus.add(new PartitionGpus(partition, 1, 0, counts));
        return this;
    }

    /** An association of the launching identity: {@code account} with {@code qos} in {@code partition} (null: any). */
    ScriptedLaunchGateway association(String account, String partition, String... qos) {
        associations.add(new Association(account, List.of(qos), partition));
        return this;
    }

    @Override
    public Optional<ClusterDefinition> find(String cluster) {
        return CLUSTER.equals(cluster) ? Optional.of(dev) : Optional.empty();
    }

    @Override
    public List<String> clusterNames() {
        return List.of(CLUSTER);
    }

    @Override
    public List<Partition> partitions(ClusterDefinition cluster) {
        asked.add("partitions");
        return List.copyOf(partitions);
    }

    @Override
    public GpuAvailability gpuAvailability(ClusterDefinition cluster) {
        asked.add("gpus");
        return new GpuAvailability(cluster.name(), Instant.now(), false, List.copyOf(gpus));
    }

    @Override
    public Optional<String> gitRemoteProblem(ClusterDefinition cluster, String url) {
        asked.add("git ls-remote " + url);
        return Optional.ofNullable(unreadableRemotes.get(url));
    }

    @Override
    public Associations associations(ClusterDefinition cluster) {
        asked.add("associations");
        return new Associations(cluster.user(), List.copyOf(associations));
    }

    @Override
    public void upload(ClusterDefinition cluster, byte[] content, String remotePath) {
        if (uploadFailure != null) {
            throw uploadFailure;
        }
        uploads.put(remotePath, content.clone());
    }

    @Override
    public void upload(ClusterDefinition cluster, Path local, String remotePath) {
        try {
            upload(cluster, Files.readAllBytes(local), remotePath);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String submit(ClusterDefinition cluster, String scriptPath, String workDir) {
        submitted.add(scriptPath);
        return sbatch.get();
    }

    @Override
    public List<QueueEntry> queueByComment(ClusterDefinition cluster, String comment) {
        throw new UnsupportedOperationException("the launch steps do not look jobs up");
    }

    @Override
    public List<AccountingEntry> accountingByComment(ClusterDefinition cluster, String comment,
                                                     LocalDateTime since) {
        throw new UnsupportedOperationException("the launch steps do not look jobs up");
    }
}
