package io.missioncontrol.job.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missioncontrol.base.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped template, rendered from specs: what reaches the shell is quoted, what reaches #SBATCH is safe. */
class BatchScriptRendererTest {

    private static final String ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    private static final Path TEMPLATE = Path.of("config/slurm_template.vm");

    private final BatchScriptRenderer renderer = new BatchScriptRenderer();

    private static BatchScriptSpec spec(String name, String jobDir, Map<String, String> env, List<String> args,
                                        int gpus, String bundle) {
        return new BatchScriptSpec(ID, name, "vision", "notes with $(danger)", jobDir,
                bundle == null ? "git@example.invalid:lab/vision.git" : null, bundle, SHA, "gpu", 2, "a100", gpus,
                8, "32G", "04:00:00", null, null, null, List.of("cuda/12.1"), "vision-env", null, env, List.of("pip install -e ."),
                "src/train.py", args, "vision", "my-lab");
    }

    @Test
    void rendersTheSbatchHeaderAndQuotesEverythingThatReachesTheShell() {
        String script = renderer.render(spec("resnet-1", "/home/mlops/ws@lab/vision/jobs/" + ID,
                Map.of("HOSTILE", "$(rm -rf ~)'`x`"), List.of("model=mlp", "+note='a b'"), 4, null), TEMPLATE);

        assertThat(script).startsWith("#!/bin/bash\n")
                .contains("#SBATCH --job-name=resnet-1\n", "#SBATCH --partition=gpu\n", "#SBATCH --nodes=2\n",
                        "#SBATCH --gres=gpu:a100:4\n", "#SBATCH --cpus-per-task=8\n", "#SBATCH --mem=32G\n",
                        "#SBATCH --time=04:00:00\n", "#SBATCH --comment=missioncontrol:" + ID + "\n",
                        "#SBATCH --output=/home/mlops/ws@lab/vision/jobs/" + ID + "/.missioncontrol/slurm-%j.out\n")
                .contains("export HOSTILE='$(rm -rf ~)'\\''`x`'\n")
                .contains("export WANDB_NOTES='notes with $(danger)'\n", "export WANDB_PROJECT='vision'\n")
                .contains("module load 'cuda/12.1'\n", "conda activate 'vision-env'\n", "pip install -e .\n")
                .contains("git remote add -- origin 'git@example.invalid:lab/vision.git' 2>/dev/null || git remote set-url "
                        + "-- origin 'git@example.invalid:lab/vision.git'\n")
                .contains("git fetch -q -- origin '+refs/heads/*:refs/remotes/origin/*'\n")
                .contains("git -c advice.detachedHead=false checkout -q --detach '" + SHA + "' --\n")
                .contains("srun python 'src/train.py' 'model=mlp' '+note='\\''a b'\\'''\n");
        assertThat(script).doesNotContain("$sbatch", "$run", "$job_dir"); // nothing left unrendered
    }

    @Test
    void aJobWithoutGpusAsksForNoGresAndABundleReplacesTheRemote() {
        String script = renderer.render(spec("cpu-only", "/w/p/jobs/" + ID, Map.of(), List.of(), 0,
                "/w/p/jobs/" + ID + "/.missioncontrol/code.bundle"), TEMPLATE);
        assertThat(script).doesNotContain("--gres", "git remote add")
                .contains("git fetch -q -- '/w/p/jobs/" + ID + "/.missioncontrol/code.bundle' '+refs/*:refs/missioncontrol/*'");
    }

