package io.missioncontrol.job.launch;

import io.missioncontrol.job.script.BatchScriptSpec;
import java.util.List;

/**
 * A validated launch, before anything touched the cluster: the exact script that would be
 * submitted and what the researcher should know (plain-language warnings).
 *
 * @param commitSha    the commit that will run
 * @param codeSource   how the code reaches the cluster
 * @param overrideArgs Hydra override arguments as passed to the training script
 * @param script       the rendered batch script
 * @param warnings     e.g. uncommitted changes, an unpushed commit, more GPUs than are free now
 */
public record LaunchPlan(String projectId, String projectName, String cluster, String commitSha,
                         CodeSource codeSource, List<String> overrideArgs, String script, List<String> warnings,
                         BatchScriptSpec spec, boolean dirty) {

    /** Where the job's checkout comes from. */
    public enum CodeSource {
        /** {@code git fetch} from the project's remote: the commit is on it. */
        REMOTE,
        /** A {@code git bundle} uploaded next to the script: the commit exists only locally. */
        BUNDLE
    }
}
