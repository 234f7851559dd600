package io.missioncontrol.project.git;

import static io.missioncontrol.project.GitProjects.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.URIish;

/**
 * What the Git package's tests need beyond {@link io.missioncontrol.project.GitProjects}: bare repositories,
 * staging single paths, branches, fetches, and the system {@code git} CLI run in isolation.
 */
final class TestRepos {

    static final PersonIdent ALICE = new PersonIdent("Alice Researcher", "alice@example.org");

    private TestRepos() {
    }

    static Git initBare(Path dir) {
        try {
            return Git.init().setBare(true).setDirectory(dir.toFile()).setInitialBranch("main").call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    static void stage(Git git, String path) {
        try {
            git.add().addFilepattern(path).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes, stages and commits one file. */
    static RevCommit commitFile(Git git, String path, String content, String message) {
        write(git, path, content);
        stage(git, path);
        return commit(git, message);
    }

    static RevCommit commit(Git git, String message) {
        try {
            return git.commit().setMessage(message).setAuthor(ALICE).setCommitter(ALICE).setSign(false).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    static void createBranch(Git git, String name) {
        try {
            git.branchCreate().setName(name).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    static void addOrigin(Git git, Path remote) {
        try {
            git.remoteAdd().setName("origin").setUri(new URIish(remote.toUri().toString())).call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void fetch(Git git) {
        try {
            git.fetch().setRemote("origin").call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the system git CLI without any user or system configuration; fails the test on a non-zero exit. */
    static String git(Path workDir, String... args) {
        Result result = gitResult(workDir, args);
        if (result.exitCode() != 0) {
            throw new AssertionError("git " + String.join(" ", args) + " failed with " + result.exitCode() + ":\n" + result.output());
        }
        return result.output().strip();
    }

    record Result(int exitCode, String output) {
    }

    static Result gitResult(Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("HOME", workDir.toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_AUTHOR_NAME", ALICE.getName());
        env.put("GIT_AUTHOR_EMAIL", ALICE.getEmailAddress());
        env.put("GIT_COMMITTER_NAME", ALICE.getName());
        env.put("GIT_COMMITTER_EMAIL", ALICE.getEmailAddress());
        env.remove("GIT_DIR");
        env.remove("GIT_WORK_TREE");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("git " + String.join(" ", args) + " timed out");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
