package io.missioncontrol.job.launch;

import io.missioncontrol.project.GitProjects;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.ProjectService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;

/** Shared set-up of the launch step tests: real Git work trees, read through the project feature. */
final class LaunchSteps {

    private LaunchSteps() {
    }

    /** The project feature without a database: the steps only read work trees through it. */
    static RevisionStep revisions() {
        return new RevisionStep(new ProjectService(null, null, Clock.systemUTC(), null));
    }

    static Project project(Git git) {
        return new Project(GitProjects.workTree(git).getFileName().toString(), GitProjects.realPath(git),
                Instant.now());
    }

    /** A request for the scripted cluster with nothing but a name; the rest comes from the project's defaults. */
    static LaunchRequest request(String name) {
        return request(name, null, null, null, null, Map.of(), List.of(), false);
    }

    static LaunchRequest request(String name, String partition, String gpuType, Integer gpusPerNode, String memory,
                                 Map<String, String> hydraOverrides, List<String> extraOverrides, boolean allowDirty) {
        return new LaunchRequest("project", name, null, ScriptedLaunchGateway.CLUSTER, partition, gpuType, null,
                gpusPerNode, null, null, memory, hydraOverrides, extraOverrides, allowDirty, null);
    }
}
