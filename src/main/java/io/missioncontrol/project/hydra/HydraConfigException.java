package io.missioncontrol.project.hydra;

/**
 * A project's Hydra configuration cannot be read or composed: broken YAML, a malformed defaults
 * list, a missing option file. The message always names the file (relative to the project root)
 * and, when known, the line, e.g. {@code configs/model/cnn.yaml, line 4: ...}.
 */
public class HydraConfigException extends RuntimeException {

    private final String file;
    private final int line;

    /**
     * @param file file the problem is in, relative to the project root ({@code null} if none)
     * @param line 1-based line number, or 0 when unknown
     * @param problem what is wrong, without the file and line
     */
    public HydraConfigException(String file, int line, String problem) {
        this(file, line, problem, null);
    }

    public HydraConfigException(String file, int line, String problem, Throwable cause) {
        super(format(file, line, problem), cause);
        this.file = file;
        this.line = Math.max(line, 0);
    }

    /** The file the problem is in, relative to the project root, or {@code null}. */
    public String file() {
        return file;
    }

    /** The 1-based line of the problem, or 0 when unknown. */
    public int line() {
        return line;
    }

    private static String format(String file, int line, String problem) {
        if (file == null) {
            return problem;
        }
        return line > 0 ? file + ", line " + line + ": " + problem : file + ": " + problem;
    }
}
