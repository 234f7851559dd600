package io.missioncontrol.cluster;

import java.security.KeyPair;
import java.util.Objects;

/**
 * Who a remote action acts as: an account on a cluster, and how it logs in. Every call through
 * {@link ClusterGateway} names one, and SSH connections are pooled per identity, so two identities never share a
 * connection.
 *
 * <p>Three kinds: the cluster's service account (the {@code user} of clusters.yaml, see
 * {@link ClusterGateway#serviceAccount}); a member's own Unix account with the member's own key pair
 * ({@link #ownKey}); a member's account reached through the service account with {@code sudo -n -u}
 * ({@link #sudo}). The gateway is where an identity turns into a login. {@code toString} never shows key material.
 *
 * @param cluster the cluster's name in clusters.yaml
 * @param account the Unix account the action runs as
 * @param login   how the connection authenticates
 */
public record ClusterIdentity(String cluster, String account, ClusterLogin login) {

    public ClusterIdentity {
        if (cluster == null || cluster.isBlank()) {
            throw new IllegalArgumentException("an identity needs a cluster");
        }
        if (account == null || account.isBlank()) {
            throw new IllegalArgumentException("an identity needs an account");
        }
        Objects.requireNonNull(login, "login");
        if (login instanceof ClusterLogin.Sudo sudo && !sudo.member().equals(account)) {
            throw new IllegalArgumentException("a sudo identity runs as its own account");
        }
    }

    /** The service-account identity {@code account@cluster} (the configured {@code user}). */
    public ClusterIdentity(String cluster, String account) {
        this(cluster, account, ClusterLogin.SERVICE_ACCOUNT);
    }

    /** A member's own Unix account, logging in with the member's key pair (kept in memory only). */
    public static ClusterIdentity ownKey(String cluster, String account, KeyPair keys) {
        return new ClusterIdentity(cluster, account, new ClusterLogin.OwnKey(keys));
    }

    /** A member's Unix account, reached as the service account running {@code sudo -n -u <account>}. */
    public static ClusterIdentity sudo(String cluster, String account) {
        return new ClusterIdentity(cluster, account, new ClusterLogin.Sudo(account));
    }

    /** The identity a connection opened from this definition acts as. */
    public static ClusterIdentity of(ClusterDefinition cluster) {
        return new ClusterIdentity(cluster.name(), cluster.account(), cluster.login());
    }

    public boolean isServiceAccount() {
        return login instanceof ClusterLogin.ServiceAccount;
    }

    @Override
    public String toString() {
        return isServiceAccount() ? account + "@" + cluster : account + "@" + cluster + " (" + login + ")";
    }
}
