package io.missioncontrol.job.launch;

import io.missioncontrol.base.InvalidInputException.FieldError;
import io.missioncontrol.project.MlopsConfig;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.git.GitSnapshot;
import io.missioncontrol.project.hydra.HydraLoadResult;
import java.util.List;

/**
 * What a launch runs: HEAD of the project's work tree, its settings as committed, the Hydra model, and how the
 * commit reaches the cluster.
 *
 * @param config        the commit's {@code .mlops-config.yaml} (defaults when it has none)
 * @param hydra         the Hydra config located by those settings
 * @param codeSource    REMOTE when the commit is on a usable origin, else BUNDLE
 * @param remoteProblem why origin's URL cannot be handed to a cluster, or null
 */
record Revision(Project project, GitSnapshot snapshot, MlopsConfig config, HydraLoadResult hydra,
                LaunchPlan.CodeSource codeSource, String remoteProblem) {

    /** This revision shipped as a bundle because the cluster cannot read origin ({@code problem}). */
    Revision shippedAsBundle(String problem) {
        return new Revision(project, snapshot, config, hydra, LaunchPlan.CodeSource.BUNDLE, problem);
    }

    String commit() {
        return snapshot.headCommit();
    }

    /** The URL the job's checkout fetches from, or null when the commit is shipped as a bundle. */
    String fetchUrl() {
        return codeSource == LaunchPlan.CodeSource.REMOTE ? snapshot.remoteUrl() : null;
    }

    /**
     * Uncommitted changes refuse the launch unless {@code allowDirty}, and then are warned about; a commit that
     * is not on origin is warned about, since it travels as a bundle.
     */
    void check(boolean allowDirty, List<FieldError> errors, List<String> warnings) {
        String shortCommit = commit().substring(0, 8);
        if (snapshot.dirty()) {
            String files = String.join(", ", snapshot.dirtyFiles().stream().limit(5)
                    .map(f -> f.path()).toList()) + (snapshot.dirtyFileCount() > 5 ? ", …" : "");
            if (!allowDirty) {
                errors.add(new FieldError("allow_dirty", snapshot.dirtyFileCount() + " file(s) have uncommitted "
                        + "changes (" + files + "). Commit them, or launch anyway to run the last commit without them"));
            } else {
                warnings.add("Uncommitted changes (" + files + ") are NOT part of this run: it runs commit "
                        + shortCommit + ".");
            }
        }
        if (remoteProblem != null) {
            warnings.add("The origin URL is not usable by clusters (" + remoteProblem + "): commit "
                    + shortCommit + " is shipped to the cluster as a git bundle instead.");
        } else if (codeSource == LaunchPlan.CodeSource.BUNDLE) {
            warnings.add("Commit " + shortCommit + " is not on origin yet: it is "
                    + "shipped to the cluster as a git bundle.");
        }
    }
}
