package io.missioncontrol.job.launch;

import static io.missioncontrol.project.GitProjects.commitFile;
import static io.missioncontrol.project.GitProjects.visionProject;
import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.slurm.SlurmResources;
import io.missioncontrol.job.script.BatchScriptSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Launch step 4: the script for the resolved revision and resources, from the portal's or the cluster's template. */
class RenderStepTest {

    static final String JOB_1 = "00000000-0000-0000-0000-000000000001";
    static final String JOB_2 = "00000000-0000-0000-0000-000000000002";
    static final String JOB_3 = "00000000-0000-0000-0000-000000000003";

    @TempDir Path dir;
    final ScriptedLaunchGateway cluster = new ScriptedLaunchGateway();
    final RenderStep step = new RenderStep(Path.of("config/slurm_template.vm"));
    final SlurmResources resources = SlurmResources.parse("train", "gpu", "a6000", 1, 2, 8, "32G", "04:00:00");

    @Test
    void aCommitOnOriginIsFetchedInTheJobsOwnFolderUnderTheWorkspace() {
        Revision revision = LaunchSteps.revisions().resolve(LaunchSteps.project(visionProject(dir)));

        RenderStep.Rendered rendered = step.render(JOB_1, revision, cluster.dev, resources, "first try",
                List.of("model=resnet"));

        BatchScriptSpec spec = rendered.spec();
        assertThat(spec.jobDir()).isEqualTo("/home/mlops/workspace/vision/jobs/" + JOB_1);
        assertThat(spec.repoUrl()).isEqualTo(revision.snapshot().remoteUrl());
        assertThat(spec.bundlePath()).isNull();
        assertThat(rendered.script()).contains("#SBATCH --partition=gpu", "#SBATCH --gres=gpu:a6000:2",
                "#SBATCH --mem=32G", "#SBATCH --time=04:00:00", "#SBATCH --comment=" + BatchScriptSpec.comment(JOB_1),
                revision.commit(), "model=resnet", "src/train.py", "vision-2.3");
    }

    @Test
    void aCommitNotOnOriginIsCheckedOutFromTheBundleNextToTheScript() {
        Git git = visionProject(dir);
        commitFile(git, "NOTES.md", "local\n", "Local only");
        Revision revision = LaunchSteps.revisions().resolve(LaunchSteps.project(git));

        RenderStep.Rendered rendered = step.render(JOB_2, revision, cluster.dev, resources, null, List.of());

        assertThat(rendered.spec().repoUrl()).isNull();
        assertThat(rendered.spec().bundlePath()).isEqualTo("/home/mlops/workspace/vision/jobs/" + JOB_2
                + "/.missioncontrol/code.bundle");
        assertThat(rendered.script()).contains(rendered.spec().bundlePath(), revision.commit());
    }

    @Test
    void aClustersOwnTemplateIsUsedInsteadOfThePortals() throws Exception {
        Path template = Files.writeString(dir.resolve("own.vm"), "#!/bin/bash\n# own template for $job_id\n");
        ClusterDefinition own = new ClusterDefinition("dev", null, null, "127.0.0.1", 2222, "mlops",
                Path.of("k"), Path.of("kh"), null, "/work/", List.of(), List.of(), template);
        Revision revision = LaunchSteps.revisions().resolve(LaunchSteps.project(visionProject(dir)));

        String script = step.render(JOB_3, revision, own, resources, null, List.of()).script();

        assertThat(script).contains("# own template for " + JOB_3);
    }
}
