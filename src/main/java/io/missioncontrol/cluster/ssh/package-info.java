/**
 * SSH with sshj: {@link io.missioncontrol.cluster.ssh.SshConnectionPool} (one kept-alive connection per
 * cluster, shared by all callers, reopened when broken, back-off after failures, connect watchdog),
 * {@link io.missioncontrol.cluster.ssh.RemoteExec} (commands with timeouts, SFTP upload, ranged reads, tails)
 * and {@link io.missioncontrol.cluster.ssh.RemoteCommand}/{@link io.missioncontrol.cluster.ssh.ShellQuoting},
 * the only way text becomes a command line. Host keys are always checked against the cluster's known_hosts.
 */
package io.missioncontrol.cluster.ssh;
