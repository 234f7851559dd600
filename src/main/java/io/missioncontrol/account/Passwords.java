package io.missioncontrol.account;

import io.missioncontrol.base.InvalidInputException;

/** What a local password must be. */
final class Passwords {

    static final int MIN_LENGTH = 10;
    static final int MAX_LENGTH = 128;

    private Passwords() {
    }

    static String check(String password) {
        if (password == null || password.isEmpty()) {
            throw new InvalidInputException("password", "is empty; enter at least " + MIN_LENGTH + " characters");
        }
        if (password.length() < MIN_LENGTH) {
            throw new InvalidInputException("password", "is too short; enter at least " + MIN_LENGTH + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            throw new InvalidInputException("password", "is too long; at most " + MAX_LENGTH + " characters");
        }
        return password;
    }
}
