package io.missioncontrol.cluster.slurm;

/**
 * The login node answered but SLURM itself did not: the controller is down or unreachable from there, or
 * SLURM's commands are not installed. Like an unreachable cluster, worth retrying later.
 */
public final class SlurmUnavailableException extends SlurmException {

    public SlurmUnavailableException(String cluster, String message, String command, String stderr, int exitCode) {
        super(cluster, message, command, stderr, exitCode);
    }
}
