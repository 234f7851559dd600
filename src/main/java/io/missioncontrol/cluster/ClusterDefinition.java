package io.missioncontrol.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One SLURM cluster the portal can reach over SSH, as configured in {@code clusters.yaml}.
 * Instances made by {@link ClusterConfigLoader} are validated; the compact constructor only checks
 * that the required parts are present.
 *
 * @param name          unique identifier ({@code [A-Za-z0-9][A-Za-z0-9_-]*})
 * @param displayName   optional human-readable name ({@code null} when absent)
 * @param description   optional free text ({@code null} when absent)
 * @param host          hostname or IP address of the login node
 * @param port          SSH port (22 by default)
 * @param user          remote account
 * @param keyPath       private key file used to authenticate
 * @param knownHosts    OpenSSH known_hosts file the host key is verified against
 * @param hostKeyPolicy what to do with a host key that is not in {@code knownHosts}
 * @param workspace     absolute remote directory under which jobs are placed
 * @param partitions    partitions to offer (hints; SLURM itself is the authority)
 * @param gpuTypes      GPU types to offer (hints)
 * @param template      optional per-cluster batch-script template overriding the default ({@code null} when absent)
 * @param charge        default SLURM charge account and QoS, for the cluster and per partition
 */
public record ClusterDefinition(
        String name,
        String displayName,
        String description,
        String host,
        int port,
        String user,
        Path keyPath,
        Path knownHosts,
        HostKeyPolicy hostKeyPolicy,
        String workspace,
        List<String> partitions,
        List<String> gpuTypes,
        Path template,
        ChargeDefaults charge) {

    public static final int DEFAULT_PORT = 22;

    public ClusterDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(keyPath, "keyPath");
        Objects.requireNonNull(knownHosts, "knownHosts");
        Objects.requireNonNull(workspace, "workspace");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, got " + port);
        }
        hostKeyPolicy = hostKeyPolicy == null ? HostKeyPolicy.STRICT : hostKeyPolicy;
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
        gpuTypes = gpuTypes == null ? List.of() : List.copyOf(gpuTypes);
        charge = charge == null ? ChargeDefaults.NONE : charge;
    }

    /** A definition without charge defaults. */
    public ClusterDefinition(String name, String displayName, String description, String host, int port, String user,
                             Path keyPath, Path knownHosts, HostKeyPolicy hostKeyPolicy, String workspace,
                             List<String> partitions, List<String> gpuTypes, Path template) {
        this(name, displayName, description, host, port, user, keyPath, knownHosts, hostKeyPolicy, workspace,
                partitions, gpuTypes, template, ChargeDefaults.NONE);
    }

    /**
     * Whether an SSH connection opened for {@code other} is one for this definition too: only what the
     * connection depends on counts, so editing a description in clusters.yaml does not drop live connections.
     */
    public boolean sameConnection(ClusterDefinition other) {
        return other != null && host.equals(other.host) && port == other.port && user.equals(other.user)
                && keyPath.equals(other.keyPath) && knownHosts.equals(other.knownHosts)
                && hostKeyPolicy == other.hostKeyPolicy;
    }

    /** A minimal definition with strict host-key checking and no hints (handy for tests and tools). */
    public static ClusterDefinition of(String name, String host, int port, String user, Path keyPath,
                                       Path knownHosts, String workspace) {
        return new ClusterDefinition(name, null, null, host, port, user, keyPath, knownHosts,
                HostKeyPolicy.STRICT, workspace, List.of(), List.of(), null);
    }

    /** The display name when configured, the name otherwise. */
    public String label() {
        return displayName == null || displayName.isBlank() ? name : displayName;
    }

    public Optional<Path> templateOverride() {
        return Optional.ofNullable(template);
    }

    /** {@code [host]:port} as OpenSSH writes it in known_hosts (plain {@code host} on port 22). */
    public String hostAndPort() {
        return port == DEFAULT_PORT ? host : "[" + host + "]:" + port;
    }

    public ClusterDefinition withKeyPath(Path newKeyPath) {
        return new ClusterDefinition(name, displayName, description, host, port, user, newKeyPath, knownHosts,
                hostKeyPolicy, workspace, partitions, gpuTypes, template, charge);
    }

    public ClusterDefinition withKnownHosts(Path newKnownHosts) {
        return new ClusterDefinition(name, displayName, description, host, port, user, keyPath, newKnownHosts,
                hostKeyPolicy, workspace, partitions, gpuTypes, template, charge);
    }

    public ClusterDefinition withEndpoint(String newHost, int newPort) {
        return new ClusterDefinition(name, displayName, description, newHost, newPort, user, keyPath, knownHosts,
                hostKeyPolicy, workspace, partitions, gpuTypes, template, charge);
    }

    public ClusterDefinition withName(String newName) {
        return new ClusterDefinition(newName, displayName, description, host, port, user, keyPath, knownHosts,
                hostKeyPolicy, workspace, partitions, gpuTypes, template, charge);
    }

    public ClusterDefinition withHostKeyPolicy(HostKeyPolicy policy) {
        return new ClusterDefinition(name, displayName, description, host, port, user, keyPath, knownHosts,
                policy, workspace, partitions, gpuTypes, template, charge);
    }
}
