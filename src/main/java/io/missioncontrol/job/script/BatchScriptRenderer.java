package io.missioncontrol.job.script;

import static io.missioncontrol.base.Printable.printable;
import static io.missioncontrol.base.ShellQuoting.quote;

import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.base.SafeNames;
import io.missioncontrol.cluster.slurm.SlurmResources;
import io.missioncontrol.project.git.GitRemoteUrl;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.exception.VelocityException;
import org.apache.velocity.runtime.RuntimeConstants;

/**
 * Renders a batch script from a Velocity template. The template only arranges lines: every value
 * it receives is validated here, and every value that reaches the shell is single-quoted here, so
 * no template edit can make user text executable by accident.
 */
public class BatchScriptRenderer {

    /** Job folders: a clusters.yaml workspace (letters, digits, . _ + @ - /) plus project name and job id. */
    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9_./%+@-]{1,4000}");
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");

    private final VelocityEngine engine;

    public BatchScriptRenderer() {
        engine = new VelocityEngine();
        engine.setProperty(RuntimeConstants.RUNTIME_REFERENCES_STRICT, true);
        engine.init();
    }

    /** Renders with the template file at {@code template}. */
    public String render(BatchScriptSpec spec, Path template) {
        String text;
        try {
            text = Files.readString(template);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the batch script template " + template, e);
        }
        return render(spec, text, template.toString());
    }

    /** Renders with template source text; {@code templateName} names it in error messages. */
    public String render(BatchScriptSpec spec, String templateText, String templateName) {
        VelocityContext context = context(spec);
        StringWriter out = new StringWriter();
        try {
            engine.evaluate(context, out, templateName, templateText);
        } catch (VelocityException e) {
            throw new IllegalStateException("The batch script template " + templateName + " cannot be rendered: "
                    + e.getMessage(), e);
        }
        return out.toString();
    }

    VelocityContext context(BatchScriptSpec spec) {
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        requireMatch(errors, "job_id", spec.jobId(), Pattern.compile("[0-9a-f-]{36}"));
        // the #SBATCH values: SLURM's rule book, as for the launch service and .mlops-config.yaml
        SlurmResources resources = null;
        try {
            resources = SlurmResources.parse(spec.jobName(), spec.partition(), spec.gpuType(), spec.nodes(),
                    spec.gpusPerNode(), spec.cpusPerTask(), spec.memory(), spec.timeLimit(), spec.account(),
                    spec.qos(), spec.constraint());
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
        }
        requireMatch(errors, "job_dir", spec.jobDir(), SAFE_PATH);
        requireMatch(errors, "commit_sha", spec.commitSha(), SHA);
        spec.env().keySet().forEach(name -> {
            if (!SafeNames.ENV_NAME.matcher(name).matches()) {
                errors.add(new InvalidInputException.FieldError("env", "not a valid variable name: " + printable(name)));
            }
        });
        if (spec.repoUrl() != null) {
            GitRemoteUrl.problem(spec.repoUrl()).ifPresent(problem ->
                    errors.add(new InvalidInputException.FieldError("repo_url", problem)));
        }
        if ((spec.repoUrl() == null) == (spec.bundlePath() == null)) {
            errors.add(new InvalidInputException.FieldError("repo_url",
                    "the code must come from exactly one of: the remote, a bundle"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }

        Map<String, Object> sbatch = new LinkedHashMap<>(resources.sbatchOptions());
        sbatch.put("output", spec.stdoutPattern());
        sbatch.put("error", spec.stderrPattern());
        sbatch.put("comment", BatchScriptSpec.comment(spec.jobId()));

        List<String> exports = new ArrayList<>();
        exports.add("MISSIONCONTROL_JOB_ID=" + quote(spec.jobId()));
        exports.add("MISSIONCONTROL_COMMIT=" + quote(spec.commitSha()));
        exports.add("WANDB_NAME=" + quote(resources.jobName()));
        exports.add("WANDB_RUN_GROUP=" + quote(spec.projectName()));
        exports.add("WANDB_RUN_ID=" + quote(spec.jobId().replace("-", "")));
        exports.add("WANDB_TAGS=" + quote("missioncontrol"));
        if (spec.description() != null && !spec.description().isBlank()) {
            exports.add("WANDB_NOTES=" + quote(oneLine(spec.description())));
        }
        if (spec.wandbProject() != null) {
            exports.add("WANDB_PROJECT=" + quote(spec.wandbProject()));
        }
        if (spec.wandbEntity() != null) {
            exports.add("WANDB_ENTITY=" + quote(spec.wandbEntity()));
        }
        spec.env().forEach((name, value) -> exports.add(name + "=" + quote(value)));

        String sha = spec.commitSha();
        List<String> checkout = new ArrayList<>();
        checkout.add("git init -q .");
        checkout.add("printf '%s\\n' .missioncontrol/ >> .git/info/exclude");
        if (spec.bundlePath() != null) {
            checkout.add("git fetch -q -- " + quote(spec.bundlePath()) + " " + quote("+refs/*:refs/missioncontrol/*"));
        } else {
            checkout.add("git remote add -- origin " + quote(spec.repoUrl()) + " 2>/dev/null || git remote set-url -- origin "
                    + quote(spec.repoUrl()));
            checkout.add("git fetch -q -- origin " + quote("+refs/heads/*:refs/remotes/origin/*"));
        }
        checkout.add("git -c advice.detachedHead=false checkout -q --detach " + quote(sha) + " --");
        checkout.add("test \"$(git rev-parse HEAD)\" = " + quote(sha));

        List<String> activate = new ArrayList<>();
        spec.modules().forEach(module -> activate.add("module load " + quote(module)));
        if (spec.condaEnv() != null) {
            activate.add("eval \"$(conda shell.bash hook)\"");
            activate.add("conda activate " + quote(spec.condaEnv()));
        }
        if (spec.venv() != null) {
            activate.add("source " + quote(spec.venv() + "/bin/activate"));
        }

        StringBuilder run = new StringBuilder("srun python ").append(quote(spec.trainScript()));
        spec.overrideArgs().forEach(arg -> run.append(' ').append(quote(arg)));

        VelocityContext context = new VelocityContext();
        context.put("sbatch", sbatch);
        context.put("job_id", spec.jobId());
        context.put("job_dir", quote(spec.jobDir()));
        context.put("exports", exports);
        context.put("checkout", checkout);
        context.put("activate", activate);
        context.put("setup", spec.setupCommands());
        context.put("run", run.toString());
        return context;
    }

    /** A description is one line in a script: line breaks and other control characters become spaces. */
    static String oneLine(String text) {
        return text.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
    }

    private static void requireMatch(List<InvalidInputException.FieldError> errors, String field, String value,
                                     Pattern pattern) {
        if (value == null || !pattern.matcher(value).matches()) {
            errors.add(new InvalidInputException.FieldError(field,
                    value == null ? "is required" : "has characters that are not allowed: " + value));
        }
    }
}
