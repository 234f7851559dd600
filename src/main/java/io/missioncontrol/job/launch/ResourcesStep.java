package io.missioncontrol.job.launch;

import io.missioncontrol.base.InvalidInputException.FieldError;
import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.gpu.GpuAvailability;
import io.missioncontrol.cluster.gpu.GpuCount;
import io.missioncontrol.cluster.slurm.Partition;
import io.missioncontrol.cluster.slurm.SlurmResources;
import io.missioncontrol.cluster.slurm.SlurmRules;
import io.missioncontrol.project.MlopsConfig;
import java.util.List;

/**
 * Launch step 2: the resources. What is asked (the request, else the committed defaults) is checked by SLURM's
 * rule book, as for the form and {@code .mlops-config.yaml}; then against the cluster: the partition exists,
 * the GPU type is offered there, and more GPUs than are free means waiting in the queue (a warning).
 */
final class ResourcesStep {

    /**
     * Resources as asked, before the cluster is consulted; null means "not set" (SLURM's default).
     */
    record Asked(int nodes, int gpusPerNode, String timeLimit, Integer cpusPerTask, String memory, String partition,
                 String gpuType) {

        /** The resources for sbatch, with {@code partition} as resolved on the cluster. */
        SlurmResources resources(String jobName, String partition) {
            return resources(jobName, partition, ChargeStep.Charge.NONE);
        }

        /** The resources for sbatch, with {@code partition} as resolved on the cluster and what it is charged to. */
        SlurmResources resources(String jobName, String partition, ChargeStep.Charge charge) {
            return SlurmResources.parse(jobName, partition, gpuType, nodes, gpusPerNode, cpusPerTask, memory,
                    timeLimit, charge.account(), charge.qos(), charge.constraint());
        }
    }

    private final LaunchGateway clusters;

    ResourcesStep(LaunchGateway clusters) {
        this.clusters = clusters;
    }

    /** The configured cluster named {@code name}, or null with the problem added to {@code errors}. */
    ClusterDefinition cluster(String name, List<FieldError> errors) {
        if (name == null || name.isBlank()) {
            errors.add(new FieldError("cluster", "is required"));
            return null;
        }
        ClusterDefinition cluster = clusters.find(name).orElse(null);
        if (cluster == null) {
            errors.add(new FieldError("cluster", "no cluster named '" + name + "'; configured: "
                    + clusters.clusterNames()));
        }
        return cluster;
    }

    /** Nodes, GPUs, time limit, CPUs and memory as asked, each checked by the rule book. */
    Asked asked(LaunchRequest request, MlopsConfig.Resources defaults, List<FieldError> errors) {
        int nodes = firstNonNull(request.numNodes(), defaults.nodes(), 1);
        int gpus = firstNonNull(request.gpusPerNode(), defaults.gpusPerNode(), 0);
        accept(SlurmRules.nodes(nodes), errors);
        accept(SlurmRules.gpusPerNode(gpus), errors);
        String timeLimit = blankToNull(request.timeLimit() != null ? request.timeLimit() : defaults.timeLimit());
        if (timeLimit != null) {
            accept(SlurmRules.timeLimit(timeLimit), errors);
        }
        Integer cpus = request.cpusPerTask() != null ? request.cpusPerTask() : defaults.cpusPerTask();
        if (cpus != null) {
            accept(SlurmRules.cpusPerTask(cpus), errors);
        }
        String memory = blankToNull(request.memory() != null ? request.memory() : defaults.memory());
        if (memory != null) {
            accept(SlurmRules.memory(memory), errors); // 32g is 32G
        }
        String partition = blankToNull(request.partition() != null ? request.partition() : defaults.partition());
        String gpuType = blankToNull(request.gpuType() != null ? request.gpuType() : defaults.gpuType());
        return new Asked(nodes, gpus, timeLimit, cpus, memory, partition, gpuType);
    }

    /**
     * Checks partition and GPU type against {@code cluster} (asked only when both are names SLURM would take and
     * the cluster is known) and returns the partition to submit to: the one asked, else the cluster's default.
     */
    String onCluster(Asked asked, ClusterDefinition cluster, List<FieldError> errors, List<String> warnings) {
        String partition = asked.partition();
        String gpuType = asked.gpuType();
        int gpus = asked.gpusPerNode();
        // a name SLURM would not take is not looked for on the cluster either
        boolean partitionNamed = partition == null || accept(SlurmRules.partition(partition), errors) != null;
        boolean gpuTypeNamed = gpus <= 0 || gpuType == null || accept(SlurmRules.gpuType(gpuType), errors) != null;
        if (!partitionNamed || !gpuTypeNamed || cluster == null
                || errors.stream().anyMatch(e -> e.field().equals("cluster"))) {
            return partition;
        }
        List<Partition> partitions = clusters.partitions(cluster);
        if (partition == null) {
            partition = partitions.stream().filter(Partition::isDefault).map(Partition::name).findFirst()
                    .orElse(null);
        }
        String p = partition;
        if (p == null || partitions.stream().noneMatch(x -> x.name().equals(p))) {
            errors.add(new FieldError("partition", (p == null ? "is required" : "no partition '" + p + "'")
                    + " on " + cluster.name() + "; it has " + partitions.stream().map(Partition::name).toList()));
        } else if (gpus > 0) {
            GpuAvailability availability = clusters.gpuAvailability(cluster);
            List<GpuCount> offered = availability.partition(p).map(x -> x.gpus()).orElse(List.of());
            if (offered.isEmpty()) {
                errors.add(new FieldError("gpus_per_node", "partition '" + p + "' has no GPUs"));
            } else if (gpuType != null && offered.stream().noneMatch(g -> g.gpuType().equals(gpuType))) {
                errors.add(new FieldError("gpu_type", "partition '" + p + "' offers no GPU type '" + gpuType
                        + "'; it has " + offered.stream().map(GpuCount::gpuType).toList()));
            } else {
                FreeGpus free = FreeGpus.of(availability, p, gpuType, gpus, asked.nodes());
                if (free.willWait()) {
                    warnings.add(free.message());
                }
            }
        }
        return partition;
    }

    /** The accepted value, or null with the problem added to {@code errors}. */
    static <T> T accept(SlurmRules.Checked<T> checked, List<FieldError> errors) {
        checked.problem().ifPresent(errors::add);
        return checked.value();
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
