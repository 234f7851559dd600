package io.missioncontrol.cluster.slurm;

import java.util.Locale;

import io.missioncontrol.cluster.ssh.ExecResult;
import io.missioncontrol.cluster.ssh.RemoteCommand;

/** Maps a failed SLURM command's stderr to a typed exception (pure). */
public final class SlurmErrors {

    private SlurmErrors() {
    }

    /** Returns the exception describing a failed command; call only when {@code result} is not a success. */
    public static SlurmException map(String cluster, RemoteCommand command, ExecResult result) {
        String stderr = result.stderr().strip();
        String text = result.errorText();
        String lower = text.toLowerCase(Locale.ROOT);
        String cmd = command.render();
        int exit = result.exitCode();
        String program = command.program();
        String summary = summarize(text);

        if (exit == 127 || lower.contains("command not found") || lower.contains("no such file or directory")
                && lower.contains(program)) {
            return new SlurmUnavailableException(cluster, "cluster '" + cluster + "': `" + program
                    + "` is not available on the login node (is SLURM installed and on the PATH of non-interactive"
                    + " shells?)", cmd, stderr, exit);
        }
        if (lower.contains("unable to contact slurm controller") || lower.contains("slurm_receive_msg")
                || lower.contains("socket timed out on send/recv") || lower.contains("connection refused")
                || lower.contains("slurmctld") && lower.contains("not responding")
                || lower.contains("slurmdbd") || lower.contains("problem talking to the database")) {
            return new SlurmUnavailableException(cluster, "cluster '" + cluster + "': SLURM is not answering: "
                    + summary, cmd, stderr, exit);
        }
        if (lower.contains("invalid job id") || lower.contains("bad job/step specified")
                || lower.contains("invalid job id specified")) {
            return new SlurmInvalidJobIdException(cluster, "cluster '" + cluster + "': " + summary, cmd, stderr, exit);
        }
        if (program.equals("sbatch")) {
            SlurmSubmitRejectedException.Reason reason = submitReason(lower);
            return new SlurmSubmitRejectedException(cluster, reason, summary, cmd, stderr, exit);
        }
        return new SlurmCommandFailedException(cluster, "cluster '" + cluster + "': `" + program + "` failed (exit "
                + exit + "): " + summary, cmd, stderr, exit);
    }

    static SlurmSubmitRejectedException.Reason submitReason(String lower) {
        if (lower.contains("invalid partition")) {
            return SlurmSubmitRejectedException.Reason.INVALID_PARTITION;
        }
        if (lower.contains("requested node configuration is not available")) {
            return SlurmSubmitRejectedException.Reason.NODE_CONFIGURATION_UNAVAILABLE;
        }
        if (lower.contains("invalid generic resource") || lower.contains("invalid gres")
                || lower.contains("invalid trackable resource")) {
            return SlurmSubmitRejectedException.Reason.INVALID_GRES;
        }
        if (lower.contains("time limit")) {
            return SlurmSubmitRejectedException.Reason.INVALID_TIME_LIMIT;
        }
        if (lower.contains("node count specification invalid")) {
            return SlurmSubmitRejectedException.Reason.INVALID_NODE_COUNT;
        }
        if (lower.contains("invalid account") || lower.contains("invalid qos") || lower.contains("association")
                || lower.contains("qosmax") || lower.contains("job violates accounting/qos policy")) {
            return SlurmSubmitRejectedException.Reason.ACCOUNT_OR_QOS;
        }
        if (lower.contains("unable to open file")) {
            return SlurmSubmitRejectedException.Reason.SCRIPT_NOT_FOUND;
        }
        return SlurmSubmitRejectedException.Reason.OTHER;
    }

    /**
     * SLURM's most telling line: the "Batch job submission failed: ..." one when present, otherwise the last
     * error line, without the {@code sbatch: error:} prefix.
     */
    static String summarize(String text) {
        String best = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            String cleaned = line.replaceFirst("^[a-z_]+: (error|fatal): ", "");
            if (cleaned.startsWith("Batch job submission failed: ")) {
                return cleaned.substring("Batch job submission failed: ".length());
            }
            best = cleaned;
        }
        return best == null ? "(no error message)" : best;
    }
}
