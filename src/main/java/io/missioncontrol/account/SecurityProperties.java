package io.missioncontrol.account;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in settings, under {@code missioncontrol.security.*}.
 *
 * @param initialAdminToken when set and no admin exists yet, the user {@code admin} is created holding this personal
 *                          token (automated installs, CI); ignored once an admin exists. Never logged.
 * @param signInFailures    failed password sign-ins for one username or from one address before sign-in is refused
 * @param signInLockout     how long sign-in stays refused after that
 */
@ConfigurationProperties("missioncontrol.security")
public record SecurityProperties(
        String initialAdminToken,
        @DefaultValue("5") int signInFailures,
        @DefaultValue("1m") Duration signInLockout) {

    @Override
    public String toString() { // the token is a secret: never printed with the properties
        return "SecurityProperties[initialAdminToken=" + (initialAdminToken == null ? "unset" : "***")
                + ", signInFailures=" + signInFailures + ", signInLockout=" + signInLockout + "]";
    }
}
