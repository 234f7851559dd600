package io.missioncontrol.job.script;

import java.util.List;
import java.util.Map;

/**
 * Everything a batch script is rendered from. Values are raw here; the renderer checks what goes
 * into {@code #SBATCH} lines by SLURM's rule book ({@code SlurmResources}) and single-quotes everything that
 * reaches the shell.
 *
 * @param jobId          the portal's job id (a UUID), carried to SLURM in {@code --comment}
 * @param jobName        SLURM job name (validated: letters, digits, {@code . _ -})
 * @param projectName    used to group W&B runs
 * @param description    free text, exported as WANDB_NOTES
 * @param jobDir         absolute folder on the cluster: script, logs and the Git checkout
 * @param repoUrl        where to fetch the commit from, when it is on a remote
 * @param bundlePath     a git bundle uploaded next to the script, when the commit is not on a remote
 * @param commitSha      exactly the commit to run
 * @param partition      SLURM partition
 * @param nodes          number of nodes (at least 1)
 * @param gpuType        GPU type for {@code --gres}, or null for any type
 * @param gpusPerNode    GPUs per node (0 = none)
 * @param cpusPerTask    or null
 * @param memory         e.g. {@code 32G} (a lower-case suffix is taken as upper case), or null
 * @param timeLimit      SLURM time limit, or null for the partition's default
 * @param account        SLURM charge account ({@code --account}), or null for the user's default account
 * @param qos            SLURM QoS ({@code --qos}), or null for the association's default
 * @param constraint     node feature expression ({@code --constraint}), or null for any node
 * @param modules        {@code module load} names
 * @param condaEnv       conda environment to activate, or null
 * @param venv           virtualenv folder (relative to the checkout, or absolute), or null
 * @param env            extra environment variables
 * @param setupCommands  the project's own setup commands (trusted like its training code: run verbatim)
 * @param trainScript    path of the training script in the repository
 * @param overrideArgs   Hydra override arguments, each already in Hydra's own syntax
 * @param wandbProject   or null
 * @param wandbEntity    or null
 */
public record BatchScriptSpec(
        String jobId, String jobName, String projectName, String description, String jobDir,
        String repoUrl, String bundlePath, String commitSha,
        String partition, int nodes, String gpuType, int gpusPerNode, Integer cpusPerTask, String memory,
        String timeLimit, String account, String qos, String constraint,
        List<String> modules, String condaEnv, String venv, Map<String, String> env, List<String> setupCommands,
        String trainScript, List<String> overrideArgs, String wandbProject, String wandbEntity) {

    /** sbatch's output file names inside the job folder ({@code %j} is SLURM's job id). */
    public static final String STDOUT_PATTERN = ".missioncontrol/slurm-%j.out";
    public static final String STDERR_PATTERN = ".missioncontrol/slurm-%j.err";

    /** Where sbatch writes the job's standard output. */
    public String stdoutPattern() {
        return jobDir + "/" + STDOUT_PATTERN;
    }

    /** Where sbatch writes the job's standard error. */
    public String stderrPattern() {
        return jobDir + "/" + STDERR_PATTERN;
    }

    /** The log file sbatch wrote for SLURM job {@code slurmJobId}, from one of the patterns above. */
    public static String logPath(String jobDir, String pattern, String slurmJobId) {
        return jobDir + "/" + pattern.replace("%j", slurmJobId);
    }

    /** The script's own path on the cluster. */
    public String scriptPath() {
        return jobDir + "/.missioncontrol/job.sbatch";
    }

    /** The marker SLURM keeps in the job's comment, to find it again after a crash. */
    public static String comment(String jobId) {
        return "missioncontrol:" + jobId;
    }
}
