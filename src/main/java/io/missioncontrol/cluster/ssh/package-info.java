/**
 * SSH with sshj: {@link io.missioncontrol.cluster.ssh.SshConnectionPool} (one kept-alive connection per
 * cluster identity, shared by all callers acting as it, reopened when broken, back-off after failures, connect
 * watchdog),
 * {@link io.missioncontrol.cluster.ssh.RemoteExec} (commands with timeouts, SFTP upload, ranged reads, tails)
 * and {@link io.missioncontrol.cluster.ssh.RemoteCommand} (with {@link io.missioncontrol.base.ShellQuoting}),
 * the only way text becomes a command line. Host keys are always checked against the cluster's known_hosts.
 */
package io.missioncontrol.cluster.ssh;
