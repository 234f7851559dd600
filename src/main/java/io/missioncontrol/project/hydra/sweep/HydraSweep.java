package io.missioncontrol.project.hydra.sweep;

import io.missioncontrol.project.hydra.sweep.HydraValues.ChoiceSweep;
import io.missioncontrol.project.hydra.sweep.HydraValues.GlobSweep;
import io.missioncontrol.project.hydra.sweep.HydraValues.IntervalSweep;
import io.missioncontrol.project.hydra.sweep.HydraValues.RangeSweep;
import io.missioncontrol.project.hydra.sweep.OverrideParser.Parsed;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A Hydra multirun expanded exactly as Hydra 1.3's basic sweeper expands it ({@code BasicSweeper.split_arguments}):
 * each override gives one value or, when it is a sweep ({@code a,b}, {@code choice}, {@code range}, {@code glob},
 * with {@code sort}/{@code shuffle}/{@code tag} and the casts), a list of them; a later override of the same key
 * replaces the earlier one's values in the earlier one's place; the tasks are the Cartesian product in that order,
 * the last override varying fastest. Each task is the list of overrides Hydra would give that job, written as
 * Hydra writes them back ({@code lr=0.1}, {@code name='a b'}, {@code flag=True}).
 */
public final class HydraSweep {

    /** Python decimal's default context, in which Hydra's float ranges add up their steps. */
    private static final MathContext PYTHON_DECIMAL = new MathContext(28, RoundingMode.HALF_EVEN);

    private HydraSweep() {
    }

