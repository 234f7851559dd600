package io.missioncontrol.project.git;

import io.missioncontrol.project.git.GitProjectException.Reason;
import io.missioncontrol.project.git.GitSnapshot.Change;
import io.missioncontrol.project.git.GitSnapshot.DirtyFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.RevWalkUtils;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Reads the Git state of a project's work tree with JGit: branch, HEAD, origin URL, dirty files and
 * whether HEAD (or any commit) has been pushed. Nothing here touches the network; "pushed" means
 * "reachable from a remote-tracking branch", as of the project's last fetch.
 *
 * <p>Stateless and thread-safe; every call opens and closes the repository.
 */
public class GitInspector {

    /** How many dirty files a snapshot lists by default. */
    public static final int DEFAULT_DIRTY_FILE_LIMIT = 50;

    /** Largest file {@link #readFileAtCommit} returns. */
    public static final int MAX_FILE_BYTES = 1024 * 1024;

    private static final Pattern URL_WITH_USER_INFO =
            Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://([^/@]*)@(.*)$", Pattern.DOTALL);

    private final int dirtyFileLimit;

    public GitInspector() {
        this(DEFAULT_DIRTY_FILE_LIMIT);
    }

    /** @param dirtyFileLimit how many dirty files {@link GitSnapshot#dirtyFiles()} lists at most (the count is always exact) */
    public GitInspector(int dirtyFileLimit) {
        if (dirtyFileLimit < 0) {
            throw new IllegalArgumentException("dirtyFileLimit must be >= 0, got " + dirtyFileLimit);
        }
        this.dirtyFileLimit = dirtyFileLimit;
    }

    /**
     * Checks that {@code path} is the root of a non-bare Git work tree and returns its real path
     * (absolute, normalised, symbolic links resolved).
     *
     * @throws GitProjectException with reason {@link Reason#NOT_ABSOLUTE}, {@link Reason#NOT_FOUND},
     *                             {@link Reason#NOT_A_DIRECTORY}, {@link Reason#NOT_A_WORK_TREE} or
     *                             {@link Reason#BARE_REPOSITORY}; the message names the path
     */
    public static Path requireWorkTree(Path path) {
        return GitRepositories.requireWorkTree(path);
    }

    /** Like {@link #requireWorkTree(Path)} for a path typed as text; a blank or malformed path is {@link Reason#INVALID_PATH}. */
    public static Path requireWorkTree(String path) {
        return GitRepositories.requireWorkTree(path);
    }

    /**
     * Reads the current state of the work tree at {@code path}.
     *
     * @throws GitProjectException when the path is not a usable work tree (see {@link #requireWorkTree(Path)}),
     *                             when the repository has no commits yet ({@link Reason#NO_COMMITS}), or on I/O errors
     */
    public GitSnapshot inspect(Path path) {
        try (Repository repository = GitRepositories.open(path);
             Git git = new Git(repository);
             RevWalk walk = new RevWalk(repository)) {
            Path workTree = repository.getWorkTree().toPath();
            Ref head = repository.exactRef(Constants.HEAD);
            if (head == null || head.getObjectId() == null) {
                throw new GitProjectException(Reason.NO_COMMITS, workTree,
                        "'" + workTree + "': repository has no commits yet; commit something first");
            }
            boolean detached = !head.isSymbolic();
            String branch = detached ? null : Repository.shortenRefName(head.getTarget().getName());
            RevCommit commit = walk.parseCommit(head.getObjectId());

            Status status = git.status().call();
            Map<String, Change> dirty = dirtyFiles(status);
            List<DirtyFile> listed = dirty.entrySet().stream()
                    .limit(dirtyFileLimit)
                    .map(e -> new DirtyFile(e.getKey(), e.getValue()))
                    .toList();

            List<String> containing = RevWalkUtils
                    .findBranchesReachableFrom(commit, walk, GitRepositories.remoteTrackingRefs(repository))
                    .stream()
                    .map(ref -> Repository.shortenRefName(ref.getName()))
                    .sorted()
                    .toList();

            return new GitSnapshot(
                    workTree,
                    branch,
                    commit.getName(),
                    commit.getShortMessage(),
                    Instant.ofEpochSecond(commit.getCommitTime()),
                    detached,
                    redactCredentials(repository.getConfig().getString("remote", "origin", "url")),
                    !dirty.isEmpty(),
                    listed,
                    dirty.size(),
                    !containing.isEmpty(),
                    containing);
        } catch (IOException | GitAPIException e) {
            throw GitRepositories.ioError(path, "could not read the Git state", e);
        }
    }

    /**
     * Whether the given commit is reachable from at least one remote-tracking branch ({@code refs/remotes/*}),
     * i.e. whether a clone of the remote contains it (as of the last fetch).
     *
     * @param commitId a full or abbreviated (7+ hex digits) commit id; branch names are refused
     * @throws GitProjectException {@link Reason#UNKNOWN_COMMIT} when the commit does not exist locally
     */
    public boolean isCommitOnRemote(Path path, String commitId) {
        try (Repository repository = GitRepositories.open(path); RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = GitRepositories.resolveCommit(repository, walk, commitId);
            return GitRepositories.isOnAnyRemote(repository, walk, commit);
        } catch (IOException e) {
            throw GitRepositories.ioError(path, "could not read the remote-tracking branches", e);
        }
    }

