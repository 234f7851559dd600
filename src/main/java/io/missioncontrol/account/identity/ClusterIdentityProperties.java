package io.missioncontrol.account.identity;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How members map to cluster identities.
 *
 * @param serviceAccountMembers portal members who act as each cluster's configured account ({@code user},
 *                              {@code key_path} in clusters.yaml) instead of an identity of their own; the initial
 *                              admin by default, so a single-user install works as before
 */
@ConfigurationProperties("missioncontrol.security")
public record ClusterIdentityProperties(@DefaultValue("admin") List<String> serviceAccountMembers) {

    public ClusterIdentityProperties {
        serviceAccountMembers = serviceAccountMembers == null ? List.of() : List.copyOf(serviceAccountMembers);
    }

    public boolean actsAsServiceAccount(String username) {
        return serviceAccountMembers.contains(username);
    }
}
