package io.missioncontrol.account;

import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.base.Printable;
import java.util.regex.Pattern;

/** The portal's username rule, the same as a Unix account name's (it becomes one on clusters). */
public final class Usernames {

    public static final Pattern USERNAME = Pattern.compile("^[a-z_][a-z0-9_-]{0,31}$");

    public static final String RULE = "a username starts with a lowercase letter or '_' and has only lowercase "
            + "letters, digits, '_' and '-' (at most 32 characters)";

    private Usernames() {
    }

    /** {@code username}, or a 400 naming the field {@code username}. */
    public static String check(String username) {
        if (username == null || username.isEmpty()) {
            throw new InvalidInputException("username", "is empty; " + RULE);
        }
        if (!USERNAME.matcher(username).matches()) {
            throw new InvalidInputException("username", "'" + Printable.printable(username) + "' is not valid: " + RULE);
        }
        return username;
    }
}
