package io.missioncontrol.base;

/**
 * POSIX shell quoting. The one place where text becomes part of a remote command line: every argument is
 * wrapped in single quotes, inside which a POSIX shell expands nothing ({@code $}, backticks, globs,
 * {@code ;}, newlines are all literal). A single quote is written as {@code '\''}. Every argument is quoted,
 * even plain words: this also holds for shells such as zsh that expand more than POSIX asks ({@code =word}).
 */
public final class ShellQuoting {

    private ShellQuoting() {
    }

    /**
     * Single-quotes {@code value} for a POSIX shell. The result is always quoted, so that a leading {@code -}
     * or an empty string stay one literal argument.
     *
     * @throws IllegalArgumentException if the value contains a NUL character, which no shell argument can hold
     */
    public static String quote(String value) {
        if (value == null) {
            throw new IllegalArgumentException("cannot quote null");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("shell arguments cannot contain NUL characters");
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
