package io.missioncontrol.project.git;

import static io.missioncontrol.project.git.TestRepos.addOrigin;
import static io.missioncontrol.project.GitProjects.checkout;
import static io.missioncontrol.project.git.TestRepos.commit;
import static io.missioncontrol.project.git.TestRepos.commitFile;
import static io.missioncontrol.project.git.TestRepos.createBranch;
import static io.missioncontrol.project.git.TestRepos.fetch;
import static io.missioncontrol.project.GitProjects.init;
import static io.missioncontrol.project.git.TestRepos.initBare;
import static io.missioncontrol.project.GitProjects.push;
import static io.missioncontrol.project.git.TestRepos.stage;
import static io.missioncontrol.project.GitProjects.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missioncontrol.project.git.GitProjectException.Reason;
import io.missioncontrol.project.git.GitSnapshot.Change;
import io.missioncontrol.project.git.GitSnapshot.DirtyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class GitInspectorTest {

    @TempDir
    Path tmp;

    private final GitInspector inspector = new GitInspector();

    @Nested
    class Branch_and_head {

        @Test
        void a_fresh_repository_reports_its_branch_full_commit_and_message() throws IOException {
            try (Git git = init(tmp.resolve("proj"))) {
                commitFile(git, "train.py", "print('hi')\n", "first commit");
                RevCommit head = commitFile(git, "README.md", "# proj\n", "add readme\n\nlonger body");

                GitSnapshot snapshot = inspector.inspect(tmp.resolve("proj"));

                assertThat(snapshot.workTree()).isEqualTo(tmp.resolve("proj").toRealPath());
                assertThat(snapshot.branch()).isEqualTo("main");
                assertThat(snapshot.detached()).isFalse();
                assertThat(snapshot.headCommit()).isEqualTo(head.getName()).hasSize(40);
                assertThat(snapshot.shortCommit()).isEqualTo(head.getName().substring(0, 7));
                assertThat(snapshot.headMessage()).isEqualTo("add readme");
                assertThat(snapshot.headCommitTime()).isEqualTo(Instant.ofEpochSecond(head.getCommitTime()));
                assertThat(snapshot.remoteUrl()).isNull();
                assertThat(snapshot.dirty()).isFalse();
                assertThat(snapshot.dirtyFiles()).isEmpty();
                assertThat(snapshot.dirtyFileCount()).isZero();
                assertThat(snapshot.pushed()).isFalse();
                assertThat(snapshot.remoteBranchesContainingHead()).isEmpty();
            }
        }

        @Test
        void the_checked_out_feature_branch_is_reported_with_slashes_kept() {
            try (Git git = init(tmp.resolve("proj"))) {
                commitFile(git, "a.txt", "a", "a");
                createBranch(git, "feature/lr-sweep");
                checkout(git, "feature/lr-sweep");
                RevCommit head = commitFile(git, "b.txt", "b", "b");

                GitSnapshot snapshot = inspector.inspect(tmp.resolve("proj"));

                assertThat(snapshot.branch()).isEqualTo("feature/lr-sweep");
                assertThat(snapshot.headCommit()).isEqualTo(head.getName());
            }
        }

        @Test
        void a_detached_head_has_no_branch() {
            try (Git git = init(tmp.resolve("proj"))) {
                RevCommit first = commitFile(git, "a.txt", "a", "a");
                commitFile(git, "b.txt", "b", "b");
                checkout(git, first.getName());

                GitSnapshot snapshot = inspector.inspect(tmp.resolve("proj"));

                assertThat(snapshot.detached()).isTrue();
                assertThat(snapshot.branch()).isNull();
                assertThat(snapshot.headCommit()).isEqualTo(first.getName());
            }
        }

        @Test
        void a_repository_without_commits_is_a_clear_error() {
            try (Git ignored = init(tmp.resolve("empty"))) {
                assertThatThrownBy(() -> inspector.inspect(tmp.resolve("empty")))
                        .isInstanceOf(GitProjectException.class)
                        .hasMessageContaining("repository has no commits yet")
                        .hasMessageContaining(tmp.resolve("empty").toString())
                        .extracting(e -> ((GitProjectException) e).reason()).isEqualTo(Reason.NO_COMMITS);
            }
        }

        @Test
        void the_origin_url_is_reported() {
            try (Git git = init(tmp.resolve("proj"))) {
                commitFile(git, "a.txt", "a", "a");
                addOrigin(git, tmp.resolve("remote.git"));

                assertThat(inspector.inspect(tmp.resolve("proj")).remoteUrl()).isEqualTo(tmp.resolve("remote.git").toUri().toString());
            }
        }

        @Test
        void credentials_in_the_origin_url_are_not_reported() throws Exception {
            try (Git git = init(tmp.resolve("proj"))) {
                commitFile(git, "a.txt", "a", "a");
                var config = git.getRepository().getConfig();
                config.setString("remote", "origin", "url", "https://x-access-token:ghp_secret@github.com/lab/proj.git");
                config.save();

                assertThat(inspector.inspect(tmp.resolve("proj")).remoteUrl()).isEqualTo("https://github.com/lab/proj.git");
            }
        }

        @Test
        void only_origin_counts_as_the_remote_url() throws Exception {
            try (Git git = init(tmp.resolve("proj"))) {
                commitFile(git, "a.txt", "a", "a");
                var config = git.getRepository().getConfig();
                config.setString("remote", "upstream", "url", "git@github.com:lab/proj.git");
                config.save();

                assertThat(inspector.inspect(tmp.resolve("proj")).remoteUrl()).isNull();
            }
        }
    }

    @Nested
    class Credential_redaction {

        @Test
        void https_user_info_is_removed_entirely() {
            assertThat(GitInspector.redactCredentials("https://ghp_token@github.com/a/b.git")).isEqualTo("https://github.com/a/b.git");
            assertThat(GitInspector.redactCredentials("http://user:pw@host:8080/a/b")).isEqualTo("http://host:8080/a/b");
        }

        @Test
        void ssh_keeps_the_user_but_loses_the_password() {
            assertThat(GitInspector.redactCredentials("ssh://git:pw@host/a/b.git")).isEqualTo("ssh://git@host/a/b.git");
            assertThat(GitInspector.redactCredentials("ssh://git@host/a/b.git")).isEqualTo("ssh://git@host/a/b.git");
        }

        @Test
        void scp_like_urls_paths_and_null_are_left_alone() {
            assertThat(GitInspector.redactCredentials("git@github.com:lab/proj.git")).isEqualTo("git@github.com:lab/proj.git");
            assertThat(GitInspector.redactCredentials("/srv/git/proj.git")).isEqualTo("/srv/git/proj.git");
            assertThat(GitInspector.redactCredentials("https://github.com/lab/proj.git")).isEqualTo("https://github.com/lab/proj.git");
            assertThat(GitInspector.redactCredentials(null)).isNull();
        }
    }

    @Nested
    class Dirty_files {

        @Test
        void modified_staged_untracked_and_missing_files_are_listed_sorted_with_their_change() throws IOException {
            try (Git git = init(tmp.resolve("proj"))) {
                commitFile(git, "train.py", "v1", "a");
                commitFile(git, "model.py", "v1", "b");
                commitFile(git, "data.py", "v1", "c");
                commitFile(git, "old.py", "v1", "d");
                write(git, "train.py", "v2 unstaged");                 // modified, not staged
                write(git, "model.py", "v2 staged");
                stage(git, "model.py");                                 // modified, staged
                write(git, "new_module.py", "new");
                stage(git, "new_module.py");                            // added
                write(git, "notes.txt", "scratch");                     // untracked
                Files.delete(tmp.resolve("proj/data.py"));              // missing
                git.rm().addFilepattern("old.py").call();               // removed (staged)

                GitSnapshot snapshot = inspector.inspect(tmp.resolve("proj"));

                assertThat(snapshot.dirty()).isTrue();
                assertThat(snapshot.dirtyFiles()).containsExactly(
                        new DirtyFile("data.py", Change.MISSING),
                        new DirtyFile("model.py", Change.MODIFIED),
                        new DirtyFile("new_module.py", Change.ADDED),
                        new DirtyFile("notes.txt", Change.UNTRACKED),
                        new DirtyFile("old.py", Change.REMOVED),
                        new DirtyFile("train.py", Change.MODIFIED));
                assertThat(snapshot.dirtyPaths()).containsExactly("data.py", "model.py", "new_module.py", "notes.txt", "old.py", "train.py");
                assertThat(snapshot.dirtyFileCount()).isEqualTo(6);
                assertThat(snapshot.dirtyFilesTruncated()).isFalse();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        @Test
        void an_untracked_file_alone_makes_the_tree_dirty() {
            try (Git git = init(tmp.resolve("proj"))) {
                commitFile(git, "a.txt", "a", "a");
                write(git, "outputs/run1/metrics.json", "{}");

                GitSnapshot snapshot = inspector.inspect(tmp.resolve("proj"));

                assertThat(snapshot.dirty()).isTrue();
                assertThat(snapshot.dirtyFiles()).containsExactly(new DirtyFile("outputs/run1/metrics.json", Change.UNTRACKED));
            }
        }

        @Test
        void ignored_files_do_not_make_the_tree_dirty() {
            try (Git git = init(tmp.resolve("proj"))) {
                commitFile(git, ".gitignore", "wandb/\n*.ckpt\n", "ignore");
                write(git, "wandb/run-1/log.txt", "x");
                write(git, "model.ckpt", "x");

                assertThat(inspector.inspect(tmp.resolve("proj")).dirty()).isFalse();
            }
        }

        @Test
        void a_file_staged_and_then_changed_again_is_listed_once() {
            try (Git git = init(tmp.resolve("proj"))) {
                commitFile(git, "a.txt", "a", "a");
                write(git, "b.txt", "staged");
                stage(git, "b.txt");
                write(git, "b.txt", "changed after staging");

                GitSnapshot snapshot = inspector.inspect(tmp.resolve("proj"));

                assertThat(snapshot.dirtyFiles()).containsExactly(new DirtyFile("b.txt", Change.ADDED));
                assertThat(snapshot.dirtyFileCount()).isEqualTo(1);
            }
        }

        @Test
        void the_list_is_capped_but_the_count_is_exact() {
            try (Git git = init(tmp.resolve("proj"))) {
                commitFile(git, "a.txt", "a", "a");
                for (int i = 0; i < 60; i++) {
                    write(git, "gen/file%02d.txt".formatted(i), "x");
                }

                GitSnapshot snapshot = inspector.inspect(tmp.resolve("proj"));

                assertThat(snapshot.dirtyFiles()).hasSize(GitInspector.DEFAULT_DIRTY_FILE_LIMIT);
                assertThat(snapshot.dirtyFiles().getFirst().path()).isEqualTo("gen/file00.txt");
                assertThat(snapshot.dirtyFileCount()).isEqualTo(60);
                assertThat(snapshot.dirtyFilesTruncated()).isTrue();
                assertThat(new GitInspector(3).inspect(tmp.resolve("proj")).dirtyFiles()).hasSize(3);
            }
        }

        @Test
        void a_negative_limit_is_refused() {
            assertThatThrownBy(() -> new GitInspector(-1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Pushed_or_not {

        @Test
        void a_pushed_head_is_reachable_from_origin() {
            try (Git ignored = initBare(tmp.resolve("remote.git")); Git git = init(tmp.resolve("proj"))) {
                RevCommit head = commitFile(git, "a.txt", "a", "a");
                addOrigin(git, tmp.resolve("remote.git"));
                push(git, "main");

                GitSnapshot snapshot = inspector.inspect(tmp.resolve("proj"));

                assertThat(snapshot.pushed()).isTrue();
                assertThat(snapshot.remoteBranchesContainingHead()).containsExactly("origin/main");
                assertThat(inspector.isCommitOnRemote(tmp.resolve("proj"), head.getName())).isTrue();
            }
        }

        @Test
        void a_commit_made_after_the_push_exists_only_locally() {
            try (Git ignored = initBare(tmp.resolve("remote.git")); Git git = init(tmp.resolve("proj"))) {
                RevCommit pushedCommit = commitFile(git, "a.txt", "a", "a");
                addOrigin(git, tmp.resolve("remote.git"));
                push(git, "main");
                RevCommit localOnly = commitFile(git, "b.txt", "b", "local only");

                GitSnapshot snapshot = inspector.inspect(tmp.resolve("proj"));

                assertThat(snapshot.headCommit()).isEqualTo(localOnly.getName());
                assertThat(snapshot.pushed()).isFalse();
                assertThat(snapshot.remoteBranchesContainingHead()).isEmpty();
                assertThat(inspector.isCommitOnRemote(tmp.resolve("proj"), localOnly.getName())).isFalse();
                assertThat(inspector.isCommitOnRemote(tmp.resolve("proj"), pushedCommit.getName())).isTrue();
            }
        }

        @Test
        void an_older_commit_counts_as_pushed_when_a_later_one_was_pushed() {
            try (Git ignored = initBare(tmp.resolve("remote.git")); Git git = init(tmp.resolve("proj"))) {
                RevCommit older = commitFile(git, "a.txt", "a", "a");
                commitFile(git, "b.txt", "b", "b");
                addOrigin(git, tmp.resolve("remote.git"));
                push(git, "main");
                checkout(git, older.getName());

                GitSnapshot snapshot = inspector.inspect(tmp.resolve("proj"));

                assertThat(snapshot.detached()).isTrue();
                assertThat(snapshot.pushed()).isTrue();
                assertThat(snapshot.remoteBranchesContainingHead()).containsExactly("origin/main");
            }
        }

        @Test
        void every_remote_branch_containing_head_is_listed_sorted_and_origin_head_is_skipped() throws IOException {
            try (Git ignored = initBare(tmp.resolve("remote.git")); Git git = init(tmp.resolve("proj"))) {
                commitFile(git, "a.txt", "a", "a");
                createBranch(git, "release");
                createBranch(git, "experiment");
                addOrigin(git, tmp.resolve("remote.git"));
                push(git, "release");
                push(git, "main");
                push(git, "experiment");
                RefUpdate originHead = git.getRepository().updateRef("refs/remotes/origin/HEAD");
                originHead.link("refs/remotes/origin/main");

                GitSnapshot snapshot = inspector.inspect(tmp.resolve("proj"));

                assertThat(snapshot.remoteBranchesContainingHead()).containsExactly("origin/experiment", "origin/main", "origin/release");
            }
        }

        @Test
        void a_commit_pushed_from_another_clone_is_seen_after_fetching() {
            try (Git ignored = initBare(tmp.resolve("remote.git"));
                 Git mine = init(tmp.resolve("mine"));
                 Git theirs = init(tmp.resolve("theirs"))) {
                commitFile(mine, "a.txt", "a", "a");
                addOrigin(mine, tmp.resolve("remote.git"));
                push(mine, "main");

                addOrigin(theirs, tmp.resolve("remote.git"));
                fetch(theirs);
                checkout(theirs, "origin/main");
                createBranch(theirs, "feature");
                checkout(theirs, "feature");
                RevCommit featureCommit = commitFile(theirs, "feature.txt", "f", "feature work");
                push(theirs, "feature");

                assertThatThrownBy(() -> inspector.isCommitOnRemote(tmp.resolve("mine"), featureCommit.getName()))
                        .isInstanceOf(GitProjectException.class)
                        .extracting(e -> ((GitProjectException) e).reason()).isEqualTo(Reason.UNKNOWN_COMMIT);

                fetch(mine);
                checkout(mine, featureCommit.getName());

                assertThat(inspector.isCommitOnRemote(tmp.resolve("mine"), featureCommit.getName())).isTrue();
                assertThat(inspector.inspect(tmp.resolve("mine")).remoteBranchesContainingHead()).containsExactly("origin/feature");
            }
        }

        @Test
        void an_abbreviated_commit_id_is_accepted() {
            try (Git ignored = initBare(tmp.resolve("remote.git")); Git git = init(tmp.resolve("proj"))) {
                RevCommit head = commitFile(git, "a.txt", "a", "a");
                addOrigin(git, tmp.resolve("remote.git"));
                push(git, "main");

                assertThat(inspector.isCommitOnRemote(tmp.resolve("proj"), head.getName().substring(0, 7).toUpperCase())).isTrue();
                assertThat(inspector.resolveCommit(tmp.resolve("proj"), head.getName().substring(0, 10))).isEqualTo(head.getName());
            }
        }

        @Test
        void an_unknown_commit_is_a_clear_error() {
            try (Git git = init(tmp.resolve("proj"))) {
                commitFile(git, "a.txt", "a", "a");

                assertThatThrownBy(() -> inspector.isCommitOnRemote(tmp.resolve("proj"), "0123456789abcdef0123456789abcdef01234567"))
                        .isInstanceOf(GitProjectException.class)
                        .hasMessageContaining("commit 0123456789abcdef0123456789abcdef01234567 does not exist")
                        .extracting(e -> ((GitProjectException) e).reason()).isEqualTo(Reason.UNKNOWN_COMMIT);
            }
        }

        @Test
        void branch_names_and_revision_expressions_are_not_commit_ids() {
            try (Git git = init(tmp.resolve("proj"))) {
                commitFile(git, "a.txt", "a", "a");

                for (String notAnId : new String[] {"main", "HEAD~1", "abc", "", "$(rm -rf ~)"}) {
                    assertThatThrownBy(() -> inspector.isCommitOnRemote(tmp.resolve("proj"), notAnId))
                            .isInstanceOf(GitProjectException.class)
                            .hasMessageContaining("is not a commit id")
                            .extracting(e -> ((GitProjectException) e).reason()).isEqualTo(Reason.UNKNOWN_COMMIT);
                }
            }
        }

        @Test
        void a_tree_id_is_not_a_commit() {
            try (Git git = init(tmp.resolve("proj"))) {
                RevCommit head = commitFile(git, "a.txt", "a", "a");
                String treeId = head.getTree().getName();

                assertThatThrownBy(() -> inspector.isCommitOnRemote(tmp.resolve("proj"), treeId))
                        .isInstanceOf(GitProjectException.class)
                        .hasMessageContaining("is not a commit");
            }
        }
    }

    @Nested
    class Files_at_a_commit {

        @Test
        void a_file_is_read_as_committed_not_as_in_the_work_tree() {
            try (Git git = init(tmp.resolve("proj"))) {
                RevCommit first = commitFile(git, ".mlops-config.yaml", "train_script: a.py\n", "a");
                commitFile(git, ".mlops-config.yaml", "train_script: b.py\n", "b");
                write(git, ".mlops-config.yaml", "train_script: dirty.py\n");

                assertThat(inspector.readFileAtCommit(tmp.resolve("proj"), first.getName(), ".mlops-config.yaml"))
                        .contains("train_script: a.py\n");
            }
        }

        @Test
        void a_missing_file_or_a_directory_is_empty() {
            try (Git git = init(tmp.resolve("proj"))) {
                RevCommit head = commitFile(git, "configs/train.yaml", "lr: 1\n", "a");

                assertThat(inspector.readFileAtCommit(tmp.resolve("proj"), head.getName(), ".mlops-config.yaml")).isEmpty();
                assertThat(inspector.readFileAtCommit(tmp.resolve("proj"), head.getName(), "configs")).isEmpty();
                assertThat(inspector.readFileAtCommit(tmp.resolve("proj"), head.getName(), "configs/train.yaml")).contains("lr: 1\n");
            }
        }

        @Test
        void an_absolute_path_is_refused() {
            try (Git git = init(tmp.resolve("proj"))) {
                RevCommit head = commitFile(git, "a.txt", "a", "a");

                assertThatThrownBy(() -> inspector.readFileAtCommit(tmp.resolve("proj"), head.getName(), "/etc/passwd"))
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Nested
    class Path_validation {

        @Test
        void a_relative_path_is_refused() {
            assertThatThrownBy(() -> GitInspector.requireWorkTree(Path.of("projects/proj")))
                    .isInstanceOf(GitProjectException.class)
                    .hasMessage("'projects/proj' is not an absolute path; enter the full path, starting with /")
                    .extracting(e -> ((GitProjectException) e).reason()).isEqualTo(Reason.NOT_ABSOLUTE);
        }

        @Test
        void a_missing_path_is_refused() {
            Path missing = tmp.resolve("nope");
            assertThatThrownBy(() -> GitInspector.requireWorkTree(missing))
                    .isInstanceOf(GitProjectException.class)
                    .hasMessage("'" + missing + "' does not exist")
                    .extracting(e -> ((GitProjectException) e).reason()).isEqualTo(Reason.NOT_FOUND);
        }

        @Test
        void a_file_is_refused() throws IOException {
            Path file = Files.writeString(tmp.resolve("train.py"), "x");
            assertThatThrownBy(() -> GitInspector.requireWorkTree(file))
                    .isInstanceOf(GitProjectException.class)
                    .hasMessageEndingWith("train.py' is a file, not a directory")
                    .extracting(e -> ((GitProjectException) e).reason()).isEqualTo(Reason.NOT_A_DIRECTORY);
        }

        @Test
        void a_plain_directory_is_not_a_work_tree() throws IOException {
            Path dir = Files.createDirectories(tmp.resolve("plain"));
            assertThatThrownBy(() -> GitInspector.requireWorkTree(dir))
                    .isInstanceOf(GitProjectException.class)
                    .hasMessage("'" + dir.toRealPath() + "' is not a Git work tree (no .git here)")
                    .extracting(e -> ((GitProjectException) e).reason()).isEqualTo(Reason.NOT_A_WORK_TREE);
            assertThatThrownBy(() -> inspector.inspect(dir)).isInstanceOf(GitProjectException.class);
        }

        @Test
        void a_subdirectory_of_a_work_tree_points_to_the_root() throws IOException {
            try (Git git = init(tmp.resolve("proj"))) {
                commitFile(git, "src/model.py", "x", "a");
                Path root = tmp.resolve("proj").toRealPath();

                assertThatThrownBy(() -> GitInspector.requireWorkTree(tmp.resolve("proj/src")))
                        .isInstanceOf(GitProjectException.class)
                        .hasMessageContaining("is not a Git work tree")
                        .hasMessageContaining("it is inside the Git work tree '" + root + "', enter that path instead")
                        .extracting(e -> ((GitProjectException) e).reason()).isEqualTo(Reason.NOT_A_WORK_TREE);
            }
        }

        @Test
        void a_bare_repository_is_refused() throws IOException {
            try (Git ignored = initBare(tmp.resolve("remote.git"))) {
                assertThatThrownBy(() -> GitInspector.requireWorkTree(tmp.resolve("remote.git")))
                        .isInstanceOf(GitProjectException.class)
                        .hasMessageContaining("is a bare Git repository (no work tree)")
                        .hasMessageContaining(tmp.resolve("remote.git").toRealPath().toString())
                        .extracting(e -> ((GitProjectException) e).reason()).isEqualTo(Reason.BARE_REPOSITORY);
            }
        }

        @Test
        void a_broken_git_directory_is_not_a_work_tree() throws IOException {
            Files.createDirectories(tmp.resolve("broken/.git"));
            assertThatThrownBy(() -> GitInspector.requireWorkTree(tmp.resolve("broken")))
                    .isInstanceOf(GitProjectException.class)
                    .hasMessageContaining("is not a Git work tree")
                    .extracting(e -> ((GitProjectException) e).reason()).isEqualTo(Reason.NOT_A_WORK_TREE);
        }

        @Test
        void the_path_is_normalised_and_symlinks_are_resolved() throws IOException {
            try (Git git = init(tmp.resolve("real/proj"))) {
                commitFile(git, "a.txt", "a", "a");
                Path link = Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("real"));
                Path real = tmp.resolve("real/proj").toRealPath();

                assertThat(GitInspector.requireWorkTree(tmp.resolve("real/./other/../proj"))).isEqualTo(real);
                assertThat(GitInspector.requireWorkTree(link.resolve("proj"))).isEqualTo(real);
                assertThat(inspector.inspect(link.resolve("proj")).workTree()).isEqualTo(real);
            }
        }

        @Test
        void a_typed_path_is_trimmed_and_checked() throws IOException {
            try (Git git = init(tmp.resolve("proj"))) {
                commitFile(git, "a.txt", "a", "a");

                assertThat(GitInspector.requireWorkTree("  " + tmp.resolve("proj") + " ")).isEqualTo(tmp.resolve("proj").toRealPath());
            }
            assertThatThrownBy(() -> GitInspector.requireWorkTree("   "))
                    .isInstanceOf(GitProjectException.class)
                    .extracting(e -> ((GitProjectException) e).reason()).isEqualTo(Reason.INVALID_PATH);
            assertThatThrownBy(() -> GitInspector.requireWorkTree("/tmp/bad\0path"))
                    .isInstanceOf(GitProjectException.class)
                    .extracting(e -> ((GitProjectException) e).reason()).isEqualTo(Reason.INVALID_PATH);
            assertThatThrownBy(() -> GitInspector.requireWorkTree((Path) null))
                    .isInstanceOf(GitProjectException.class)
                    .extracting(e -> ((GitProjectException) e).reason()).isEqualTo(Reason.INVALID_PATH);
        }

        @Test
        void a_linked_worktree_made_by_git_worktree_add_is_a_work_tree() {
            try (Git git = init(tmp.resolve("proj"))) {
                commitFile(git, "a.txt", "a", "a");
                TestRepos.git(tmp.resolve("proj"), "worktree", "add", "-b", "exp", tmp.resolve("exp").toString());
                RevCommit expHead;
                try (Git linked = Git.open(tmp.resolve("exp").toFile())) {
                    expHead = commitFile(linked, "b.txt", "b", "on exp");
                } catch (IOException e) {
                    throw new AssertionError(e);
                }

                GitSnapshot snapshot = inspector.inspect(tmp.resolve("exp"));

                assertThat(snapshot.branch()).isEqualTo("exp");
                assertThat(snapshot.headCommit()).isEqualTo(expHead.getName());
                assertThat(snapshot.dirty()).isFalse();
            }
        }
    }

    @Test
    void an_empty_commit_message_is_reported_as_empty() {
        try (Git git = init(tmp.resolve("proj"))) {
            write(git, "a.txt", "a");
            stage(git, "a.txt");
            commit(git, "");

            assertThat(inspector.inspect(tmp.resolve("proj")).headMessage()).isEmpty();
        }
    }
}
