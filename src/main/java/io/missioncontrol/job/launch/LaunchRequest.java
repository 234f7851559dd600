package io.missioncontrol.job.launch;

import static io.missioncontrol.base.api.RequestLimits.BLANK_KEY;
import static io.missioncontrol.base.api.RequestLimits.NULL_ITEM;
import static io.missioncontrol.base.api.RequestLimits.REQUIRED;
import static io.missioncontrol.base.api.RequestLimits.TOO_LONG;
import static io.missioncontrol.base.api.RequestLimits.TOO_MANY;

import io.missioncontrol.base.api.RequestLimits.Items;
import io.missioncontrol.job.Job;
import jakarta.validation.GroupSequence;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * What a researcher asks for: the seed's Job fields plus resources. Null resources fall back to the
 * project's {@code .mlops-config.yaml} defaults (and the charge account and QoS to the cluster's, per partition,
 * below those); blank text means "SLURM's default", skipping the layers below. {@code requestKey} makes a launch idempotent: the
 * same key twice yields the same job, submitted once (the form makes one per page; API callers may).
 *
 * <p>The constraints bound types and lengths only (the REST API checks them before anything else, and its
 * OpenAPI description shows them); what the values mean — a known project, a partition that exists, a SLURM time
 * limit — is the launch service's to check.
 */
@GroupSequence({LaunchRequest.class, Items.class})
public record LaunchRequest(
        @NotBlank(message = REQUIRED) @Size(max = 100, message = TOO_LONG) String projectId,
        @NotBlank(message = REQUIRED) @Size(max = 100, message = TOO_LONG) String name,
        @Size(max = 2000, message = TOO_LONG) String description,
        @NotBlank(message = REQUIRED) @Size(max = 100, message = TOO_LONG) String cluster,
        @Size(max = 100, message = TOO_LONG) String partition,
        @Size(max = 100, message = TOO_LONG) String gpuType,
        Integer numNodes,
        Integer gpusPerNode,
        @Size(max = 30, message = TOO_LONG) String timeLimit,
        Integer cpusPerTask,
        @Size(max = 30, message = TOO_LONG) String memory,
        @Size(max = 100, message = TOO_LONG) String account,
        @Size(max = 100, message = TOO_LONG) String qos,
        @Size(max = 1000, message = TOO_LONG) String constraint,
        @Size(max = 200, message = TOO_MANY)
        Map<@NotBlank(message = BLANK_KEY, groups = Items.class)
            @Size(max = 200, message = TOO_LONG, groups = Items.class) String,
            // null only for a deletion, {"~logger": null}: the overrides step says so for any other key
            @Size(max = 1000, message = TOO_LONG, groups = Items.class) String> hydraOverrides,
        @Size(max = 200, message = TOO_MANY)
        List<@NotNull(message = NULL_ITEM, groups = Items.class)
             @Size(max = 1000, message = TOO_LONG, groups = Items.class) String> extraOverrides,
        Boolean allowDirty,
        @Size(max = 100, message = TOO_LONG) String requestKey,
        // notify/ reads it from the job: null means "as my notification preferences say"
        @Pattern(regexp = "on_end|on_failure|never", message = "must be on_end, on_failure or never") String notifyOn) {

    public LaunchRequest {
        hydraOverrides = hydraOverrides == null ? Map.of() : hydraOverrides;
        extraOverrides = extraOverrides == null ? List.of() : extraOverrides;
        allowDirty = Boolean.TRUE.equals(allowDirty); // absent in JSON means "no"
    }

    /**
     * The request that launches {@code job} again as it was recorded: same project, cluster, resources, charge
     * account, QoS, constraint and overrides. What SLURM was left to decide stays left to it ({@code ""}: no
     * default of the project or cluster fills it in since), so a relaunch asks for what the job asked for.
     */
    public static LaunchRequest again(Job job) {
        return new LaunchRequest(job.getProjectId(), job.getName(), job.getDescription(), job.getCluster(),
                job.getPartition(), job.getGpuType() == null ? "" : job.getGpuType(), job.getNumNodes(),
                job.getGpusPerNode(), orNone(job.getTimeLimit()), job.getCpusPerTask(), orNone(job.getMemory()),
                orNone(job.getChargeAccount()), orNone(job.getQos()), orNone(job.getNodeConstraint()),
                job.getHydraOverrides(), job.getExtraOverrides(), false, null, job.getNotifyOn());
    }

    private static String orNone(String value) {
        return value == null ? "" : value;
    }

    /** A request whose notifications follow the member's preferences. */
    public LaunchRequest(String projectId, String name, String description, String cluster, String partition,
                         String gpuType, Integer numNodes, Integer gpusPerNode, String timeLimit, Integer cpusPerTask,
                         String memory, String account, String qos, String constraint,
                         Map<String, String> hydraOverrides, List<String> extraOverrides, Boolean allowDirty,
                         String requestKey) {
        this(projectId, name, description, cluster, partition, gpuType, numNodes, gpusPerNode, timeLimit,
                cpusPerTask, memory, account, qos, constraint, hydraOverrides, extraOverrides, allowDirty, requestKey,
                null);
    }

    /** A request that leaves charge account, QoS and constraint to the project's and cluster's defaults. */
    public LaunchRequest(String projectId, String name, String description, String cluster, String partition,
                         String gpuType, Integer numNodes, Integer gpusPerNode, String timeLimit, Integer cpusPerTask,
                         String memory, Map<String, String> hydraOverrides, List<String> extraOverrides,
                         Boolean allowDirty, String requestKey) {
        this(projectId, name, description, cluster, partition, gpuType, numNodes, gpusPerNode, timeLimit,
                cpusPerTask, memory, null, null, null, hydraOverrides, extraOverrides, allowDirty, requestKey);
    }
}
