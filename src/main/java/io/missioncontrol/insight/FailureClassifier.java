package io.missioncontrol.insight;

import io.missioncontrol.insight.FailureCause.Kind;
import io.missioncontrol.job.JobStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads why a job ended badly from the end of its output (at most 64 KiB of stdout and of stderr) and its final
 * state: the most specific cause first — SLURM's own ending (time limit, node failure, OOM killer), then what the
 * batch script's steps print (the code could not be fetched, the train script or environment is missing), then
 * the program's own death (CUDA out of memory, NCCL, a Python exception), else the exit code and the last lines.
 * Pure: no I/O.
 */
public final class FailureClassifier {

    /** How much output is read from the end of each file. */
    public static final int TAIL_BYTES = 64 * 1024;

    private static final int EXCERPT_LINES = 12;
    private static final int EXCERPT_CHARS = 2_000;

    /** What the batch template prints before and after putting the code in place (config/slurm_template.vm). */
    private static final String JOB_STARTED = "[mission-control] job ";
    private static final String CODE_READY = "[mission-control] code at ";

    private static final Pattern TIME_LIMIT = Pattern.compile("CANCELLED AT \\S+ DUE TO TIME LIMIT");
    private static final Pattern NODE_FAILURE = Pattern.compile("DUE TO NODE FAILURE|NODE_FAIL");
    private static final Pattern OOM_KILL = Pattern.compile("(?i)oom[-_]kill|Out Of Memory|Killed process \\d+");
    private static final Pattern CUDA_OOM = Pattern.compile(
            "CUDA out of memory|OutOfMemoryError: CUDA|CUBLAS_STATUS_ALLOC_FAILED|CUDA error: out of memory");
    private static final Pattern COMMUNICATION = Pattern.compile(
            "NCCL error|NCCL WARN|nccl(?:System|Internal|Remote|Unhandled(?:Cuda)?)Error|ProcessGroupNCCL"
                    + "|DistNetworkError|RendezvousConnectionError|RendezvousTimeoutError");
    private static final Pattern GIT_FATAL = Pattern.compile("(?m)^(?:fatal|error): .*$");
    private static final Pattern GIT_REMOTE = Pattern.compile(
            "unable to access '([^']+)'|repository '([^']+)' not found|'([^']+)' does not appear to be a git "
                    + "repository");
    private static final Pattern SCRIPT_NOT_FOUND = Pattern.compile(
            "can't open file '([^']+)': \\[Errno 2\\] No such file or directory");
    private static final Pattern ENVIRONMENT_NOT_FOUND = Pattern.compile(
            "EnvironmentLocationNotFound: Not a conda environment: (\\S+)|Could not find conda environment: (\\S+)"
                    + "|(conda): command not found|The following module\\(s\\) are unknown: \"?([^\"\\n]+)\"?"
                    + "|Unable to locate a modulefile for '([^']+)'");
    private static final String TRACEBACK = "Traceback (most recent call last):";
    /** The last line of a traceback: {@code Type: message} or a bare {@code Type}. */
    private static final Pattern EXCEPTION_LINE = Pattern.compile(
            "^([A-Za-z_][\\w.]*(?:Error|Exception|Exit|Interrupt|Warning|Fault))(?:: (.*))?$");
    private static final Pattern NO_MODULE = Pattern.compile("No module named '?([\\w.]+)'?");

    private FailureClassifier() {
    }

