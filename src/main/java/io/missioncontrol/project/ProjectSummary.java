package io.missioncontrol.project;

import java.time.Instant;

/** A project as grids list it: its Git state (as of the last sync), where it is and how many jobs it has. */
public record ProjectSummary(String id, String name, String branch, String commit, boolean dirty, boolean pushed,
                             Instant lastSynced, Instant addedAt, long jobCount, String localPath) {

    static ProjectSummary of(Project project, long jobCount) {
        return new ProjectSummary(project.getId(), project.getName(), project.getCurrentBranch(),
                project.getCurrentCommit(), project.isDirty(), project.isPushed(), project.getLastSynced(),
                project.getAddedAt(), jobCount, project.getLocalPath());
    }

    public String shortCommit() {
        return commit == null ? "" : commit.substring(0, Math.min(8, commit.length()));
    }
}
