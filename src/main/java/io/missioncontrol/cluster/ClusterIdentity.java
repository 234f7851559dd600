package io.missioncontrol.cluster;

/**
 * Who a remote action acts as: an account on a cluster. Every call through {@link ClusterGateway} names one, and
 * SSH connections are pooled per identity, so two identities never share a connection.
 *
 * <p>Today a cluster has one identity, its service account (the {@code user} of clusters.yaml, see
 * {@link ClusterGateway#serviceAccount}). Per-member identities (the member's own key pair, or
 * {@code sudo -n -u <member>} through the service account) are further identities of this kind; the gateway is
 * where an identity turns into a login.
 *
 * @param cluster the cluster's name in clusters.yaml
 * @param account the remote account the action runs as
 */
public record ClusterIdentity(String cluster, String account) {

    public ClusterIdentity {
        if (cluster == null || cluster.isBlank()) {
            throw new IllegalArgumentException("an identity needs a cluster");
        }
        if (account == null || account.isBlank()) {
            throw new IllegalArgumentException("an identity needs an account");
        }
    }

    /** The identity a connection opened from this definition authenticates as. */
    public static ClusterIdentity of(ClusterDefinition cluster) {
        return new ClusterIdentity(cluster.name(), cluster.user());
    }

    @Override
    public String toString() {
        return account + "@" + cluster;
    }
}
