package io.missioncontrol.project;

import io.missioncontrol.cluster.slurm.SlurmTime;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A project's {@code .mlops-config.yaml}, validated (see {@code docs/mlops-config.md}). Read it with
 * {@link MlopsConfigReader}. Immutable: lists and maps are unmodifiable copies; absent sections are the
 * empty constants ({@link PythonEnv#NONE}, {@link Resources#NONE}, …), never {@code null}. Inside a section,
 * a setting that is not given is {@code null}.
 *
 * <p>Values are data: they are validated to be single-line and safe, but anything that reaches a shell
 * must still be quoted by whoever renders the job script. {@link #setupCommands()} are the one exception:
 * they are shell commands by design, written by the project's owner, and run as such in the job's checkout.
 *
 * @param python        how to activate Python on the cluster
 * @param trainScript   the script to run, relative to the checkout root ({@value #DEFAULT_TRAIN_SCRIPT} by default)
 * @param setupCommands shell commands run in the checkout before training, in order
 * @param env           environment variables exported before training, in file order
 * @param resources     defaults for the launch form
 * @param wandb         Weights &amp; Biases project and entity
 * @param hydra         where the project's Hydra configs live
 * @param warnings      non-fatal findings (unknown keys, …), each naming the file and line
 */
public record MlopsConfig(
        PythonEnv python,
        String trainScript,
        List<String> setupCommands,
        Map<String, String> env,
        Resources resources,
        Wandb wandb,
        HydraLocation hydra,
        List<String> warnings) {

    /** The file's name, in the project's root directory. */
    public static final String FILE_NAME = ".mlops-config.yaml";

    /** The train script when the file does not name one. */
    public static final String DEFAULT_TRAIN_SCRIPT = "train.py";

    private static final MlopsConfig DEFAULTS = new MlopsConfig(
            PythonEnv.NONE, DEFAULT_TRAIN_SCRIPT, List.of(), Map.of(), Resources.NONE, Wandb.NONE, HydraLocation.NONE, List.of());

    public MlopsConfig {
        python = python == null ? PythonEnv.NONE : python;
        trainScript = trainScript == null ? DEFAULT_TRAIN_SCRIPT : trainScript;
        setupCommands = setupCommands == null ? List.of() : List.copyOf(setupCommands);
        env = env == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(env));
        resources = resources == null ? Resources.NONE : resources;
        wandb = wandb == null ? Wandb.NONE : wandb;
        hydra = hydra == null ? HydraLocation.NONE : hydra;
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** The configuration of a project without {@code .mlops-config.yaml}: train {@value #DEFAULT_TRAIN_SCRIPT}, nothing else. */
    public static MlopsConfig defaults() {
        return DEFAULTS;
    }

    /** A copy with more warnings appended. */
    public MlopsConfig withWarnings(List<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = new java.util.ArrayList<>(warnings);
        all.addAll(more);
        return new MlopsConfig(python, trainScript, setupCommands, env, resources, wandb, hydra, all);
    }

    /**
     * How Python is made available: at most one of {@code condaEnv} and {@code venv} is set.
     *
     * @param condaEnv    a conda environment name or the absolute path of a prefix environment ({@code conda activate …})
     * @param venv        a virtualenv directory, relative to the checkout or absolute ({@code source <venv>/bin/activate})
     * @param moduleLoads environment modules to load first ({@code module load …}), in order
     */
    public record PythonEnv(String condaEnv, String venv, List<String> moduleLoads) {

        public static final PythonEnv NONE = new PythonEnv(null, null, List.of());

        public PythonEnv {
            moduleLoads = moduleLoads == null ? List.of() : List.copyOf(moduleLoads);
        }

        /** Which kind of environment is activated. */
        public Kind kind() {
            if (condaEnv != null) {
                return Kind.CONDA;
            }
            return venv != null ? Kind.VENV : Kind.SYSTEM;
        }

        public enum Kind {
            /** {@code conda activate <condaEnv>} */
            CONDA,
            /** {@code source <venv>/bin/activate} */
            VENV,
            /** Whatever {@code python} is on the PATH (after the module loads). */
            SYSTEM
        }
    }

    /**
     * Defaults for the launch form; each is {@code null} when the file does not set it. Each was accepted by
     * SLURM's rule book ({@code SlurmRules}), the same one the launch form and service apply.
     *
     * @param partition   SLURM partition
     * @param timeLimit   SLURM time limit as written ({@code MM}, {@code MM:SS}, {@code HH:MM:SS}, {@code D-HH}, {@code D-HH:MM}, {@code D-HH:MM:SS}; at most 9999 days)
     * @param cpusPerTask CPUs per task, 1 to 65533
     * @param memory      memory per node as SLURM takes it ({@code 32G}, {@code 16000M}, {@code 16000} = megabytes; at most 1 PiB), suffix upper-cased
     * @param gpusPerNode GPUs per node, 0 or more
     * @param nodes       number of nodes, at least 1
     * @param gpuType     GPU type as the cluster's GRES names it ({@code a100}, {@code a6000}, …)
     * @param account     SLURM charge account ({@code --account}); above the cluster's defaults, below the launch's
     * @param qos         SLURM QoS ({@code --qos}), layered like {@code account}
     * @param constraint  node feature expression ({@code --constraint}, e.g. {@code a100&ib})
     */
    public record Resources(
            String partition, String timeLimit, Integer cpusPerTask, String memory, Integer gpusPerNode, Integer nodes, String gpuType,
            String account, String qos, String constraint) {

        public static final Resources NONE = new Resources(null, null, null, null, null, null, null, null, null, null);

        /** Resources without charge account, QoS or constraint. */
        public Resources(String partition, String timeLimit, Integer cpusPerTask, String memory, Integer gpusPerNode,
                         Integer nodes, String gpuType) {
            this(partition, timeLimit, cpusPerTask, memory, gpusPerNode, nodes, gpuType, null, null, null);
        }

        /** Whether no default is set at all. */
        public boolean isEmpty() {
            return equals(NONE);
        }

        /** {@link #timeLimit()} as a duration, when set. */
        public Optional<Duration> timeLimitDuration() {
            return Optional.ofNullable(timeLimit).flatMap(SlurmTime::parseLimit);
        }
    }

    /**
     * Weights &amp; Biases settings, exported as {@code WANDB_PROJECT} / {@code WANDB_ENTITY} and used for run links.
     *
     * @param project the W&amp;B project, or {@code null}
     * @param entity  the W&amp;B user or team, or {@code null}
     */
    public record Wandb(String project, String entity) {

        public static final Wandb NONE = new Wandb(null, null);

        public boolean isConfigured() {
            return project != null || entity != null;
        }
    }

    /**
     * Where the Hydra configuration lives.
     *
     * @param configPath the config directory relative to the project root ({@code configs}), or {@code null}
     * @param configName the primary config's name ({@code train} for {@code configs/train.yaml}), or {@code null}
     */
    public record HydraLocation(String configPath, String configName) {

        public static final HydraLocation NONE = new HydraLocation(null, null);

        public boolean isConfigured() {
            return configPath != null || configName != null;
        }
    }
}
