package io.missioncontrol.project.git;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A Git problem with a project directory, worded for the person who typed the path: the message names
 * the path (or commit) and says what is wrong, so it can be shown next to the form field as it is.
 * {@link #reason()} tells callers what went wrong without parsing the message.
 */
public class GitProjectException extends RuntimeException {

    /** What went wrong. */
    public enum Reason {
        /** The path is relative; Mission Control only accepts absolute project paths. */
        NOT_ABSOLUTE,
        /** The path is not a valid path on this system. */
        INVALID_PATH,
        /** Nothing exists at the path. */
        NOT_FOUND,
        /** The path is a file, not a directory. */
        NOT_A_DIRECTORY,
        /** The directory is not the root of a Git work tree. */
        NOT_A_WORK_TREE,
        /** The directory is a bare repository (no work tree to run code from). */
        BARE_REPOSITORY,
        /** The repository exists but HEAD points at no commit. */
        NO_COMMITS,
        /** The commit id is malformed, unknown in this repository, ambiguous or not a commit. */
        UNKNOWN_COMMIT,
        /** The repository is a shallow clone, so its full history cannot be shipped. */
        SHALLOW_REPOSITORY,
        /** Reading the repository or writing a file failed. */
        IO_ERROR
    }

    private final Reason reason;
    private final transient Path path;

    public GitProjectException(Reason reason, Path path, String message) {
        this(reason, path, message, null);
    }

    public GitProjectException(Reason reason, Path path, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.path = path;
    }

    public Reason reason() {
        return reason;
    }

    /** The path the problem is about, or {@code null} when it was not a usable path. */
    public Path path() {
        return path;
    }
}
