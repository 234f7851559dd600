package io.missioncontrol.project;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A {@code .mlops-config.yaml} that cannot be used: bad YAML, a value of the wrong type or format.
 * The message is meant for the project's owner, one line per problem, e.g.
 * {@code .mlops-config.yaml line 7: resources.nodes must be a whole number, got 'many'}.
 */
public class MlopsConfigException extends RuntimeException {

    /**
     * One thing wrong with the file.
     *
     * @param line    1-based line number, or 0 when the problem is not about a line (unreadable file, …)
     * @param key     the setting's dotted path ({@code resources.nodes}, {@code setup_commands[1]}), or {@code null}
     * @param message what is wrong, naming the key, without the file name and line; without a line it
     *                continues the file name ("is not UTF-8 text")
     */
    public record Problem(int line, String key, String message) {

        public Problem {
            Objects.requireNonNull(message, "message");
        }

        /** {@code .mlops-config.yaml line 7: <message>}, or {@code .mlops-config.yaml <message>} without a line. */
        public String describe() {
            return MlopsConfig.FILE_NAME + (line > 0 ? " line " + line + ": " : " ") + message;
        }
    }

    private final List<Problem> problems;

    public MlopsConfigException(List<Problem> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    public MlopsConfigException(Problem problem, Throwable cause) {
        super(format(List.of(problem)), cause);
        this.problems = List.of(problem);
    }

    /** Every problem found, in file order; never empty. */
    public List<Problem> problems() {
        return problems;
    }

    private static String format(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an MlopsConfigException needs at least one problem");
        }
        return problems.stream().map(Problem::describe).collect(Collectors.joining("\n"));
    }
}
