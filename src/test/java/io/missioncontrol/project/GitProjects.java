package io.missioncontrol.project;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.URIish;

/**
 * Real Git projects for the Projects feature's tests, built with JGit in a temporary folder: work trees,
 * a bare "origin" to push to, and the Hydra fixture project from {@code src/test/resources/hydra}.
 */
public final class GitProjects {

    static final PersonIdent ALICE = new PersonIdent("Alice Researcher", "alice@example.org");

    /** A realistic {@code .mlops-config.yaml} for the vision fixture. */
    public static final String VISION_MLOPS_CONFIG = """
            python:
              conda_env: vision-2.3
              module_loads:
                - cuda/12.1
            train_script: src/train.py
            setup_commands:
              - pip install -e .
            env:
              OMP_NUM_THREADS: "8"
            resources:
              partition: gpu
              time_limit: "04:00:00"
              cpus_per_task: 8
              memory: 32G
              gpus_per_node: 2
              nodes: 1
              gpu_type: a6000
            wandb:
              project: vision
              entity: my-lab
            hydra:
              config_path: configs
              config_name: train
            """;

    private GitProjects() {
    }

    /** A new work tree on branch main with one commit of {@code README.md}. */
    public static Git repoWithOneCommit(Path dir) {
        Git git = init(dir);
        commitFile(git, "README.md", "# " + dir.getFileName() + "\n", "Initial commit");
        return git;
    }

    /**
     * The vision fixture (several groups, nested groups, {@code @package _global_} experiments, optional and
     * override defaults, interpolations) plus {@link #VISION_MLOPS_CONFIG}, committed on main and pushed to a
     * bare origin next to it.
     */
    public static Git visionProject(Path parent) {
        Path dir = parent.resolve("vision");
        Git git = init(dir);
        copyFixture("vision", dir);
        write(git, ".mlops-config.yaml", VISION_MLOPS_CONFIG);
        commitAll(git, "Vision project with Hydra configs");
        addOrigin(git, parent.resolve("vision-origin.git"));
        push(git, "main");
        return git;
    }

    public static Git init(Path dir) {
        try {
            Files.createDirectories(dir);
            return Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path workTree(Git git) {
        return git.getRepository().getWorkTree().toPath();
    }

    /** The work tree's real path, as the portal stores it. */
    public static String realPath(Git git) {
        try {
            return workTree(git).toRealPath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Git git, String path, String content) {
        Path file = workTree(git).resolve(path);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RevCommit commitFile(Git git, String path, String content, String message) {
        write(git, path, content);
        return commitAll(git, message);
    }

    /** Stages everything in the work tree and commits it. */
    public static RevCommit commitAll(Git git, String message) {
        try {
            git.add().addFilepattern(".").call();
            return git.commit().setMessage(message).setAuthor(ALICE).setCommitter(ALICE).setSign(false).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates a bare repository at {@code bare} and makes it the work tree's origin. */
    public static void addOrigin(Git git, Path bare) {
        try (Git ignored = Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call()) {
            git.remoteAdd().setName("origin").setUri(new URIish(bare.toUri().toString())).call();
        } catch (GitAPIException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Pushes a branch to origin; JGit also moves {@code refs/remotes/origin/<branch>}. */
    public static void push(Git git, String branch) {
        try {
            git.push().setRemote("origin").setRefSpecs(new RefSpec("refs/heads/" + branch + ":refs/heads/" + branch)).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void checkout(Git git, String nameOrSha) {
        try {
            git.checkout().setName(nameOrSha).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies the fixture project {@code src/test/resources/hydra/<name>} into {@code target}. */
    public static void copyFixture(String name, Path target) {
        try {
            Path source = Path.of(GitProjects.class.getResource("/hydra/" + name).toURI());
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path to = target.resolve(source.relativize(file).toString());
                    Files.createDirectories(to.getParent());
                    Files.copy(file, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
