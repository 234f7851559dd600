package io.missioncontrol.project.hydra;

import java.util.List;

/**
 * Overrides built from a form, with the problems found on the way.
 *
 * @param overrides the overrides, in order (those with a problem included when they could be parsed)
 * @param problems what is wrong; empty when the overrides can be used
 */
public record OverrideSet(List<HydraOverride> overrides, List<OverrideProblem> problems) {

    public OverrideSet {
        overrides = List.copyOf(overrides);
        problems = List.copyOf(problems);
    }

    /** True when there is no problem. */
    public boolean valid() {
        return problems.isEmpty();
    }

    /** Each override as one argument for {@code python train.py <args…>} (Hydra-quoted, not shell-quoted). */
    public List<String> arguments() {
        return overrides.stream().map(HydraOverride::toArgument).toList();
    }
}
