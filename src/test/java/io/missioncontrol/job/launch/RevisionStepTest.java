package io.missioncontrol.job.launch;

import static io.missioncontrol.project.GitProjects.addOrigin;
import static io.missioncontrol.project.GitProjects.commitFile;
import static io.missioncontrol.project.GitProjects.push;
import static io.missioncontrol.project.GitProjects.repoWithOneCommit;
import static io.missioncontrol.project.GitProjects.visionProject;
import static io.missioncontrol.project.GitProjects.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.base.InvalidInputException.FieldError;
import io.missioncontrol.project.hydra.HydraLoadResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Launch step 1 on real work trees: which commit runs, how it reaches the cluster, its committed settings. */
class RevisionStepTest {

    @TempDir Path dir;
    final RevisionStep step = LaunchSteps.revisions();

    @Test
    void aCommitOnOriginIsFetchedFromOriginWithItsCommittedSettingsAndHydraModel() throws Exception {
        Git git = visionProject(dir);

        Revision revision = step.resolve(LaunchSteps.project(git));

        assertThat(revision.codeSource()).isEqualTo(LaunchPlan.CodeSource.REMOTE);
        assertThat(revision.fetchUrl()).isEqualTo(revision.snapshot().remoteUrl()).contains("vision-origin.git");
        assertThat(revision.commit()).isEqualTo(git.getRepository().resolve("HEAD").name());
        assertThat(revision.config().resources().partition()).isEqualTo("gpu");
        assertThat(revision.config().resources().gpuType()).isEqualTo("a6000");
        assertThat(revision.hydra()).isInstanceOf(HydraLoadResult.Loaded.class);
        List<FieldError> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        revision.check(false, errors, warnings);
        assertThat(errors).isEmpty();
        assertThat(warnings).isEmpty();
    }

    @Test
    void aCommitOnAnOriginTheClusterCannotReadGoesAsABundleAndSaysWhy() {
        Git git = visionProject(dir);
        Revision onOrigin = step.resolve(LaunchSteps.project(git));
        String url = onOrigin.snapshot().remoteUrl();
        ScriptedLaunchGateway cluster = new ScriptedLaunchGateway();

        assertThat(RevisionStep.reachableFrom(onOrigin, cluster.dev, cluster)).isSameAs(onOrigin);
        assertThat(cluster.asked).containsExactly("git ls-remote " + url);

        cluster.unreadableRemotes.put(url, "fatal: detected dubious ownership in repository at '" + url + "'");
        Revision bundled = RevisionStep.reachableFrom(onOrigin, cluster.dev, cluster);

        assertThat(bundled.codeSource()).isEqualTo(LaunchPlan.CodeSource.BUNDLE);
        assertThat(bundled.fetchUrl()).isNull();
        List<String> warnings = new ArrayList<>();
        bundled.check(false, new ArrayList<>(), warnings);
        assertThat(warnings).singleElement().asString().contains("cluster 'dev' cannot read " + url)
                .contains("dubious ownership").contains("git bundle");
        // a bundle needs no question
        cluster.asked.clear();
        assertThat(RevisionStep.reachableFrom(bundled, cluster.dev, cluster)).isSameAs(bundled);
        assertThat(cluster.asked).isEmpty();
    }

    @Test
    void aCommitNotOnOriginIsShippedAsABundleAndSaysSo() {
        Git git = visionProject(dir);
        RevCommit local = commitFile(git, "NOTES.md", "not pushed\n", "Local only");

        Revision revision = step.resolve(LaunchSteps.project(git));

        assertThat(revision.codeSource()).isEqualTo(LaunchPlan.CodeSource.BUNDLE);
        assertThat(revision.fetchUrl()).isNull();
        assertThat(revision.commit()).isEqualTo(local.name());
        List<String> warnings = new ArrayList<>();
        revision.check(false, new ArrayList<>(), warnings);
        assertThat(warnings).containsExactly("Commit " + local.name().substring(0, 8) + " is not on origin yet: it "
                + "is shipped to the cluster as a git bundle.");
    }

    @Test
    void aProjectWithoutOriginIsShippedAsABundle() {
        Git git = repoWithOneCommit(dir.resolve("plain"));

        Revision revision = step.resolve(LaunchSteps.project(git));

        assertThat(revision.codeSource()).isEqualTo(LaunchPlan.CodeSource.BUNDLE);
        assertThat(revision.config().resources().partition()).isNull(); // no settings: the defaults
        assertThat(revision.hydra()).isNotInstanceOf(HydraLoadResult.Loaded.class);
    }

    @Test
    void anOriginUrlThatGitWouldRunAsACommandIsNotUsedAndTheWarningSaysWhy() throws Exception {
        Git git = repoWithOneCommit(dir.resolve("hostile"));
        Path canary = dir.resolve("canary");
        git.getRepository().getConfig().setString("remote", "origin", "url", "ext::sh -c touch% " + canary);
        git.getRepository().getConfig().save();

        Revision revision = step.resolve(LaunchSteps.project(git));

        assertThat(revision.codeSource()).isEqualTo(LaunchPlan.CodeSource.BUNDLE);
        assertThat(revision.remoteProblem()).isNotBlank();
        List<String> warnings = new ArrayList<>();
        revision.check(false, new ArrayList<>(), warnings);
        assertThat(warnings).singleElement().asString().startsWith("The origin URL is not usable by clusters (")
                .endsWith("is shipped to the cluster as a git bundle instead.");
        assertThat(canary).doesNotExist();
    }

    @Test
    void theSettingsAreReadAsCommittedNotAsInTheWorkTree() {
        Git git = visionProject(dir);
        write(git, ".mlops-config.yaml", "resources:\n  partition: debug\n");

        Revision revision = step.resolve(LaunchSteps.project(git));

        assertThat(revision.config().resources().partition()).isEqualTo("gpu");
        assertThat(revision.snapshot().dirty()).isTrue();
    }

    @Test
    void uncommittedChangesRefuseTheLaunchUnlessAllowedAndThenAreWarnedAbout() {
        Git git = visionProject(dir);
        write(git, "src/train.py", "print('changed')\n");
        Revision revision = step.resolve(LaunchSteps.project(git));
        String commit = revision.commit().substring(0, 8);

        List<FieldError> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        revision.check(false, errors, warnings);
        assertThat(errors).containsExactly(new FieldError("allow_dirty", "1 file(s) have uncommitted changes "
                + "(src/train.py). Commit them, or launch anyway to run the last commit without them"));
        assertThat(warnings).isEmpty();

        errors.clear();
        revision.check(true, errors, warnings);
        assertThat(errors).isEmpty();
        assertThat(warnings).containsExactly("Uncommitted changes (src/train.py) are NOT part of this run: it runs "
                + "commit " + commit + ".");
    }

    @Test
    void brokenCommittedSettingsRefuseTheLaunchNamingTheProject() {
        Git git = repoWithOneCommit(dir.resolve("broken"));
        RevCommit commit = commitFile(git, ".mlops-config.yaml", "resources:\n  nodes: many\n", "Broken settings");
        addOrigin(git, dir.resolve("broken-origin.git"));
        push(git, "main");

        assertThatThrownBy(() -> step.resolve(LaunchSteps.project(git)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .singleElement().satisfies(error -> {
                            assertThat(error.field()).isEqualTo("project_id");
                            assertThat(error.message()).startsWith("The project's .mlops-config.yaml in commit "
                                    + commit.name().substring(0, 8) + " cannot be used: ");
                        }));
    }
}
