package io.missioncontrol.cluster.ssh;

import java.time.Duration;

/**
 * Outcome of one remote command.
 *
 * @param exitCode the command's exit status; -1 when the remote side reported none (killed by a signal)
 * @param stdout   standard output, decoded as UTF-8
 * @param stderr   standard error, decoded as UTF-8
 * @param duration wall time from opening the channel to its close
 */
public record ExecResult(int exitCode, String stdout, String stderr, Duration duration) {

    public boolean isSuccess() {
        return exitCode == 0;
    }

    /** stderr, or stdout when stderr is blank, trimmed: what to show when the command failed. */
    public String errorText() {
        return stderr.isBlank() ? stdout.strip() : stderr.strip();
    }
}
