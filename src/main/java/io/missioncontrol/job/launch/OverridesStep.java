package io.missioncontrol.job.launch;

import io.missioncontrol.base.InvalidInputException.FieldError;
import io.missioncontrol.project.hydra.HydraConfig;
import io.missioncontrol.project.hydra.HydraLoadResult;
import io.missioncontrol.project.hydra.HydraOverride;
import io.missioncontrol.project.hydra.HydraOverrides;
import io.missioncontrol.project.hydra.OverrideProblem;
import io.missioncontrol.project.hydra.OverrideSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Launch step 3: the Hydra overrides, checked against the revision's Hydra model when it has one, and turned
 * into the training script's arguments. Problems name {@code hydra_overrides} or {@code extra_overrides}.
 */
final class OverridesStep {

    /** The override arguments (none when any is refused; the problems are added to {@code errors}). */
    List<String> check(Revision revision, Map<String, String> hydraOverrides, List<String> extraOverrides,
                       List<FieldError> errors) {
        List<FieldError> missing = hydraOverrides.entrySet().stream()
                .filter(e -> e.getValue() == null && !e.getKey().startsWith("~"))
                .map(e -> new FieldError("hydra_overrides", e.getKey() + ": needs a value (only a deletion, \"~"
                        + e.getKey() + "\": null, goes without one)"))
                .toList();
        if (!missing.isEmpty()) {
            errors.addAll(missing);
            return List.of();
        }
        if (revision.hydra() instanceof HydraLoadResult.Loaded loaded) {
            HydraConfig model = loaded.config();
            // Overrides are checked against the Hydra config on disk; the job runs the committed one.
            String folder = model.configPath().isEmpty() ? "" : model.configPath() + "/";
            List<String> uncommitted = revision.snapshot().dirtyFiles().stream().map(f -> f.path())
                    .filter(path -> path.startsWith(folder) && path.endsWith(".yaml")).toList();
            if (!uncommitted.isEmpty()) {
                errors.add(new FieldError("allow_dirty", "the Hydra config has uncommitted changes ("
                        + String.join(", ", uncommitted.stream().limit(5).toList())
                        + "): commit them, since a job runs the committed config"));
                return List.of();
            }
            OverrideSet set = HydraOverrides.build(model, hydraOverrides, extraOverrides);
            for (OverrideProblem problem : set.problems()) {
                boolean extra = extraOverrides.contains(problem.override());
                errors.add(new FieldError(extra ? "extra_overrides" : "hydra_overrides",
                        problem.override() + ": " + problem.message()));
            }
            return set.valid() ? set.arguments() : List.of();
        }
        if (revision.hydra() instanceof HydraLoadResult.Invalid invalid
                && (!hydraOverrides.isEmpty() || !extraOverrides.isEmpty())) {
            errors.add(new FieldError("hydra_overrides", "the project's Hydra config cannot be read, so overrides "
                    + "cannot be checked: " + invalid.message()));
            return List.of();
        }
        // No Hydra config: overrides are passed as written, but must still be well-formed.
        List<String> args = new ArrayList<>();
        hydraOverrides.forEach((key, value) -> {
            try {
                args.add(HydraOverrides.fieldOverride(key, value).toArgument());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("hydra_overrides", key + ": " + e.getMessage()));
            }
        });
        for (String extra : extraOverrides) {
            try {
                args.add(HydraOverride.parse(extra).toArgument());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("extra_overrides", extra + ": " + e.getMessage()));
            }
        }
        return args;
    }
}
