package io.missioncontrol.cluster;

import java.util.Arrays;
import java.util.Optional;

/** How members' jobs run on a cluster ({@code run_as} in clusters.yaml). */
public enum RunAs {
    /** Each member logs in with their own key pair (the portal keeps the private key encrypted). */
    OWN_KEY("own-key"),
    /** The service account runs each command as {@code sudo -n -u <member>}. */
    SUDO("sudo");

    private final String configValue;

    RunAs(String configValue) {
        this.configValue = configValue;
    }

    /** The value as written in clusters.yaml and shown in the API ({@code own-key}, {@code sudo}). */
    public String configValue() {
        return configValue;
    }

    public static Optional<RunAs> fromConfigValue(String value) {
        return Arrays.stream(values()).filter(r -> r.configValue.equals(value)).findFirst();
    }
}
