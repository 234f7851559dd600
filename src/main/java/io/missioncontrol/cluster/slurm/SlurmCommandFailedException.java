package io.missioncontrol.cluster.slurm;

/** A SLURM command failed in a way no more specific exception describes, or printed output we cannot read. */
public final class SlurmCommandFailedException extends SlurmException {

    public SlurmCommandFailedException(String cluster, String message, String command, String stderr, int exitCode) {
        super(cluster, message, command, stderr, exitCode);
    }
}
