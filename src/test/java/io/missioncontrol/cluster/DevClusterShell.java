package io.missioncontrol.cluster;

import io.missioncontrol.cluster.ssh.RemoteExec;
import io.missioncontrol.cluster.ssh.SshConnectionPool;
import io.missioncontrol.cluster.ssh.SshSettings;

/**
 * Raw commands and file reads on the dev cluster for tests' own set-up and checks (things the portal never does,
 * such as {@code sh -c}), over a connection pool of their own: the portal's command counts and meters see none of
 * them. Everything the portal does goes through {@link ClusterGateway}.
 */
public final class DevClusterShell {

    private static final RemoteExec REMOTE = new RemoteExec(new SshConnectionPool(SshSettings.defaults()));

    private DevClusterShell() {
    }

    public static RemoteExec remote() {
        return REMOTE;
    }
}
