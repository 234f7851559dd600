package io.missioncontrol.job.launch;

import java.util.List;
import java.util.Map;

/**
 * What a researcher asks for: the seed's Job fields plus resources. Null resources fall back to the
 * project's {@code .mlops-config.yaml} defaults. {@code requestKey} makes a launch idempotent: the
 * same key twice yields the same job, submitted once (the form makes one per page; API callers may).
 */
public record LaunchRequest(String projectId, String name, String description, String cluster, String partition,
                            String gpuType, Integer numNodes, Integer gpusPerNode, String timeLimit,
                            Integer cpusPerTask, String memory, Map<String, String> hydraOverrides,
                            List<String> extraOverrides, Boolean allowDirty, String requestKey) {

    public LaunchRequest {
        hydraOverrides = hydraOverrides == null ? Map.of() : hydraOverrides;
        extraOverrides = extraOverrides == null ? List.of() : extraOverrides;
        allowDirty = Boolean.TRUE.equals(allowDirty); // absent in JSON means "no"
    }
}