    /**
     * Whether the commit is reachable from a remote-tracking branch of the named remote
     * ({@code refs/remotes/<remote>/*}): what a clone or fetch from that remote will contain.
     */
    public boolean isCommitOnRemote(Path path, String commitId, String remote) {
        try (Repository repository = GitRepositories.open(path); RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = GitRepositories.resolveCommit(repository, walk, commitId);
            List<Ref> refs = GitRepositories.remoteTrackingRefs(repository).stream()
                    .filter(ref -> ref.getName().startsWith(Constants.R_REMOTES + remote + "/")).toList();
            return !refs.isEmpty() && walk.isMergedIntoAny(commit, refs);
        } catch (IOException e) {
            throw GitRepositories.ioError(path, "could not read the remote-tracking branches", e);
        }
    }

    /**
     * Resolves a full or abbreviated commit id to the full 40-character id.
     *
     * @throws GitProjectException {@link Reason#UNKNOWN_COMMIT} when it is malformed, unknown, ambiguous or not a commit
     */
    public String resolveCommit(Path path, String commitId) {
        try (Repository repository = GitRepositories.open(path); RevWalk walk = new RevWalk(repository)) {
            return GitRepositories.resolveCommit(repository, walk, commitId).getName();
        }
    }

    /**
     * The content of a file as recorded in a commit (not as it is in the work tree), decoded as UTF-8;
     * empty when the commit has no such file. Use it to read {@code .mlops-config.yaml} of the exact commit a job runs.
     *
     * @param relativePath path from the repository root with {@code /} separators, e.g. {@code .mlops-config.yaml}
     * @throws GitProjectException for an unknown commit, or an {@link Reason#IO_ERROR} when the file is larger than {@link #MAX_FILE_BYTES}
     */
    public Optional<String> readFileAtCommit(Path path, String commitId, String relativePath) {
        if (relativePath == null || relativePath.isBlank() || relativePath.startsWith("/")) {
            throw new IllegalArgumentException("relativePath must be a path relative to the repository root, got '" + relativePath + "'");
        }
        try (Repository repository = GitRepositories.open(path); RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = GitRepositories.resolveCommit(repository, walk, commitId);
            try (TreeWalk tree = TreeWalk.forPath(repository, relativePath, commit.getTree())) {
                if (tree == null || (tree.getFileMode(0).getObjectType() != Constants.OBJ_BLOB)) {
                    return Optional.empty();
                }
                ObjectLoader loader = repository.open(tree.getObjectId(0), Constants.OBJ_BLOB);
                if (loader.getSize() > MAX_FILE_BYTES) {
                    throw new GitProjectException(Reason.IO_ERROR, repository.getWorkTree().toPath(),
                            "'" + relativePath + "' in commit " + commit.getName() + " is larger than " + MAX_FILE_BYTES + " bytes");
                }
                return Optional.of(new String(loader.getCachedBytes(MAX_FILE_BYTES), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw GitRepositories.ioError(path, "could not read '" + relativePath + "'", e);
        }
    }

    /** Path to change; a file in several states gets the first {@link Change} in declaration order. Sorted by path. */
    private static Map<String, Change> dirtyFiles(Status status) {
        Map<String, Change> files = new TreeMap<>();
        put(files, status.getConflicting(), Change.CONFLICTING);
        put(files, status.getAdded(), Change.ADDED);
        put(files, status.getRemoved(), Change.REMOVED);
        put(files, status.getChanged(), Change.MODIFIED);
        put(files, status.getModified(), Change.MODIFIED);
        put(files, status.getMissing(), Change.MISSING);
        put(files, status.getUntracked(), Change.UNTRACKED);
        return files;
    }

    private static void put(Map<String, Change> files, Set<String> paths, Change change) {
        for (String p : paths) {
            files.putIfAbsent(p, change);
        }
    }

    /**
     * Removes secrets from a remote URL before it is stored or shown: for http(s) the whole user-info part
     * ({@code https://TOKEN@host/…}, {@code https://user:pass@host/…}), for other schemes only the password
     * ({@code ssh://git:pw@host/…} → {@code ssh://git@host/…}). scp-like URLs ({@code git@host:repo.git}) and paths stay as they are.
     */
    static String redactCredentials(String url) {
        if (url == null) {
            return null;
        }
        Matcher m = URL_WITH_USER_INFO.matcher(url);
        if (!m.matches()) {
            return url;
        }
        String scheme = m.group(1);
        String userInfo = m.group(2);
        String rest = m.group(3);
        if (scheme.toLowerCase(java.util.Locale.ROOT).startsWith("http")) {
            return scheme + "://" + rest;
        }
        int colon = userInfo.indexOf(':');
        return colon < 0 ? url : scheme + "://" + userInfo.substring(0, colon) + "@" + rest;
    }
}
