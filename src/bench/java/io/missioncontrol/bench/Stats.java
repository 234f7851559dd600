package io.missioncontrol.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/** Medians over repetitions after a warm-up. */
final class Stats {

    private Stats() {
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The {@code p}-th percentile (0 < p <= 100) by the nearest-rank method: a value that was measured. */
    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** Runs {@code warmup} unrecorded times, then {@code reps} recorded times; returns the recorded values. */
    static List<Double> repeat(int warmup, int reps, DoubleSupplier sample) {
        for (int i = 0; i < warmup; i++) {
            sample.getAsDouble();
        }
        List<Double> out = new ArrayList<>(reps);
        for (int i = 0; i < reps; i++) {
            out.add(sample.getAsDouble());
        }
        return out;
    }

    static String describe(List<Double> values) {
        if (values.isEmpty()) {
            return "none (n=0)";
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, "median %.1f, min %.1f, max %.1f (n=%d)", median(values),
                sorted.getFirst(), sorted.getLast(), values.size());
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}
