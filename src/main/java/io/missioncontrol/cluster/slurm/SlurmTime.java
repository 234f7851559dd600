package io.missioncontrol.cluster.slurm;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SLURM's time spellings, read by one grammar: {@code MM}, {@code MM:SS}, {@code HH:MM:SS}, {@code D-HH},
 * {@code D-HH:MM}, {@code D-HH:MM:SS}. Minutes and seconds after a colon are at most 59, hours after a {@code -}
 * at most 23. {@link #parseDuration} reads what SLURM prints; {@link #parseLimit} is the stricter rule for a
 * time limit a user asks for.
 */
public final class SlurmTime {

    /**
     * The longest time limit asked for: 9999 days (what {@code D-HH} spells with four digits). sbatch adds the
     * parts up in a 32-bit count of seconds (about 68 years), so anything longer could wrap around there.
     */
    public static final Duration MAX_LIMIT = Duration.ofDays(9999);

    private static final Pattern SPELLING = Pattern.compile(
            "(?:(?<days>\\d{1,9})-(?<dhours>\\d{1,2})(?::(?<dminutes>\\d{1,2})(?::(?<dseconds>\\d{1,2}))?)?"
                    + "|(?<a>\\d{1,9})(?::(?<b>\\d{1,2})(?::(?<c>\\d{1,2}))?)?)(?<fraction>\\.\\d+)?");

    private SlurmTime() {
    }

    /**
     * Parses a duration SLURM printed (squeue {@code %M}/{@code %l}, sinfo {@code %l}, sacct {@code Elapsed};
     * a fraction of a second, as in {@code TotalCPU}, is dropped). Empty for {@code UNLIMITED}, {@code infinite},
     * {@code N/A}, {@code INVALID} and blanks.
     */
    public static Optional<Duration> parseDuration(String text) {
        return text == null ? Optional.empty() : read(text.strip(), true);
    }

    /**
     * Parses a time limit as a user writes it for {@code sbatch --time}: one of the spellings above, longer than
     * zero (SLURM reads 0 as "no limit") and at most {@link #MAX_LIMIT}; no fraction, no surrounding blanks.
     * Empty when it is none of that.
     */
    public static Optional<Duration> parseLimit(String text) {
        return readLimit(text).filter(d -> d.isPositive() && d.compareTo(MAX_LIMIT) <= 0);
    }

    /** A time limit's duration when it is spelt right, before the range check (for {@link SlurmRules}' messages). */
    static Optional<Duration> readLimit(String text) {
        return text == null ? Optional.empty() : read(text, false);
    }

    private static Optional<Duration> read(String s, boolean fractionAllowed) {
        Matcher m = SPELLING.matcher(s);
        if (!m.matches() || (!fractionAllowed && m.group("fraction") != null)) {
            return Optional.empty();
        }
        long seconds;
        if (m.group("days") != null) {                  // D-HH[:MM[:SS]]
            long hours = Long.parseLong(m.group("dhours"));
            long minutes = number(m.group("dminutes"));
            long secs = number(m.group("dseconds"));
            if (hours > 23 || minutes > 59 || secs > 59) {
                return Optional.empty();
            }
            seconds = ((Long.parseLong(m.group("days")) * 24 + hours) * 60 + minutes) * 60 + secs;
        } else if (m.group("c") != null) {              // HH:MM:SS
            long minutes = Long.parseLong(m.group("b"));
            long secs = Long.parseLong(m.group("c"));
            if (minutes > 59 || secs > 59) {
                return Optional.empty();
            }
            seconds = (Long.parseLong(m.group("a")) * 60 + minutes) * 60 + secs;
        } else if (m.group("b") != null) {              // MM:SS
            long secs = Long.parseLong(m.group("b"));
            if (secs > 59) {
                return Optional.empty();
            }
            seconds = Long.parseLong(m.group("a")) * 60 + secs;
        } else {                                        // MM
            seconds = Long.parseLong(m.group("a")) * 60;
        }
        return Optional.of(Duration.ofSeconds(seconds));
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
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
