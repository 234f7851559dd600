package io.missioncontrol;

import io.missioncontrol.project.GitProjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * A tiny real training project for launch tests: {@code train.py} prints the commit it runs at and
 * its arguments; a Hydra config with a {@code model} group; a bare origin. Everything lives in a
 * folder the cluster's {@code mlops} user can read (JUnit's temp dirs are private), since the dev
 * cluster fetches from that origin.
 */
public final class TrainingRepo implements AutoCloseable {

    public static final String TRAIN_PY = """
            import subprocess, sys
            print("MC-COMMIT " + subprocess.check_output(["git", "rev-parse", "HEAD"]).decode().strip(), flush=True)
            for arg in sys.argv[1:]:
                print("MC-ARG " + arg, flush=True)
            print("MC-DONE", flush=True)
            """;

    public final Path root;
    public final Path workTree;
    public final Path origin;
    public final Git git;

    private TrainingRepo(Path root, Path workTree, Path origin, Git git) {
        this.root = root;
        this.workTree = workTree;
        this.origin = origin;
        this.git = git;
    }

    /** A project named {@code name} whose first commit is pushed to its origin. */
    public static TrainingRepo create(String name) {
        try {
            Path root = Files.createDirectories(Path.of("/tmp/missioncontrol-test-repos", UUID.randomUUID().toString()));
            Files.setPosixFilePermissions(root.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
            Path workTree = root.resolve(name);
            Path origin = root.resolve(name + "-origin.git");
            try (Git bare = Git.init().setBare(true).setDirectory(origin.toFile()).setInitialBranch("main").call()) {
                // JGit's in-process receive-pack would start an automatic gc after each push, in the
                // background: its lock files come and go while openUp() and the chown walk the folder.
                var config = bare.getRepository().getConfig();
                config.setBoolean("receive", null, "autogc", false);
                config.save();
            }
            Git git = GitProjects.init(workTree);
            GitProjects.write(git, "train.py", TRAIN_PY);
            GitProjects.write(git, "configs/train.yaml", """
                    defaults:
                      - model: cnn
                      - _self_
                    trainer:
                      epochs: 1
                      lr: 0.01
                    seed: 7
                    """);
            GitProjects.write(git, "configs/model/cnn.yaml", "layers: 2\n");
            GitProjects.write(git, "configs/model/mlp.yaml", "hidden: 64\n");
            GitProjects.commitAll(git, "Tiny training project");
            GitProjects.addOrigin(git, origin);
            GitProjects.push(git, "main");
            TrainingRepo repo = new TrainingRepo(root, workTree, origin, git);
            repo.openUp();
            giveToClusterUser(origin);
            return repo;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create the training repository", e);
        }
    }

    /** Commits a change without pushing it: the new HEAD exists only here. */
    public RevCommit commitLocally(String file, String content) {
        RevCommit commit = GitProjects.commitFile(git, file, content, "Local change " + file);
        openUp();
        return commit;
    }

    public String head() {
        try {
            return git.getRepository().resolve("HEAD").name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The origin belongs to the cluster's account, as a lab's shared repository would: Git refuses to
     * fetch from a repository owned by someone else ("dubious ownership").
     */
    private static void giveToClusterUser(Path origin) throws IOException {
        var owner = origin.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("mlops");
        try (Stream<Path> all = Files.walk(origin)) {
            for (Path p : all.toList()) {
                Files.setOwner(p, owner);
            }
        }
    }

    /** Lets every user read (and enter) everything, as a shared lab disk would. */
    public void openUp() {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        git.close();
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
