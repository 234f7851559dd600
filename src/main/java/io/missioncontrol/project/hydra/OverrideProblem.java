package io.missioncontrol.project.hydra;

/**
 * Why an override cannot be used, for a form to show next to it.
 *
 * @param override the override as the user typed it (or as it was built: {@code model.lr=abc})
 * @param message what is wrong, e.g. {@code unknown group 'modle' — did you mean 'model'?}
 */
public record OverrideProblem(String override, String message) {
}
