package io.missioncontrol.project.git;

import io.missioncontrol.project.git.GitProjectException.Reason;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;

/** Shared plumbing: path validation, opening a work tree, resolving commit ids, remote-tracking refs. */
final class GitRepositories {

    /** A commit id as people write it: 7 to 40 hex digits. Anything else (branch names, {@code HEAD~1}) is refused. */
    private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-fA-F]{7,40}");

    private GitRepositories() {
    }

    static Path requireWorkTree(String path) {
        if (path == null || path.isBlank()) {
            throw new GitProjectException(Reason.INVALID_PATH, null, "Project path is empty; enter the absolute path of a Git work tree");
        }
        Path parsed;
        try {
            parsed = Path.of(path.strip());
        } catch (InvalidPathException e) {
            throw new GitProjectException(Reason.INVALID_PATH, null, "'" + path + "' is not a valid path: " + e.getReason(), e);
        }
        return requireWorkTree(parsed);
    }

    static Path requireWorkTree(Path path) {
        if (path == null) {
            throw new GitProjectException(Reason.INVALID_PATH, null, "Project path is empty; enter the absolute path of a Git work tree");
        }
        if (!path.isAbsolute()) {
            throw new GitProjectException(Reason.NOT_ABSOLUTE, path,
                    "'" + path + "' is not an absolute path; enter the full path, starting with /");
        }
        Path normalized = path.toAbsolutePath().normalize();
        if (!Files.exists(normalized)) {
            throw new GitProjectException(Reason.NOT_FOUND, normalized, "'" + normalized + "' does not exist");
        }
        Path real;
        try {
            real = normalized.toRealPath();
        } catch (IOException e) {
            throw new GitProjectException(Reason.NOT_FOUND, normalized, "'" + normalized + "' cannot be read: " + describe(e), e);
        }
        if (!Files.isDirectory(real)) {
            throw new GitProjectException(Reason.NOT_A_DIRECTORY, real, "'" + real + "' is a file, not a directory");
        }
        File dir = real.toFile();
        if (!Files.exists(real.resolve(Constants.DOT_GIT))) {
            if (RepositoryCache.FileKey.isGitRepository(dir, FS.DETECTED)) {
                throw new GitProjectException(Reason.BARE_REPOSITORY, real,
                        "'" + real + "' is a bare Git repository (no work tree); enter the path of a checkout instead");
            }
            File enclosing = new FileRepositoryBuilder().findGitDir(dir).getGitDir();
            String hint = enclosing == null || !Constants.DOT_GIT.equals(enclosing.getName()) ? ""
                    : "; it is inside the Git work tree '" + enclosing.toPath().getParent() + "', enter that path instead";
            throw new GitProjectException(Reason.NOT_A_WORK_TREE, real, "'" + real + "' is not a Git work tree (no .git here)" + hint);
        }
        try (Repository repository = openUnchecked(real)) {
            if (repository.isBare()) {
                throw new GitProjectException(Reason.BARE_REPOSITORY, real,
                        "'" + real + "' is a bare Git repository (no work tree); enter the path of a checkout instead");
            }
        }
        return real;
    }

    /** Validates the path with {@link #requireWorkTree(Path)} and opens the repository. The caller closes it. */
    static Repository open(Path path) {
        return openUnchecked(requireWorkTree(path));
    }

    private static Repository openUnchecked(Path workTree) {
        try {
            return new FileRepositoryBuilder()
                    .setWorkTree(workTree.toFile())
                    .setMustExist(true)
                    .build();
        } catch (IOException | IllegalArgumentException e) {
            throw new GitProjectException(Reason.NOT_A_WORK_TREE, workTree,
                    "'" + workTree + "' is not a Git work tree: " + describe(e), e);
        }
    }

    /**
     * Resolves a commit id (full or abbreviated to at least 7 hex digits) to a commit of this repository.
     * Branch names and revision expressions are refused on purpose: jobs record exact commits.
     */
    static RevCommit resolveCommit(Repository repository, RevWalk walk, String commitId) {
        Path workTree = repository.getWorkTree().toPath();
        if (commitId == null || !COMMIT_ID.matcher(commitId.strip()).matches()) {
            throw new GitProjectException(Reason.UNKNOWN_COMMIT, workTree,
                    "'" + commitId + "' is not a commit id (expected 7 to 40 hexadecimal digits)");
        }
        String hex = commitId.strip().toLowerCase(Locale.ROOT);
        try {
            ObjectId id;
            if (hex.length() == Constants.OBJECT_ID_STRING_LENGTH) {
                id = ObjectId.fromString(hex);
            } else {
                try (ObjectReader reader = repository.newObjectReader()) {
                    Collection<ObjectId> candidates = reader.resolve(AbbreviatedObjectId.fromString(hex));
                    List<ObjectId> commits = candidates.stream().filter(c -> isCommit(walk, c)).toList();
                    if (commits.size() > 1) {
                        throw new GitProjectException(Reason.UNKNOWN_COMMIT, workTree,
                                "commit id '" + hex + "' is ambiguous in '" + workTree + "'; use more digits");
                    }
                    id = commits.isEmpty() ? null : commits.getFirst();
                }
            }
            if (id == null) {
                throw unknownCommit(workTree, hex);
            }
            return walk.parseCommit(id);
        } catch (MissingObjectException e) {
            throw unknownCommit(workTree, hex);
        } catch (IncorrectObjectTypeException e) {
            throw new GitProjectException(Reason.UNKNOWN_COMMIT, workTree, "'" + hex + "' in '" + workTree + "' is not a commit", e);
        } catch (IOException e) {
            throw ioError(workTree, "could not read commit " + hex, e);
        }
    }

    private static boolean isCommit(RevWalk walk, ObjectId id) {
        try {
            walk.parseCommit(id);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static GitProjectException unknownCommit(Path workTree, String hex) {
        return new GitProjectException(Reason.UNKNOWN_COMMIT, workTree, "commit " + hex + " does not exist in '" + workTree + "'");
    }

    /** The remote-tracking branches ({@code refs/remotes/*}), without symbolic ones such as {@code origin/HEAD}. */
    static List<Ref> remoteTrackingRefs(Repository repository) throws IOException {
        return repository.getRefDatabase().getRefsByPrefix(Constants.R_REMOTES).stream()
                .filter(ref -> !ref.isSymbolic() && ref.getObjectId() != null)
                .toList();
    }

    /** Whether the commit is reachable from at least one remote-tracking branch. */
    static boolean isOnAnyRemote(Repository repository, RevWalk walk, RevCommit commit) throws IOException {
        List<Ref> remotes = remoteTrackingRefs(repository);
        return !remotes.isEmpty() && walk.isMergedIntoAny(commit, remotes);
    }

    static GitProjectException ioError(Path workTree, String what, Exception e) {
        return new GitProjectException(Reason.IO_ERROR, workTree, what + " in '" + workTree + "': " + describe(e), e);
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
