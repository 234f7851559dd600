package io.missioncontrol.project.git;

import io.missioncontrol.project.git.GitProjectException.Reason;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.BundleWriter;

/**
 * Ships code that is not on the remote: writes a {@code git bundle} holding one commit and its whole
 * history, advertised as the branch {@code missioncontrol-<first 12 hex digits>}. On the cluster, plain
 * {@code git} takes it like any remote:
 * <pre>
 * git clone --no-checkout job.bundle checkout
 * git -C checkout checkout --detach &lt;sha&gt;
 * </pre>
 * The bundle advertises no {@code HEAD}, so a plain {@code git clone} warns that it cannot check anything
 * out (and still succeeds); {@code --no-checkout} avoids the warning. The explicit checkout of the sha is what
 * makes the job run exactly the recorded commit.
 *
 * <p>Stateless and thread-safe.
 */
public class GitBundleWriter {

    /** Prefix of the branch a bundle advertises. */
    public static final String REF_PREFIX = Constants.R_HEADS + "missioncontrol-";

    private static final int SHORT_ID_LENGTH = 12;

    /** The ref a bundle of {@code commitId} advertises: {@code refs/heads/missioncontrol-<12 hex digits>}. */
    public static String refNameFor(String commitId) {
        return REF_PREFIX + commitId.substring(0, Math.min(SHORT_ID_LENGTH, commitId.length()));
    }

    /**
     * Writes a bundle with {@code commitId} and its full history to {@code outFile} (parent directories are
     * created; an existing file is replaced atomically, so a reader never sees half a bundle).
     *
     * @param repo     the project's work tree (validated like {@link GitInspector#requireWorkTree(Path)})
     * @param commitId full or abbreviated (7+ hex digits) commit id; branch names are refused
     * @param outFile  where to write the bundle
     * @throws GitProjectException for an unusable work tree, an unknown commit, a shallow clone (its history is
     *                             incomplete, so the bundle could not be cloned) or an I/O error
     */
    public GitBundle writeBundle(Path repo, String commitId, Path outFile) {
        if (outFile == null) {
            throw new IllegalArgumentException("outFile must not be null");
        }
        Path target = outFile.toAbsolutePath().normalize();
        try (Repository repository = GitRepositories.open(repo); RevWalk walk = new RevWalk(repository)) {
            Path workTree = repository.getWorkTree().toPath();
            RevCommit commit = GitRepositories.resolveCommit(repository, walk, commitId);
            if (!repository.getObjectDatabase().getShallowCommits().isEmpty()) {
                throw new GitProjectException(Reason.SHALLOW_REPOSITORY, workTree,
                        "'" + workTree + "' is a shallow clone, so its history cannot be bundled; run 'git fetch --unshallow' there first");
            }
            String refName = refNameFor(commit.getName());
            BundleWriter writer = new BundleWriter(repository);
            writer.include(refName, commit);

            Path parent = target.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path temp = Files.createTempFile(parent, "." + target.getFileName() + ".", ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(temp)) {
                    writer.writeBundle(NullProgressMonitor.INSTANCE, out);
                }
                moveIntoPlace(temp, target);
            } finally {
                Files.deleteIfExists(temp);
            }
            return new GitBundle(target, commit.getName(), refName, Files.size(target));
        } catch (IOException e) {
            throw new GitProjectException(Reason.IO_ERROR, target,
                    "could not write the Git bundle '" + target + "': " + GitRepositories.describe(e), e);
        }
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
