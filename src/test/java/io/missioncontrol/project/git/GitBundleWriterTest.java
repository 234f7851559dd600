package io.missioncontrol.project.git;

import static io.missioncontrol.project.git.TestRepos.addOrigin;
import static io.missioncontrol.project.GitProjects.checkout;
import static io.missioncontrol.project.git.TestRepos.commitFile;
import static io.missioncontrol.project.git.TestRepos.createBranch;
import static io.missioncontrol.project.git.TestRepos.git;
import static io.missioncontrol.project.git.TestRepos.gitResult;
import static io.missioncontrol.project.GitProjects.init;
import static io.missioncontrol.project.git.TestRepos.initBare;
import static io.missioncontrol.project.GitProjects.push;
import static io.missioncontrol.project.GitProjects.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missioncontrol.project.git.GitProjectException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class GitBundleWriterTest {

    @TempDir
    Path tmp;

    private final GitBundleWriter bundles = new GitBundleWriter();
    private final GitInspector inspector = new GitInspector();

    @Test
    void the_system_git_clones_the_bundle_and_checks_out_exactly_the_commit() throws IOException {
        try (Git git = init(tmp.resolve("proj"))) {
            commitFile(git, "train.py", "print('v1')\n", "v1");
            RevCommit head = commitFile(git, "train.py", "print('v2')\n", "v2");

            GitBundle bundle = bundles.writeBundle(tmp.resolve("proj"), head.getName(), tmp.resolve("out/job.bundle"));

            assertThat(bundle.file()).isEqualTo(tmp.resolve("out/job.bundle"));
            assertThat(bundle.commit()).isEqualTo(head.getName());
            assertThat(bundle.refName()).isEqualTo("refs/heads/missioncontrol-" + head.getName().substring(0, 12));
            assertThat(bundle.branchName()).isEqualTo("missioncontrol-" + head.getName().substring(0, 12));
            assertThat(bundle.sizeBytes()).isEqualTo(Files.size(bundle.file())).isPositive();

            Path cluster = Files.createDirectories(tmp.resolve("cluster"));
            git(cluster, "clone", bundle.file().toString(), "checkout");
            git(cluster, "-C", "checkout", "checkout", "--detach", head.getName());

            assertThat(git(cluster, "-C", "checkout", "rev-parse", "HEAD")).isEqualTo(head.getName());
            assertThat(cluster.resolve("checkout/train.py")).hasContent("print('v2')");
            assertThat(git(cluster, "-C", "checkout", "log", "--format=%s")).isEqualTo("v2\nv1");
            assertThat(git(cluster, "-C", "checkout", "status", "--porcelain")).isEmpty();
        }
    }

    @Test
    void the_documented_no_checkout_clone_works_too() {
        try (Git git = init(tmp.resolve("proj"))) {
            RevCommit head = commitFile(git, "train.py", "x", "v1");
            GitBundle bundle = bundles.writeBundle(tmp.resolve("proj"), head.getName(), tmp.resolve("job.bundle"));

            Path cluster = tmp.resolve("cluster");
            git(tmp, "clone", "--no-checkout", bundle.file().toString(), cluster.toString());
            git(cluster, "checkout", "--detach", head.getName());

            assertThat(git(cluster, "rev-parse", "HEAD")).isEqualTo(head.getName());
            assertThat(cluster.resolve("train.py")).hasContent("x");
        }
    }

    @Test
    void the_bundle_verifies_with_the_system_git() {
        try (Git git = init(tmp.resolve("proj"))) {
            RevCommit head = commitFile(git, "a.txt", "a", "a");
            GitBundle bundle = bundles.writeBundle(tmp.resolve("proj"), head.getName(), tmp.resolve("job.bundle"));

            git(tmp, "init", "-q", "scratch");
            String listed = git(tmp.resolve("scratch"), "bundle", "list-heads", bundle.file().toString());

            assertThat(listed).isEqualTo(head.getName() + " " + bundle.refName());
            assertThat(git(tmp.resolve("scratch"), "bundle", "verify", bundle.file().toString())).contains("is okay");
        }
    }

    @Test
    void an_older_commit_on_another_branch_ships_without_the_later_history() throws IOException {
        try (Git git = init(tmp.resolve("proj"))) {
            commitFile(git, "a.txt", "a", "base");
            createBranch(git, "experiment");
            checkout(git, "experiment");
            RevCommit experiment = commitFile(git, "exp.txt", "exp", "experiment");
            checkout(git, "main");
            RevCommit later = commitFile(git, "later.txt", "later", "later on main");

            GitBundle bundle = bundles.writeBundle(tmp.resolve("proj"), experiment.getName(), tmp.resolve("job.bundle"));

            Path cluster = Files.createDirectories(tmp.resolve("cluster"));
            git(cluster, "clone", "-q", "--no-checkout", bundle.file().toString(), "c");
            git(cluster, "-C", "c", "checkout", "-q", "--detach", experiment.getName());
            assertThat(git(cluster, "-C", "c", "rev-parse", "HEAD")).isEqualTo(experiment.getName());
            assertThat(cluster.resolve("c/exp.txt")).exists();
            assertThat(gitResult(cluster, "-C", "c", "cat-file", "-e", later.getName() + "^{commit}").exitCode()).isNotZero();
        }
    }

    @Test
    void an_unpushed_commit_is_detected_and_shipped_by_bundle() throws IOException {
        try (Git ignored = initBare(tmp.resolve("remote.git")); Git git = init(tmp.resolve("proj"))) {
            commitFile(git, "a.txt", "a", "pushed");
            addOrigin(git, tmp.resolve("remote.git"));
            push(git, "main");
            RevCommit localOnly = commitFile(git, "b.txt", "b", "local only");

            assertThat(inspector.isCommitOnRemote(tmp.resolve("proj"), localOnly.getName())).isFalse();
            Path cluster = Files.createDirectories(tmp.resolve("cluster"));
            assertThat(gitResult(cluster, "clone", "-q", tmp.resolve("remote.git").toString(), "from-remote").exitCode()).isZero();
            assertThat(gitResult(cluster, "-C", "from-remote", "checkout", "-q", localOnly.getName()).exitCode())
                    .as("the remote does not have the commit").isNotZero();

            GitBundle bundle = bundles.writeBundle(tmp.resolve("proj"), localOnly.getName(), tmp.resolve("job.bundle"));
            git(cluster, "clone", "-q", "--no-checkout", bundle.file().toString(), "from-bundle");
            git(cluster, "-C", "from-bundle", "checkout", "-q", "--detach", localOnly.getName());

            assertThat(git(cluster, "-C", "from-bundle", "rev-parse", "HEAD")).isEqualTo(localOnly.getName());
        }
    }

    @Test
    void uncommitted_changes_are_not_in_the_bundle() {
        try (Git git = init(tmp.resolve("proj"))) {
            RevCommit head = commitFile(git, "train.py", "committed", "a");
            write(git, "train.py", "dirty");
            write(git, "untracked.txt", "x");

            GitBundle bundle = bundles.writeBundle(tmp.resolve("proj"), head.getName(), tmp.resolve("job.bundle"));
            git(tmp, "clone", "-q", "--no-checkout", bundle.file().toString(), "c");
            git(tmp.resolve("c"), "checkout", "-q", "--detach", head.getName());

            assertThat(tmp.resolve("c/train.py")).hasContent("committed");
            assertThat(tmp.resolve("c/untracked.txt")).doesNotExist();
        }
    }

    @Test
    void an_abbreviated_id_is_resolved_to_the_full_commit() {
        try (Git git = init(tmp.resolve("proj"))) {
            RevCommit head = commitFile(git, "a.txt", "a", "a");

            GitBundle bundle = bundles.writeBundle(tmp.resolve("proj"), head.getName().substring(0, 8), tmp.resolve("job.bundle"));

            assertThat(bundle.commit()).isEqualTo(head.getName());
        }
    }

    @Test
    void an_existing_file_is_replaced_and_no_temporary_file_is_left_behind() throws IOException {
        try (Git git = init(tmp.resolve("proj"))) {
            RevCommit head = commitFile(git, "a.txt", "a", "a");
            Path out = Files.createDirectories(tmp.resolve("out")).resolve("job.bundle");
            Files.writeString(out, "stale");

            bundles.writeBundle(tmp.resolve("proj"), head.getName(), out);

            assertThat(new String(Files.readAllBytes(out), 0, 16, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("# v2 git bundle\n");
            try (Stream<Path> files = Files.list(tmp.resolve("out"))) {
                assertThat(files).containsExactly(out);
            }
        }
    }

    @Test
    void an_unknown_commit_writes_nothing() {
        try (Git git = init(tmp.resolve("proj"))) {
            commitFile(git, "a.txt", "a", "a");
            Path out = tmp.resolve("out/job.bundle");

            assertThatThrownBy(() -> bundles.writeBundle(tmp.resolve("proj"), "deadbeefdeadbeefdeadbeefdeadbeefdeadbeef", out))
                    .isInstanceOf(GitProjectException.class)
                    .extracting(e -> ((GitProjectException) e).reason()).isEqualTo(Reason.UNKNOWN_COMMIT);
            assertThat(out).doesNotExist();
        }
    }

    @Test
    void a_path_that_is_not_a_work_tree_is_refused() throws IOException {
        Path plain = Files.createDirectories(tmp.resolve("plain"));

        assertThatThrownBy(() -> bundles.writeBundle(plain, "deadbeefdeadbeefdeadbeefdeadbeefdeadbeef", tmp.resolve("job.bundle")))
                .isInstanceOf(GitProjectException.class)
                .extracting(e -> ((GitProjectException) e).reason()).isEqualTo(Reason.NOT_A_WORK_TREE);
    }

    @Test
    void a_shallow_clone_is_refused_because_its_history_is_incomplete() {
        try (Git git = init(tmp.resolve("origin"))) {
            commitFile(git, "a.txt", "a", "one");
            commitFile(git, "a.txt", "b", "two");
        }
        git(tmp, "clone", "-q", "--depth", "1", tmp.resolve("origin").toUri().toString(), "shallow");
        String head = git(tmp.resolve("shallow"), "rev-parse", "HEAD");

        assertThatThrownBy(() -> bundles.writeBundle(tmp.resolve("shallow"), head, tmp.resolve("job.bundle")))
                .isInstanceOf(GitProjectException.class)
                .hasMessageContaining("is a shallow clone")
                .extracting(e -> ((GitProjectException) e).reason()).isEqualTo(Reason.SHALLOW_REPOSITORY);
    }

    @Test
    void the_ref_name_uses_the_first_twelve_hex_digits() {
        assertThat(GitBundleWriter.refNameFor("0123456789abcdef0123456789abcdef01234567"))
                .isEqualTo("refs/heads/missioncontrol-0123456789ab");
    }
}