    @Test
    void unsafeNamesPathsAndVariablesAreRefusedWithTheirField() {
        assertThatThrownBy(() -> renderer.render(spec("bad name;rm", "/w/p/jobs/x y", Map.of("1BAD", "v"),
                List.of(), 1, null), TEMPLATE))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(InvalidInputException.FieldError::field)
                        .containsExactlyInAnyOrder("name", "job_dir", "env"));
    }

    @Test
    void aDescriptionIsOneLineInTheScript() {
        BatchScriptSpec spec = spec("notes", "/w/p/jobs/" + ID, Map.of(), List.of(), 0, null);
        BatchScriptSpec multiLine = new BatchScriptSpec(spec.jobId(), spec.jobName(), spec.projectName(),
                "first line\n#SBATCH --nodes=99\r\n\tthird", spec.jobDir(), spec.repoUrl(), spec.bundlePath(),
                spec.commitSha(), spec.partition(), spec.nodes(), spec.gpuType(), spec.gpusPerNode(),
                spec.cpusPerTask(), spec.memory(), spec.timeLimit(), spec.account(), spec.qos(), spec.constraint(),
                spec.modules(), spec.condaEnv(), spec.venv(),
                spec.env(), spec.setupCommands(), spec.trainScript(), spec.overrideArgs(), spec.wandbProject(),
                spec.wandbEntity());
        String script = renderer.render(multiLine, TEMPLATE);
        assertThat(script).contains("export WANDB_NOTES='first line #SBATCH --nodes=99 third'\n")
                .doesNotContain("\n#SBATCH --nodes=99");
    }

    @Test
    void anOriginUrlGitWouldRunAsACommandIsRefusedAsRepoUrl() {
        for (String hostile : List.of("ext::sh -c touch% /tmp/pwned", "ssh://-oProxyCommand=touch /tmp/pwned/x",
                "--upload-pack=touch /tmp/pwned")) {
            BatchScriptSpec spec = spec("hostile", "/w/p/jobs/" + ID, Map.of(), List.of(), 0, null);
            BatchScriptSpec withUrl = new BatchScriptSpec(spec.jobId(), spec.jobName(), spec.projectName(),
                    spec.description(), spec.jobDir(), hostile, null, spec.commitSha(), spec.partition(), spec.nodes(),
                    spec.gpuType(), spec.gpusPerNode(), spec.cpusPerTask(), spec.memory(), spec.timeLimit(),
                    spec.account(), spec.qos(), spec.constraint(), spec.modules(), spec.condaEnv(), spec.venv(), spec.env(), spec.setupCommands(),
                    spec.trainScript(), spec.overrideArgs(), spec.wandbProject(), spec.wandbEntity());
            assertThatThrownBy(() -> renderer.render(withUrl, TEMPLATE))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                            .extracting(InvalidInputException.FieldError::field).containsExactly("repo_url"));
        }
    }

    /** {@link #spec} with a charge account, QoS and constraint. */
    private static BatchScriptSpec charged(String account, String qos, String constraint) {
        BatchScriptSpec s = spec("charged", "/w/p/jobs/" + ID, Map.of(), List.of(), 1, null);
        return new BatchScriptSpec(s.jobId(), s.jobName(), s.projectName(), s.description(), s.jobDir(), s.repoUrl(),
                s.bundlePath(), s.commitSha(), s.partition(), s.nodes(), s.gpuType(), s.gpusPerNode(), s.cpusPerTask(),
                s.memory(), s.timeLimit(), account, qos, constraint, s.modules(), s.condaEnv(), s.venv(), s.env(),
                s.setupCommands(), s.trainScript(), s.overrideArgs(), s.wandbProject(), s.wandbEntity());
    }

    @Test
    void accountQosAndConstraintBecomeSbatchLinesOnlyWhenSet() {
        String script = renderer.render(charged("vision", "high", "a100&(ib|eth)"), TEMPLATE);
        assertThat(script).contains("\n#SBATCH --time=04:00:00\n#SBATCH --account=vision\n#SBATCH --qos=high\n"
                + "#SBATCH --constraint=a100&(ib|eth)\n#SBATCH --output=");

        String plain = renderer.render(charged(null, null, null), TEMPLATE);
        assertThat(plain).doesNotContain("--account", "--qos", "--constraint");
        assertThat(renderer.render(charged("nlp", null, null), TEMPLATE)).contains("\n#SBATCH --account=nlp\n")
                .doesNotContain("--qos", "--constraint");
    }

    @Test
    void hostileAccountQosOrConstraintIsRefusedBeforeAnythingIsRendered() {
        String[][] hostile = {
                {"vision\n#SBATCH --nodes=99", null, null},
                {null, "high'; touch /tmp/pwned; '", null},
                {null, null, "a100 --wrap=reboot"},
                {null, null, "$(touch /tmp/pwned)"},
                {null, null, "a100\"&b"}};
        for (String[] h : hostile) {
            assertThatThrownBy(() -> renderer.render(charged(h[0], h[1], h[2]), TEMPLATE))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                            .extracting(InvalidInputException.FieldError::field)
                            .containsExactly(h[0] != null ? "account" : h[1] != null ? "qos" : "constraint"));
        }
    }
}
