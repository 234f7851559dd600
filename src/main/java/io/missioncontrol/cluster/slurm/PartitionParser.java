package io.missioncontrol.cluster.slurm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses {@code sinfo -h -o '%P|%a|%l|%D|%t|%N'} (see {@link SlurmCommands#partitions()}). Pure. */
public final class PartitionParser {

    private PartitionParser() {
    }

    public static List<Partition> parse(String stdout) {
        Map<String, Builder> byName = new LinkedHashMap<>();
        int lineNo = 0;
        for (String raw : stdout.split("\n")) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\|", -1);
            if (f.length < 6) {
                throw new IllegalArgumentException("sinfo line " + lineNo + ": expected 6 fields, got " + f.length
                        + ": " + line);
            }
            String name = f[0].strip();
            boolean isDefault = name.endsWith("*");
            if (isDefault) {
                name = name.substring(0, name.length() - 1);
            }
            Builder b = byName.computeIfAbsent(name, Builder::new);
            b.isDefault |= isDefault;
            b.available |= f[1].strip().equalsIgnoreCase("up");
            b.timeLimit = f[2].strip();
            int count = parseCount(f[3].strip(), lineNo);
            b.nodes += count;
            b.states.merge(f[4].strip(), count, Integer::sum);
            String nodeList = f[5].strip();
            if (!nodeList.isEmpty() && !nodeList.equals("(null)")) {
                b.nodeLists.add(nodeList);
            }
        }
        return byName.values().stream().map(Builder::build).toList();
    }

    private static int parseCount(String s, int lineNo) {
        try {
            // sinfo may abbreviate large counts, e.g. 1K
            if (s.endsWith("K")) {
                return Integer.parseInt(s.substring(0, s.length() - 1)) * 1024;
            }
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("sinfo line " + lineNo + ": node count is not a number: " + s);
        }
    }

    private static final class Builder {
        final String name;
        boolean isDefault;
        boolean available;
        String timeLimit = "";
        int nodes;
        final Map<String, Integer> states = new LinkedHashMap<>();
        final List<String> nodeLists = new ArrayList<>();

        Builder(String name) {
            this.name = name;
        }

        Partition build() {
            return new Partition(name, isDefault, available, timeLimit, nodes, states, nodeLists);
        }
    }
}