    /**
     * The tasks of a multirun, in Hydra's order.
     *
     * @param overrides    the command-line overrides, sweeps and fixed ones, in the order given
     * @param groupOptions a config group's option names (sorted, as Hydra lists them), for {@code glob}
     * @param maxTasks     more tasks than this is refused before any is built
     * @throws HydraSweepException naming the override Hydra refuses, or the sweep the basic sweeper cannot run
     */
    public static List<List<String>> expand(List<String> overrides, Function<String, List<String>> groupOptions,
                                            int maxTasks) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (String override : overrides) {
            Parsed parsed;
            try {
                parsed = OverrideParser.parse(override);
            } catch (HydraSweepException e) {
                throw new HydraSweepException("'" + override + "': " + e.getMessage());
            }
            byKey.put(parsed.keyElement(), values(override, parsed, groupOptions, maxTasks).stream()
                    .map(v -> parsed.keyElement() + "=" + v).toList());
        }
        long count = 1;
        for (Map.Entry<String, List<String>> e : byKey.entrySet()) {
            count *= e.getValue().size();
            if (count > maxTasks) {
                throw new HydraSweepException("the sweep makes more than " + maxTasks + " runs");
            }
        }
        List<List<String>> tasks = new ArrayList<>();
        tasks.add(List.of());
        for (List<String> values : byKey.values()) {
            List<List<String>> next = new ArrayList<>(tasks.size() * values.size());
            for (List<String> task : tasks) {
                for (String value : values) {
                    List<String> longer = new ArrayList<>(task);
                    longer.add(value);
                    next.add(List.copyOf(longer));
                }
            }
            tasks = next;
        }
        return List.copyOf(tasks);
    }

    /** True when the override asks for several runs (a sweep), false for a plain one; refused as Hydra would. */
    public static boolean isSweep(String override) {
        try {
            return OverrideParser.parse(override).isSweep();
        } catch (HydraSweepException e) {
            throw new HydraSweepException("'" + override + "': " + e.getMessage());
        }
    }

    private static List<String> values(String override, Parsed parsed, Function<String, List<String>> groupOptions,
                                       int maxTasks) {
        Object value = parsed.value();
        return switch (value) {
            case ChoiceSweep c -> {
                List<Object> items = new ArrayList<>(c.items());
                if (c.shuffle()) {
                    Collections.shuffle(items);
                }
                yield items.stream().map(HydraValues::asString).toList();
            }
            case RangeSweep r -> {
                List<Object> items = range(override, r, maxTasks);
                if (r.shuffle()) {
                    Collections.shuffle(items);
                }
                yield items.stream().map(HydraValues::asString).toList();
            }
            case GlobSweep g -> {
                List<String> matching = glob(g, groupOptions.apply(parsed.keyOrGroup()));
                if (matching.isEmpty()) {
                    throw new HydraSweepException("'" + override + "': no option of group '" + parsed.keyOrGroup()
                            + "' matches, so the sweep would make no run");
                }
                yield matching;
            }
            case IntervalSweep i -> throw new HydraSweepException("'" + override + "': interval() is a continuous "
                    + "range: only an optimizing sweeper (Optuna, Nevergrad, Ax) can sample it; Hydra's basic sweeper "
                    + "does not support sweep type INTERVAL_SWEEP. Give the values, e.g. choice(0.1,0.01) or "
                    + "range(0,1,0.25)");
            case null -> List.of(HydraValues.asString(null));
            default -> List.of(HydraValues.asString(value));
        };
    }

    /** Python's {@code range} for ints, else Hydra's {@code FloatRange} (Decimal steps, 28 digits). */
    private static List<Object> range(String override, RangeSweep r, int maxTasks) {
        List<Object> out = new ArrayList<>();
        if (isInt(r.start()) && isInt(r.stop()) && isInt(r.step())) {
            BigInteger start = OverrideFunctions.asInteger(r.start());
            BigInteger stop = OverrideFunctions.asInteger(r.stop());
            BigInteger step = OverrideFunctions.asInteger(r.step());
            if (step.signum() == 0) {
                throw new HydraSweepException("'" + override + "': ValueError: range() arg 3 must not be zero");
            }
            for (BigInteger v = start; step.signum() > 0 ? v.compareTo(stop) < 0 : v.compareTo(stop) > 0;
                 v = v.add(step)) {
                if (out.size() > maxTasks) {
                    throw new HydraSweepException("'" + override + "' makes more than " + maxTasks + " runs");
                }
                out.add(v);
            }
            return out;
        }
        BigDecimal start = HydraValues.exact(r.start());
        BigDecimal stop = HydraValues.exact(r.stop());
        BigDecimal step = HydraValues.exact(r.step());
        if (step.signum() == 0) {
            throw new HydraSweepException("'" + override + "': Invalid range values (start:" + r.start() + ", stop:"
                    + r.stop() + ", step:" + r.step() + ")");
        }
        while (step.signum() > 0 ? start.compareTo(stop) < 0 : start.compareTo(stop) > 0) {
            if (out.size() > maxTasks) {
                throw new HydraSweepException("'" + override + "' makes more than " + maxTasks + " runs");
            }
            out.add(start.doubleValue());
            start = start.add(step, PYTHON_DECIMAL);
        }
        return out;
    }

    private static boolean isInt(Object v) {
        return v instanceof BigInteger || v instanceof Boolean;
    }

    /** {@code Glob.filter}: the options matching an include pattern and no exclude pattern (fnmatch). */
    private static List<String> glob(GlobSweep g, List<String> options) {
        List<Pattern> include = g.include().stream().map(HydraSweep::fnmatch).toList();
        List<Pattern> exclude = g.exclude().stream().map(HydraSweep::fnmatch).toList();
        return options.stream()
                .filter(o -> include.stream().anyMatch(p -> p.matcher(o).matches()))
                .filter(o -> exclude.stream().noneMatch(p -> p.matcher(o).matches()))
                .toList();
    }

    /** Python's {@code fnmatch.translate}: {@code * ? [seq] [!seq]}, the rest literal. */
    static Pattern fnmatch(String glob) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i++);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' -> {
                    int j = i;
                    if (j < glob.length() && glob.charAt(j) == '!') {
                        j++;
                    }
                    if (j < glob.length() && glob.charAt(j) == ']') {
                        j++;
                    }
                    while (j < glob.length() && glob.charAt(j) != ']') {
                        j++;
                    }
                    if (j >= glob.length()) {
                        re.append("\\[");
                    } else {
                        String set = glob.substring(i, j).replace("\\", "\\\\");
                        i = j + 1;
                        if (set.startsWith("!")) {
                            set = "^" + set.substring(1);
                        } else if (set.startsWith("^")) {
                            set = "\\" + set;
                        }
                        re.append('[').append(set.replace("[", "\\[").replace("&&", "\\&\\&")).append(']');
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
