package io.missioncontrol.project;

import java.util.List;

/**
 * A project's {@code .mlops-config.yaml} as read from its work tree: usable settings, or a message
 * saying why they cannot be used. Never an exception, so a page can show either.
 */
public sealed interface MlopsConfigResult {

    /**
     * The settings (the defaults when there is no file).
     *
     * @param config     the settings
     * @param fileExists whether the project has a {@code .mlops-config.yaml} at all
     */
    record Loaded(MlopsConfig config, boolean fileExists) implements MlopsConfigResult {
    }

    /**
     * The file (or the project folder) cannot be used.
     *
     * @param message  one line per problem, each naming the file, line and key when known
     * @param problems the problems found in the file; empty when the problem is not about its content
     */
    record Broken(String message, List<MlopsConfigException.Problem> problems) implements MlopsConfigResult {
        public Broken {
            problems = problems == null ? List.of() : List.copyOf(problems);
        }
    }
}
