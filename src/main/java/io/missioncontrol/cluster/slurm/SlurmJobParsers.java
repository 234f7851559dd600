package io.missioncontrol.cluster.slurm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pure parsers for sbatch, squeue and sacct output in the formats {@link SlurmCommands} asks for. */
public final class SlurmJobParsers {

    private static final Pattern PARSABLE = Pattern.compile("(\\d+)(?:;(\\S+))?");
    private static final Pattern EXIT = Pattern.compile("(-?\\d+):(\\d+)");

    private SlurmJobParsers() {
    }

    /**
     * The job id from {@code sbatch --parsable}: {@code 123} or {@code 123;clustername}. Lines before the last
     * (site banners, warnings some sites print on stdout) are ignored.
     *
     * @throws IllegalArgumentException when no job id is found
     */
    public static String parseSubmittedJobId(String stdout) {
        String[] lines = stdout.strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            Matcher m = PARSABLE.matcher(lines[i].strip());
            if (m.matches()) {
                return m.group(1);
            }
        }
        throw new IllegalArgumentException("sbatch printed no job id: '" + stdout.strip() + "'");
    }

    /** Parses {@code squeue -h -o '%i|%T|%r|%M|%l|%D|%b|%k'}; a {@code |} inside the comment is kept. */
    public static List<QueueEntry> parseQueue(String stdout) {
        return rows("squeue", stdout, 8).stream().map(f -> {
            String rawState = f[1].strip();
            return new QueueEntry(f[0].strip(), SlurmJobState.parse(rawState), rawState, f[2].strip(),
                    SlurmTime.parseDuration(f[3]).orElse(Duration.ZERO), f[4].strip(), intOr(f[5], 0),
                    f[6].strip(), nullable(f[7]));
        }).toList();
    }

    /**
     * Parses {@code sacct -X -n -P -o JobID,State,ExitCode,Elapsed,Start,End,Reason,Comment}; a {@code |}
     * inside the comment is kept.
     */
    public static List<AccountingEntry> parseAccounting(String stdout) {
        return rows("sacct", stdout, 8).stream().map(f -> {
            String rawState = f[1].strip();
            int exitCode = 0;
            int signal = 0;
            Matcher m = EXIT.matcher(f[2].strip());
            if (m.matches()) {
                exitCode = Integer.parseInt(m.group(1));
                signal = Integer.parseInt(m.group(2));
            }
            return new AccountingEntry(f[0].strip(), SlurmJobState.parse(rawState), rawState, exitCode, signal,
                    SlurmTime.parseDuration(f[3]).orElse(Duration.ZERO),
                    SlurmTime.parseTimestamp(f[4]).orElse(null), SlurmTime.parseTimestamp(f[5]).orElse(null),
                    f[6].strip(), nullable(f[7]));
        }).toList();
    }

    /**
     * The non-blank lines of {@code |}-separated output, each split into exactly {@code fields} fields;
     * the last field keeps any further {@code |} (it is the free-text comment).
     */
    private static List<String[]> rows(String command, String stdout, int fields) {
        List<String[]> out = new ArrayList<>();
        int lineNo = 0;
        for (String raw : stdout.split("\n")) {
            lineNo++;
            if (raw.isBlank()) {
                continue;
            }
            String[] f = raw.split("\\|", fields);
            if (f.length < fields) {
                throw new IllegalArgumentException(command + " line " + lineNo + ": expected " + fields
                        + " fields, got " + f.length + ": " + raw.strip());
            }
            out.add(f);
        }
        return out;
    }

    private static String nullable(String s) {
        String v = s.strip();
        return v.isEmpty() || v.equals("(null)") ? null : v;
    }

    private static int intOr(String s, int fallback) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
