package io.missioncontrol.base;

import java.time.Duration;
import java.util.Objects;

/**
 * A doubling back-off: after the first of a run of consecutive failures wait {@code base}, after each further one
 * twice as long as before, never longer than {@code max}. It holds no state: callers keep their own failure count
 * and the time of the last failure (under their own lock) and ask how long to wait.
 *
 * <p>A zero {@code base} disables it (every wait is zero).
 */
public record Backoff(Duration base, Duration max) {

    public Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(max, "max");
        if (base.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException("back-off durations must not be negative");
        }
        if (max.compareTo(base) < 0) {
            throw new IllegalArgumentException("the longest back-off (" + max + ") is shorter than the first ("
                    + base + ")");
        }
    }

    /** From {@code base}, doubling at most {@code doublings} times (e.g. 3: base, 2×, 4×, 8× and then 8× on). */
    public static Backoff doubling(Duration base, int doublings) {
        if (doublings < 0 || doublings > 30) {
            throw new IllegalArgumentException("doublings must be between 0 and 30");
        }
        return new Backoff(base, base.multipliedBy(1L << doublings));
    }

    /** How long to wait after {@code failures} consecutive failures: zero for none, {@code base} for one, … */
    public Duration delay(int failures) {
        if (failures <= 0 || base.isZero()) {
            return Duration.ZERO;
        }
        Duration wait = base;
        for (int i = 1; i < failures && wait.compareTo(max) < 0; i++) {
            wait = wait.multipliedBy(2); // stops at max, so it never overflows
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }

    /**
     * What is left of the wait after {@code failures} consecutive failures, {@code sinceLastFailure} after the last
     * one: zero when a new attempt may be made.
     */
    public Duration remaining(int failures, Duration sinceLastFailure) {
        Duration left = delay(failures).minus(sinceLastFailure);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
