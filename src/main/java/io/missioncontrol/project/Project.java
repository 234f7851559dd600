package io.missioncontrol.project;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A researcher's Git work tree registered with the portal, with the Git state last read from it. */
@Entity
@Table(name = "projects")
public class Project {

    @Id
    private String id;

    @Column(nullable = false, unique = true)
    private String name;

    @Column(name = "local_path", nullable = false, unique = true)
    private String localPath;

    @Column(name = "repo_url")
    private String repoUrl;

    @Column(name = "current_branch")
    private String currentBranch;

    @Column(name = "current_commit")
    private String currentCommit;

    @Column(name = "is_dirty", nullable = false)
    private boolean dirty;

    @Column(name = "is_pushed", nullable = false)
    private boolean pushed;

    @Column(name = "added_at", nullable = false)
    private Instant addedAt;

    @Column(name = "last_synced")
    private Instant lastSynced;

    protected Project() {
    }

    public Project(String name, String localPath, Instant addedAt) {
        this.id = UUID.randomUUID().toString();
        this.name = name;
        this.localPath = localPath;
        this.addedAt = addedAt;
    }

    /** Records the Git state just read from the work tree. */
    public void synced(String repoUrl, String branch, String commit, boolean dirty, boolean pushed, Instant at) {
        this.repoUrl = repoUrl;
        this.currentBranch = branch;
        this.currentCommit = commit;
        this.dirty = dirty;
        this.pushed = pushed;
        this.lastSynced = at;
    }

    public String getId() { return id; }
    public String getName() { return name; }
    public String getLocalPath() { return localPath; }
    public String getRepoUrl() { return repoUrl; }
    public String getCurrentBranch() { return currentBranch; }
    public String getCurrentCommit() { return currentCommit; }
    public boolean isDirty() { return dirty; }
    public boolean isPushed() { return pushed; }
    public Instant getAddedAt() { return addedAt; }
    public Instant getLastSynced() { return lastSynced; }

    /** The first 8 characters of the commit, as people quote it. */
    public String getShortCommit() {
        return currentCommit == null ? null : currentCommit.substring(0, Math.min(8, currentCommit.length()));
    }
}
