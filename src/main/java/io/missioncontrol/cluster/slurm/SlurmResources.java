package io.missioncontrol.cluster.slurm;

import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.base.InvalidInputException.FieldError;
import io.missioncontrol.cluster.slurm.SlurmRules.Checked;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A job's name and resources, each accepted by {@link SlurmRules}, and how sbatch is told about them.
 * Only {@link #parse} makes one, so holding one means SLURM can take every value.
 *
 * @param jobName     {@code --job-name}
 * @param partition   {@code --partition}
 * @param nodes       {@code --nodes}
 * @param gpuType     the GPU type in {@code --gres}, or null for any type (always null without GPUs)
 * @param gpusPerNode GPUs per node; 0 asks for no GRES
 * @param cpusPerTask {@code --cpus-per-task}, or null for SLURM's default
 * @param memory      {@code --mem}, or null for SLURM's default
 * @param timeLimit   {@code --time}, or null for the partition's default
 * @param account     {@code --account} (the charge account), or null for the user's default account
 * @param qos         {@code --qos}, or null for the association's default QoS
 * @param constraint  {@code --constraint} (a node feature expression), or null for any node
 */
public record SlurmResources(String jobName, String partition, int nodes, String gpuType, int gpusPerNode,
                             Integer cpusPerTask, SlurmMemory memory, SlurmTimeLimit timeLimit, String account,
                             String qos, String constraint) {

    /** Refuses any value a rule does not accept exactly as given (use {@link #parse} for raw input). */
    public SlurmResources {
        List<FieldError> errors = new ArrayList<>();
        exact(errors, SlurmRules.jobName(jobName), jobName);
        exact(errors, SlurmRules.partition(partition), partition);
        if (gpuType != null) {
            exact(errors, gpusPerNode > 0 ? SlurmRules.gpuType(gpuType)
                    : SlurmRules.Checked.refused("gpu_type", "must not be set without GPUs", null), gpuType);
        }
        exact(errors, SlurmRules.nodes(nodes), nodes);
        exact(errors, SlurmRules.gpusPerNode(gpusPerNode), gpusPerNode);
        if (cpusPerTask != null) {
            exact(errors, SlurmRules.cpusPerTask(cpusPerTask), cpusPerTask);
        }
        if (memory != null) {
            exact(errors, SlurmRules.memory(memory.text()), memory, SlurmMemory::text);
        }
        if (timeLimit != null) {
            exact(errors, SlurmRules.timeLimit(timeLimit.text()), timeLimit, SlurmTimeLimit::text);
        }
        if (account != null) {
            exact(errors, SlurmRules.account(account), account);
        }
        if (qos != null) {
            exact(errors, SlurmRules.qos(qos), qos);
        }
        if (constraint != null) {
            exact(errors, SlurmRules.constraint(constraint), constraint);
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    /** Resources charged to the user's default account with the default QoS, on any node. */
    public SlurmResources(String jobName, String partition, int nodes, String gpuType, int gpusPerNode,
                          Integer cpusPerTask, SlurmMemory memory, SlurmTimeLimit timeLimit) {
        this(jobName, partition, nodes, gpuType, gpusPerNode, cpusPerTask, memory, timeLimit, null, null, null);
    }

    private static <T> void exact(List<FieldError> errors, Checked<T> checked, T given) {
        exact(errors, checked, given, String::valueOf);
    }

    private static <T> void exact(List<FieldError> errors, Checked<T> checked, T given, Function<T, String> shown) {
        if (checked.isAccepted() && !checked.value().equals(given)) {
            errors.add(new FieldError(checked.field(), "must be given as " + shown.apply(checked.value())));
        } else {
            checked.problem().ifPresent(errors::add);
        }
    }

    /**
     * Checks every value and keeps what SLURM is to get (blanks dropped, memory suffix upper-cased). Null
     * {@code gpuType}, {@code cpusPerTask}, {@code memory} and {@code timeLimit} mean "not asked for"; a GPU type
     * without GPUs is dropped.
     *
     * @throws InvalidInputException naming every refused value by its API field
     */
    public static SlurmResources parse(String jobName, String partition, String gpuType, int nodes, int gpusPerNode,
                                       Integer cpusPerTask, String memory, String timeLimit) {
        return parse(jobName, partition, gpuType, nodes, gpusPerNode, cpusPerTask, memory, timeLimit, null, null,
                null);
    }

    /**
     * {@link #parse(String, String, String, int, int, Integer, String, String)} with a charge account, QoS and node
     * constraint; null (or blank) means "not asked for".
     */
    public static SlurmResources parse(String jobName, String partition, String gpuType, int nodes, int gpusPerNode,
                                       Integer cpusPerTask, String memory, String timeLimit, String account,
                                       String qos, String constraint) {
        List<FieldError> errors = new ArrayList<>();
        Checked<String> name = collect(errors, SlurmRules.jobName(jobName));
        Checked<String> part = collect(errors, SlurmRules.partition(partition));
        Checked<String> type = gpuType == null || gpusPerNode <= 0 ? null : collect(errors, SlurmRules.gpuType(gpuType));
        Checked<Integer> n = collect(errors, SlurmRules.nodes(nodes));
        Checked<Integer> gpus = collect(errors, SlurmRules.gpusPerNode(gpusPerNode));
        Checked<Integer> cpus = cpusPerTask == null ? null : collect(errors, SlurmRules.cpusPerTask(cpusPerTask));
        Checked<SlurmMemory> mem = memory == null ? null : collect(errors, SlurmRules.memory(memory));
        Checked<SlurmTimeLimit> time = timeLimit == null ? null : collect(errors, SlurmRules.timeLimit(timeLimit));
        Checked<String> acct = blank(account) ? null : collect(errors, SlurmRules.account(account));
        Checked<String> q = blank(qos) ? null : collect(errors, SlurmRules.qos(qos));
        Checked<String> features = blank(constraint) ? null : collect(errors, SlurmRules.constraint(constraint));
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new SlurmResources(name.value(), part.value(), n.value(), type == null ? null : type.value(),
                gpus.value(), cpus == null ? null : cpus.value(), mem == null ? null : mem.value(),
                time == null ? null : time.value(), value(acct), value(q), value(features));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static <T> T value(Checked<T> checked) {
        return checked == null ? null : checked.value();
    }

    private static <T> Checked<T> collect(List<FieldError> errors, Checked<T> checked) {
        checked.problem().ifPresent(errors::add);
        return checked;
    }

    /** {@code gpu:<type>:<n>} or {@code gpu:<n>}, or null without GPUs. */
    public String gres() {
        return gpusPerNode <= 0 ? null : "gpu:" + (gpuType == null ? "" : gpuType + ":") + gpusPerNode;
    }

    /**
     * The {@code #SBATCH} values, by the names the batch script template uses ({@code job_name},
     * {@code partition}, {@code nodes}, {@code gres}, {@code cpus_per_task}, {@code mem}, {@code time},
     * {@code account}, {@code qos}, {@code constraint});
     * those not asked for are absent. Each is safe verbatim in an {@code #SBATCH} line.
     */
    public Map<String, Object> sbatchOptions() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("job_name", jobName);
        options.put("partition", partition);
        options.put("nodes", nodes);
        if (gres() != null) {
            options.put("gres", gres());
        }
        if (cpusPerTask != null) {
            options.put("cpus_per_task", cpusPerTask);
        }
        if (memory != null) {
            options.put("mem", memory.text());
        }
        if (timeLimit != null) {
            options.put("time", timeLimit.text());
        }
        if (account != null) {
            options.put("account", account);
        }
        if (qos != null) {
            options.put("qos", qos);
        }
        if (constraint != null) {
            options.put("constraint", constraint);
        }
        return Collections.unmodifiableMap(options);
    }
}
