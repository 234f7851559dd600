package io.missioncontrol.cluster.slurm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the GPUs out of a node's {@code Gres} and {@code GresUsed} as sinfo prints them. Pure.
 *
 * <pre>
 * gpu:a6000:4(S:0),gpu:a100:2           configured: 4 a6000 + 2 a100
 * gpu:a6000:2(IDX:0-1),gpu:a100:0(IDX:N/A)  in use: 2 a6000
 * gpu:4  /  gpu:(null):0(IDX:N/A)        untyped GPUs
 * (null)                                 none
 * </pre>
 * Other GRES (mps, shard, license-like) are ignored. Untyped GPUs are reported under {@link #UNTYPED}.
 */
public final class GresParser {

    /** GPU type name used for GPUs configured without a type ({@code gpu:4}). */
    public static final String UNTYPED = "gpu";

    // name[:type]:count[K|M|G][(...)]
    private static final Pattern ITEM = Pattern.compile(
            "([A-Za-z0-9_]+)(?::(\\(null\\)|[^:()]+))?:(\\d+)([KMG]?)(?:\\(.*\\))?");
    private static final Pattern NAME_ONLY = Pattern.compile("([A-Za-z0-9_]+)(?::([^:()]+))?(?:\\(.*\\))?");

    private GresParser() {
    }

    /** GPU count per type; insertion-ordered, empty for {@code (null)}/blank. */
    public static Map<String, Integer> gpus(String gres) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (gres == null) {
            return out;
        }
        String s = gres.strip();
        if (s.isEmpty() || s.equals("(null)") || s.equalsIgnoreCase("N/A")) {
            return out;
        }
        for (String item : splitTopLevel(s)) {
            String it = item.strip();
            Matcher m = ITEM.matcher(it);
            if (m.matches()) {
                if (!m.group(1).equals("gpu")) {
                    continue;
                }
                String type = m.group(2);
                if (type == null || type.equals("(null)") || type.isBlank()) {
                    type = UNTYPED;
                }
                long count = Long.parseLong(m.group(3)) * multiplier(m.group(4));
                out.merge(type, (int) Math.min(Integer.MAX_VALUE, count), Integer::sum);
            } else if (NAME_ONLY.matcher(it).matches()) {
                // "gpu" or "gpu:a100" without a count means one (sbatch syntax; not printed by sinfo)
                Matcher n = NAME_ONLY.matcher(it);
                if (n.matches() && n.group(1).equals("gpu")) {
                    String type = n.group(2) == null ? UNTYPED : n.group(2);
                    out.merge(type, 1, Integer::sum);
                }
            } else {
                throw new IllegalArgumentException("unreadable GRES item '" + it + "' in '" + gres + "'");
            }
        }
        return out;
    }

    private static long multiplier(String suffix) {
        return switch (suffix) {
            case "K" -> 1024L;
            case "M" -> 1024L * 1024;
            case "G" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
    }

    /** Splits on commas outside parentheses ({@code gpu:a6000:3(IDX:0-1,3),gpu:a100:0}). */
    static List<String> splitTopLevel(String s) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (c == ',' && depth == 0) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        parts.removeIf(String::isBlank);
        return parts;
    }
}
