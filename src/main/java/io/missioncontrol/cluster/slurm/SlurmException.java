package io.missioncontrol.cluster.slurm;

import io.missioncontrol.cluster.ClusterException;

/** A SLURM command ran but SLURM said no. Carries the command's stderr and exit code. */
public class SlurmException extends ClusterException {

    private final String command;
    private final String stderr;
    private final int exitCode;

    public SlurmException(String cluster, String message, String command, String stderr, int exitCode) {
        super(cluster, message, null);
        this.command = command;
        this.stderr = stderr;
        this.exitCode = exitCode;
    }

    public String command() {
        return command;
    }

    public String stderr() {
        return stderr;
    }

    public int exitCode() {
        return exitCode;
    }
}
