package io.missioncontrol.base;

import java.util.regex.Pattern;

/** Names that travel into file paths, #SBATCH lines, URLs and shell assignments unquoted, so they are kept to safe characters. */
public final class SafeNames {

    /** Project and job names: a letter or digit, then letters, digits, {@code .}, {@code _}, {@code -}; 1-100 long. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    /** Environment variable names as POSIX shells take them in {@code NAME=value}: letters, digits, {@code _}, no digit first. */
    public static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private SafeNames() {
    }
}
