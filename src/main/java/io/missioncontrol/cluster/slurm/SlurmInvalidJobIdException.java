package io.missioncontrol.cluster.slurm;

/** SLURM does not know the job id (malformed, or purged from the controller's memory). */
public final class SlurmInvalidJobIdException extends SlurmException {

    public SlurmInvalidJobIdException(String cluster, String message, String command, String stderr, int exitCode) {
        super(cluster, message, command, stderr, exitCode);
    }
}
