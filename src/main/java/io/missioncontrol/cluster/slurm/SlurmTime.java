package io.missioncontrol.cluster.slurm;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** SLURM's time spellings. */
public final class SlurmTime {

    private static final Pattern DURATION = Pattern.compile(
            "(?:(\\d+)-)?(\\d+)(?::(\\d+))?(?::(\\d+))?(?:\\.\\d+)?");

    private SlurmTime() {
    }

    /**
     * Parses a SLURM duration: {@code MM:SS}, {@code H:MM:SS}, {@code D-HH}, {@code D-HH:MM}, {@code D-HH:MM:SS}
     * (as squeue {@code %M}/{@code %l}, sinfo {@code %l} and sacct {@code Elapsed} print them) or plain
     * minutes. Empty for {@code UNLIMITED}, {@code infinite}, {@code N/A}, {@code INVALID} and blanks.
     */
    public static Optional<Duration> parseDuration(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip();
        Matcher m = DURATION.matcher(s);
        if (s.isEmpty() || !m.matches()) {
            return Optional.empty();
        }
        long days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        long a = Long.parseLong(m.group(2));
        Long b = m.group(3) == null ? null : Long.parseLong(m.group(3));
        Long c = m.group(4) == null ? null : Long.parseLong(m.group(4));
        long seconds;
        if (m.group(1) != null) {            // D-HH[:MM[:SS]]
            seconds = a * 3600 + (b == null ? 0 : b * 60) + (c == null ? 0 : c);
        } else if (c != null) {              // HH:MM:SS
            seconds = a * 3600 + b * 60 + c;
        } else if (b != null) {              // MM:SS
            seconds = a * 60 + b;
        } else {                             // minutes
            seconds = a * 60;
        }
        return Optional.of(Duration.ofSeconds(days * 86400 + seconds));
    }

    /** Whether a time limit means "no limit". */
    public static boolean isUnlimited(String text) {
        String s = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
        return s.equals("UNLIMITED") || s.equals("INFINITE");
    }

    /**
     * Parses sacct's {@code Start}/{@code End} ({@code 2026-11-28T21:37:24}, in the cluster's local time zone).
     * Empty for {@code Unknown}, {@code None} and blanks.
     */
    public static Optional<LocalDateTime> parseTimestamp(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(text.strip()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Formats a duration for {@code sbatch --time}: {@code D-HH:MM:SS} (or {@code HH:MM:SS} under a day). */
    public static String formatLimit(Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("time limit must be positive");
        }
        long total = d.toSeconds();
        long days = total / 86400;
        long h = total % 86400 / 3600;
        long m = total % 3600 / 60;
        long s = total % 60;
        String hms = String.format(Locale.ROOT, "%02d:%02d:%02d", h, m, s);
        return days > 0 ? days + "-" + hms : hms;
    }
}