    /**
     * The cause of a job's bad ending.
     *
     * @param status    the state it ended in (FAILED, TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, LOST, …)
     * @param exitCode  the batch script's exit code when known, else {@code null}
     * @param stdout    the end of its standard output ({@code ""} when unreadable)
     * @param stderr    the end of its standard error ({@code ""} when unreadable)
     * @param remoteUrl the Git remote the job's code was to come from, {@code null} when it was a bundle
     */
    public static FailureCause classify(JobStatus status, Integer exitCode, String stdout, String stderr,
                                        String remoteUrl) {
        String out = stdout == null ? "" : stdout;
        String err = stderr == null ? "" : stderr;
        String both = err + "\n" + out;

        Optional<String> line = firstLine(TIME_LIMIT, both);
        if (status == JobStatus.TIMEOUT || line.isPresent()) {
            return new FailureCause(Kind.TIME_LIMIT, "it ran past its time limit and SLURM stopped it: ask for a "
                    + "longer time limit or save checkpoints to resume from", line.orElse(""));
        }
        line = firstLine(NODE_FAILURE, both);
        if (status == JobStatus.NODE_FAIL || line.isPresent()) {
            return new FailureCause(Kind.NODE_FAILURE, "a node it ran on failed; nothing in the job itself went "
                    + "wrong, launch it again", line.orElse(""));
        }
        line = firstLine(CUDA_OOM, both);
        if (line.isPresent()) {
            return new FailureCause(Kind.CUDA_OUT_OF_MEMORY, "the GPU ran out of memory (CUDA out of memory): use a "
                    + "smaller batch, a bigger GPU or gradient checkpointing", excerptAround(err, line.get()));
        }
        line = firstLine(OOM_KILL, both);
        if (status == JobStatus.OUT_OF_MEMORY || line.isPresent()) {
            return new FailureCause(Kind.OUT_OF_MEMORY, "it used more memory than it asked for and the kernel's "
                    + "OOM killer ended it: ask for more memory", line.orElse(""));
        }
        if (out.contains(JOB_STARTED) && !out.contains(CODE_READY)) {
            Optional<String> fatal = lastLine(GIT_FATAL, err);
            if (fatal.isPresent()) {
                String remote = remote(err).orElse(remoteUrl);
                return new FailureCause(Kind.CODE_NOT_FETCHED, "the cluster could not fetch the code"
                        + (remote == null ? "" : " from " + remote) + ": " + fatal.get().replaceFirst("^\\w+: ", "")
                        + (remote == null ? "" : " — the cluster's account must be able to read that remote, or "
                        + "the portal ships the commit as a bundle"), lastLines(err));
            }
        }
        Matcher m = SCRIPT_NOT_FOUND.matcher(both);
        if (m.find()) {
            return new FailureCause(Kind.TRAIN_SCRIPT_NOT_FOUND, "the train script " + m.group(1) + " is not in the "
                    + "recorded commit: check train_script in .mlops-config.yaml", m.group());
        }
        m = ENVIRONMENT_NOT_FOUND.matcher(both);
        if (m.find()) {
            String name = firstGroup(m);
            return new FailureCause(Kind.ENVIRONMENT_NOT_FOUND, "the environment the project names is not on the "
                    + "cluster (" + name + "): check conda_env / modules in .mlops-config.yaml", m.group());
        }
        line = firstLine(COMMUNICATION, both);
        if (line.isPresent()) {
            return new FailureCause(Kind.COMMUNICATION, "communication between its processes failed (NCCL / "
                    + "torch.distributed): often a node or network problem; launch it again, or check the "
                    + "distributed set-up", excerptAround(err, line.get()));
        }
        Optional<FailureCause> exception = pythonException(err);
        if (exception.isPresent()) {
            return exception.get();
        }
        String tail = lastLines(err.isBlank() ? out : err);
        return new FailureCause(Kind.EXIT_CODE, exitCode == null ? "it ended with an exit code nobody reported"
                : "it exited with " + exitCode, tail);
    }

    /** The exception that ended the last traceback in stderr. */
    private static Optional<FailureCause> pythonException(String err) {
        int start = err.lastIndexOf(TRACEBACK);
        if (start < 0) {
            return Optional.empty();
        }
        List<String> lines = Arrays.asList(err.substring(start).split("\\R"));
        for (int i = 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith(" ") || l.isBlank()) {
                continue; // a frame or its source line
            }
            Matcher m = EXCEPTION_LINE.matcher(l.strip());
            if (!m.matches()) {
                continue;
            }
            String type = m.group(1);
            String message = m.group(2) == null ? "" : m.group(2).strip();
            String excerpt = clip(String.join("\n", lines.subList(Math.max(0, i + 1 - EXCERPT_LINES), i + 1)));
            Matcher module = NO_MODULE.matcher(message);
            if ((type.endsWith("ModuleNotFoundError") || type.endsWith("ImportError")) && module.find()) {
                return Optional.of(new FailureCause(Kind.MISSING_MODULE, "the environment lacks module '"
                        + module.group(1) + "' (" + simpleName(type) + "): add it to the project's environment "
                        + "or setup_commands", excerpt));
            }
            return Optional.of(new FailureCause(Kind.PYTHON_EXCEPTION, "the program raised " + simpleName(type)
                    + (message.isEmpty() ? "" : ": " + message), excerpt));
        }
        return Optional.empty();
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    private static Optional<String> remote(String err) {
        Matcher m = GIT_REMOTE.matcher(err);
        return m.find() ? Optional.ofNullable(firstGroup(m)) : Optional.empty();
    }

    private static String firstGroup(Matcher m) {
        for (int g = 1; g <= m.groupCount(); g++) {
            if (m.group(g) != null) {
                return m.group(g).strip();
            }
        }
        return m.group();
    }

    private static Optional<String> firstLine(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(lineAt(text, m.start()));
    }

    private static Optional<String> lastLine(Pattern p, String text) {
        Matcher m = p.matcher(text);
        String last = null;
        while (m.find()) {
            last = m.group().strip();
        }
        return Optional.ofNullable(last);
    }

    private static String lineAt(String text, int index) {
        int from = text.lastIndexOf('\n', index) + 1;
        int to = text.indexOf('\n', index);
        return text.substring(from, to < 0 ? text.length() : to).strip();
    }

    /** The lines of {@code text} up to and including {@code line}'s first appearance, at most a dozen. */
    private static String excerptAround(String text, String line) {
        List<String> lines = Arrays.asList(text.split("\\R"));
        int at = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(line)) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            return clip(line);
        }
        return clip(String.join("\n", lines.subList(Math.max(0, at + 1 - EXCERPT_LINES), at + 1)));
    }

    /** The last non-blank lines, at most a dozen. */
    static String lastLines(String text) {
        List<String> lines = new ArrayList<>();
        for (String l : text.split("\\R")) {
            if (!l.isBlank()) {
                lines.add(l);
            }
        }
        return clip(String.join("\n", lines.subList(Math.max(0, lines.size() - EXCERPT_LINES), lines.size())));
    }

    private static String clip(String s) {
        return s.length() <= EXCERPT_CHARS ? s : "…" + s.substring(s.length() - EXCERPT_CHARS + 1);
    }
}
