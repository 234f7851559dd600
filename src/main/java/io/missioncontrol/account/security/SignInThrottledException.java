package io.missioncontrol.account.security;

import org.springframework.security.authentication.LockedException;

/** Sign-in refused for a while after too many failures (a lock, so Spring Security publishes it as one). */
public final class SignInThrottledException extends LockedException {

    SignInThrottledException(String message) {
        super(message);
    }
}
