package io.missioncontrol.project;

import java.time.Instant;

/** A project as grids list it: its Git state (as of the last sync), where it is and how many jobs it has. */
public record ProjectSummary(String id, String name, String branch, String commit, boolean dirty, boolean pushed,
                             Instant lastSynced, Instant addedAt, long jobCount, String localPath) {

    public String shortCommit() {
        return commit == null ? "" : commit.substring(0, Math.min(8, commit.length()));
    }
}
