package io.missioncontrol.cluster;

import java.util.Arrays;
import java.util.Optional;

/**
 * What the SSH layer does with a host key that is not (yet) in the cluster's known_hosts file.
 * A key that differs from a recorded one is refused under every policy.
 */
public enum HostKeyPolicy {
    /** Only keys already recorded in known_hosts are accepted (the default). */
    STRICT("strict"),
    /** An unknown key is recorded in known_hosts and accepted (trust on first use); a changed key is refused. */
    ACCEPT_NEW("accept-new");

    private final String configValue;

    HostKeyPolicy(String configValue) {
        this.configValue = configValue;
    }

    /** The spelling used in clusters.yaml. */
    public String configValue() {
        return configValue;
    }

    public static Optional<HostKeyPolicy> fromConfigValue(String value) {
        return Arrays.stream(values()).filter(p -> p.configValue.equals(value)).findFirst();
    }
}
