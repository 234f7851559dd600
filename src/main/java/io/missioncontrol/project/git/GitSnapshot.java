package io.missioncontrol.project.git;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a project's Git work tree looks like right now, as read by {@link GitInspector#inspect(Path)}.
 *
 * @param workTree                     the work tree's real path (absolute, normalised, symlinks resolved)
 * @param branch                       the checked-out branch's short name ({@code main}), or {@code null} when HEAD is detached
 * @param headCommit                   the full 40-character id of the HEAD commit
 * @param headMessage                  the first line of the HEAD commit's message
 * @param headCommitTime               when the HEAD commit was committed
 * @param detached                     whether HEAD points directly at a commit instead of a branch
 * @param remoteUrl                    the URL of the {@code origin} remote with any credentials removed, or {@code null} when there is no origin
 * @param dirty                        whether any file is modified, added, removed, missing, untracked or conflicting
 * @param dirtyFiles                   the first {@link GitInspector#dirtyFileLimit()} dirty files, sorted by path
 * @param dirtyFileCount               how many dirty files there are in total ({@code >= dirtyFiles.size()})
 * @param pushed                       whether HEAD is reachable from at least one remote-tracking ref ({@code refs/remotes/*}),
 *                                     as of the last fetch: nothing here talks to the network
 * @param remoteBranchesContainingHead the remote-tracking branches HEAD is reachable from, short names ({@code origin/main}), sorted
 */
public record GitSnapshot(
        Path workTree,
        String branch,
        String headCommit,
        String headMessage,
        Instant headCommitTime,
        boolean detached,
        String remoteUrl,
        boolean dirty,
        List<DirtyFile> dirtyFiles,
        int dirtyFileCount,
        boolean pushed,
        List<String> remoteBranchesContainingHead) {

    public GitSnapshot {
        Objects.requireNonNull(workTree, "workTree");
        Objects.requireNonNull(headCommit, "headCommit");
        dirtyFiles = List.copyOf(dirtyFiles);
        remoteBranchesContainingHead = List.copyOf(remoteBranchesContainingHead);
        if (dirtyFileCount < dirtyFiles.size()) {
            throw new IllegalArgumentException("dirtyFileCount " + dirtyFileCount + " < " + dirtyFiles.size() + " listed files");
        }
    }

    /** The first 7 characters of {@link #headCommit()}, for display. */
    public String shortCommit() {
        return headCommit.substring(0, Math.min(7, headCommit.length()));
    }

    /** Whether {@link #dirtyFiles()} lists fewer files than {@link #dirtyFileCount()}. */
    public boolean dirtyFilesTruncated() {
        return dirtyFileCount > dirtyFiles.size();
    }

    /** The paths of {@link #dirtyFiles()}, in the same order. */
    public List<String> dirtyPaths() {
        return dirtyFiles.stream().map(DirtyFile::path).toList();
    }

    /**
     * One file that differs from HEAD.
     *
     * @param path   the path relative to the work tree root, with {@code /} separators
     * @param change how it differs
     */
    public record DirtyFile(String path, Change change) {
        public DirtyFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(change, "change");
        }
    }

    /** How a dirty file differs from HEAD. When a file is in several states, the first one listed here wins. */
    public enum Change {
        /** Both sides of a merge changed it; the conflict is not resolved yet. */
        CONFLICTING,
        /** New in the index (staged), not in HEAD. */
        ADDED,
        /** Deleted from the index (staged removal). */
        REMOVED,
        /** Its content differs from HEAD, staged or not. */
        MODIFIED,
        /** Tracked, but deleted from the work tree without staging the removal. */
        MISSING,
        /** In the work tree, neither tracked nor ignored. */
        UNTRACKED
    }
}
