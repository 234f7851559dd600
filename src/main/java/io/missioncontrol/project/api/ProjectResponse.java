package io.missioncontrol.project.api;

import io.missioncontrol.project.Project;
import java.time.Instant;

/** A project as the REST API shows it (snake_case on the wire, as in the seed's model). */
record ProjectResponse(String id, String name, String localPath, String repoUrl, String currentBranch,
                       String currentCommit, Instant addedAt, Instant lastSynced, boolean isDirty,
                       boolean isPushed) {

    static ProjectResponse of(Project p) {
        return new ProjectResponse(p.getId(), p.getName(), p.getLocalPath(), p.getRepoUrl(), p.getCurrentBranch(),
                p.getCurrentCommit(), p.getAddedAt(), p.getLastSynced(), p.isDirty(), p.isPushed());
    }
}
