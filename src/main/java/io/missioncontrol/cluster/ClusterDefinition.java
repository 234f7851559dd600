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
 * @param workspace     absolute remote directory under which jobs are placed; may contain {@code {user}}, the
 *                      Unix account an identity acts as (see {@link #workspaceFor})
 * @param partitions    partitions to offer (hints; SLURM itself is the authority)
 * @param gpuTypes      GPU types to offer (hints)
 * @param template      optional per-cluster batch-script template overriding the default ({@code null} when absent)
 * @param charge        default SLURM charge account and QoS, for the cluster and per partition
 * @param runAs         how members' jobs run: their own key ({@code run_as: own-key}, the default) or sudo
 * @param login         how a connection made from this definition logs in: the configured account (as loaded
 *                      from clusters.yaml) or, for a member's identity, what {@link #as} made of it
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
        ChargeDefaults charge,
        RunAs runAs,
        ClusterLogin login) {

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
        runAs = runAs == null ? RunAs.OWN_KEY : runAs;
        login = login == null ? ClusterLogin.SERVICE_ACCOUNT : login;
    }

    /** A service-account definition with members running through their own keys (what clusters.yaml defaulted to). */
    public ClusterDefinition(String name, String displayName, String description, String host, int port, String user,
                             Path keyPath, Path knownHosts, HostKeyPolicy hostKeyPolicy, String workspace,
                             List<String> partitions, List<String> gpuTypes, Path template) {
        this(name, displayName, description, host, port, user, keyPath, knownHosts, hostKeyPolicy, workspace,
                partitions, gpuTypes, template, ChargeDefaults.NONE, RunAs.OWN_KEY, ClusterLogin.SERVICE_ACCOUNT);
    }

    /**
     * The Unix account commands run as: the member's under sudo, otherwise the account the connection logs in as
     * ({@link #user}).
     */
    public String account() {
        return login instanceof ClusterLogin.Sudo sudo ? sudo.member() : user;
    }

    /** The workspace of {@code account}: {@code {user}} in {@link #workspace} replaced by it. */
    public String workspaceFor(String account) {
        return workspace.replace(USER_PLACEHOLDER, account);
    }

    /** {@code {user}} in {@link #workspace}. */
    public static final String USER_PLACEHOLDER = "{user}";

    /**
     * This cluster as {@code who} logs in to it: the service account is this definition; a member's own key is
     * the member's account with that key; sudo is the service account's login running commands as the member.
     */
    public ClusterDefinition as(ClusterIdentity who) {
        if (!who.cluster().equals(name)) {
            throw new IllegalArgumentException("identity " + who + " is not one of cluster '" + name + "'");
        }
        return switch (who.login()) {
            case ClusterLogin.ServiceAccount s -> withLogin(user, s);
            case ClusterLogin.OwnKey k -> withLogin(who.account(), k);
            case ClusterLogin.Sudo s -> withLogin(user, s);
        };
    }

    private ClusterDefinition withLogin(String newUser, ClusterLogin newLogin) {
        return new ClusterDefinition(name, displayName, description, host, port, newUser, keyPath, knownHosts,
                hostKeyPolicy, workspace, partitions, gpuTypes, template, charge, runAs, newLogin);
    }

    /**
     * Whether an SSH connection opened for {@code other} is one for this definition too: only what the
     * connection depends on counts, so editing a description in clusters.yaml does not drop live connections.
     */
    public boolean sameConnection(ClusterDefinition other) {
        return other != null && host.equals(other.host) && port == other.port && user.equals(other.user)
                && keyPath.equals(other.keyPath) && knownHosts.equals(other.knownHosts)
                && hostKeyPolicy == other.hostKeyPolicy && login.equals(other.login);
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
                hostKeyPolicy, workspace, partitions, gpuTypes, template, charge, runAs, login);
    }

    public ClusterDefinition withKnownHosts(Path newKnownHosts) {
        return new ClusterDefinition(name, displayName, description, host, port, user, keyPath, newKnownHosts,
                hostKeyPolicy, workspace, partitions, gpuTypes, template, charge, runAs, login);
    }

    public ClusterDefinition withEndpoint(String newHost, int newPort) {
        return new ClusterDefinition(name, displayName, description, newHost, newPort, user, keyPath, knownHosts,
                hostKeyPolicy, workspace, partitions, gpuTypes, template, charge, runAs, login);
    }

    public ClusterDefinition withName(String newName) {
        return new ClusterDefinition(newName, displayName, description, host, port, user, keyPath, knownHosts,
                hostKeyPolicy, workspace, partitions, gpuTypes, template, charge, runAs, login);
    }

    public ClusterDefinition withRunAs(RunAs newRunAs) {
        return new ClusterDefinition(name, displayName, description, host, port, user, keyPath, knownHosts,
                hostKeyPolicy, workspace, partitions, gpuTypes, template, charge, newRunAs, login);
    }

    public ClusterDefinition withWorkspace(String newWorkspace) {
        return new ClusterDefinition(name, displayName, description, host, port, user, keyPath, knownHosts,
                hostKeyPolicy, newWorkspace, partitions, gpuTypes, template, charge, runAs, login);
    }

    public ClusterDefinition withHostKeyPolicy(HostKeyPolicy policy) {
        return new ClusterDefinition(name, displayName, description, host, port, user, keyPath, knownHosts,
                policy, workspace, partitions, gpuTypes, template, charge, runAs, login);
    }
}
