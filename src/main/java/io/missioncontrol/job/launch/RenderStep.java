package io.missioncontrol.job.launch;

import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.slurm.SlurmMemory;
import io.missioncontrol.cluster.slurm.SlurmResources;
import io.missioncontrol.cluster.slurm.SlurmTimeLimit;
import io.missioncontrol.job.script.BatchScriptRenderer;
import io.missioncontrol.job.script.BatchScriptSpec;
import io.missioncontrol.project.MlopsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Launch step 4: the batch script, rendered from the cluster's template (its own, else the portal's, else the
 * one built in) for a job in {@code <workspace>/<project>/jobs/<job id>}.
 */
final class RenderStep {

    private static final String CLASSPATH_TEMPLATE = "/slurm_template.vm";

    /** The script and what it was rendered from. */
    record Rendered(BatchScriptSpec spec, String script) {
    }

    private final Path defaultTemplate;
    private final BatchScriptRenderer renderer = new BatchScriptRenderer();

    /** @param defaultTemplate the portal's template file; the built-in one is used when it does not exist */
    RenderStep(Path defaultTemplate) {
        this.defaultTemplate = defaultTemplate;
    }

    Rendered render(String jobId, Revision revision, ClusterDefinition cluster, SlurmResources resources,
                    String description, List<String> overrideArgs) {
        String projectName = revision.project().getName();
        MlopsConfig config = revision.config();
        String jobDir = cluster.workspaceFor(io.missioncontrol.cluster.ClusterIdentity.of(cluster).account())
                .replaceAll("/+$", "") + "/" + projectName + "/jobs/" + jobId;
        boolean bundle = revision.codeSource() == LaunchPlan.CodeSource.BUNDLE;
        BatchScriptSpec spec = new BatchScriptSpec(jobId, resources.jobName(), projectName, description, jobDir,
                revision.fetchUrl(), bundle ? jobDir + "/.missioncontrol/code.bundle" : null,
                revision.commit(), resources.partition(), resources.nodes(), resources.gpuType(),
                resources.gpusPerNode(), resources.cpusPerTask(), text(resources.memory(), SlurmMemory::text),
                text(resources.timeLimit(), SlurmTimeLimit::text), resources.account(), resources.qos(),
                resources.constraint(),
                config.python().moduleLoads(), config.python().condaEnv(), config.python().venv(), config.env(),
                config.setupCommands(), config.trainScript(), overrideArgs, config.wandb().project(),
                config.wandb().entity());
        String script = renderer.render(spec, template(cluster), cluster.templateOverride()
                .map(Path::toString).orElse("slurm_template.vm"));
        return new Rendered(spec, script);
    }

    private String template(ClusterDefinition cluster) {
        Path file = cluster.templateOverride().orElse(defaultTemplate);
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file);
            }
            try (InputStream in = RenderStep.class.getResourceAsStream(CLASSPATH_TEMPLATE)) {
                if (in == null) {
                    throw new IllegalStateException("No batch script template at " + file.toAbsolutePath());
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the batch script template " + file + ": " + e.getMessage(), e);
        }
    }

    private static <T> String text(T value, Function<T, String> text) {
        return value == null ? null : text.apply(value);
    }
}
