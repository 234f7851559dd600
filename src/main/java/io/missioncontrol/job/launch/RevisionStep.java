package io.missioncontrol.job.launch;

import io.missioncontrol.cluster.ClusterDefinition;

import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.project.MlopsConfig;
import io.missioncontrol.project.MlopsConfigException;
import io.missioncontrol.project.MlopsConfigReader;
import io.missioncontrol.project.MlopsConfigResult;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.ProjectService;
import io.missioncontrol.project.git.GitInspector;
import io.missioncontrol.project.git.GitRemoteUrl;
import io.missioncontrol.project.git.GitSnapshot;
import io.missioncontrol.project.hydra.HydraLoadResult;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Launch step 1: the revision that runs. HEAD of the work tree as it is now; its settings are read as committed,
 * since the job runs the commit and not the work tree.
 */
final class RevisionStep {

    private final ProjectService projects;
    private final GitInspector git = new GitInspector();
    private final MlopsConfigReader mlopsReader = new MlopsConfigReader();

    RevisionStep(ProjectService projects) {
        this.projects = projects;
    }

    /**
     * @throws InvalidInputException naming {@code project_id} when the commit's settings cannot be used
     */
    Revision resolve(Project project) {
        GitSnapshot snapshot = projects.gitSnapshot(project);
        MlopsConfig config = committedSettings(project, snapshot.headCommit());
        // located by the committed settings, like everything else the job runs with
        HydraLoadResult hydra = projects.hydraConfig(project, new MlopsConfigResult.Loaded(config, true));
        // The script fetches from origin, so only origin's branches count (not a fork's); and only a plain
        // origin URL is handed to the cluster's git (some URL shapes make git run commands).
        Optional<String> remoteProblem = snapshot.remoteUrl() == null ? Optional.empty()
                : GitRemoteUrl.problem(snapshot.remoteUrl());
        boolean onRemote = snapshot.remoteUrl() != null && remoteProblem.isEmpty()
                && git.isCommitOnRemote(Path.of(project.getLocalPath()), snapshot.headCommit(), "origin");
        return new Revision(project, snapshot, config, hydra,
                onRemote ? LaunchPlan.CodeSource.REMOTE : LaunchPlan.CodeSource.BUNDLE, remoteProblem.orElse(null));
    }

    /**
     * The revision as it reaches {@code cluster}: a commit on origin goes by {@code git fetch} only when the
     * cluster's account can read origin (asked with {@code git ls-remote}, cached); else it goes as a bundle, and
     * the plan's warnings say why.
     */
    static Revision reachableFrom(Revision revision, ClusterDefinition cluster, LaunchGateway gateway) {
        if (revision.codeSource() != LaunchPlan.CodeSource.REMOTE) {
            return revision;
        }
        String url = revision.snapshot().remoteUrl();
        return gateway.gitRemoteProblem(cluster, url)
                .map(problem -> revision.shippedAsBundle("cluster '" + cluster.name() + "' cannot read " + url
                        + ": " + problem))
                .orElse(revision);
    }

    /** The project's .mlops-config.yaml as recorded in {@code commit} (defaults when the commit has none). */
    private MlopsConfig committedSettings(Project project, String commit) {
        try {
            return mlopsReader.parse(git.readFileAtCommit(Path.of(project.getLocalPath()), commit,
                    MlopsConfig.FILE_NAME).orElse(""));
        } catch (MlopsConfigException e) {
            throw new InvalidInputException("project_id", "The project's .mlops-config.yaml in commit "
                    + commit.substring(0, 8) + " cannot be used: " + e.getMessage());
        }
    }
}
