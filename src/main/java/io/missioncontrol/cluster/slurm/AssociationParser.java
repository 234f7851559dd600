package io.missioncontrol.cluster.slurm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code sacctmgr -nP show assoc user=<u> format=account,qos,partition} (see
 * {@link SlurmCommands#associations}). Pure.
 *
 * <p>Tolerates what sacctmgr prints around that: a header line (without {@code -n}), a trailing {@code |} (with
 * {@code -p} instead of {@code -P}), blank lines and CR line ends. A QoS field is a comma list (possibly empty);
 * an empty partition means every partition. The same account and partition twice (an association per cluster of
 * a shared database) are merged.
 */
public final class AssociationParser {

    private static final String HEADER = "account|qos|partition";

    private AssociationParser() {
    }

    /** @throws IllegalArgumentException for a line that is not three {@code |}-separated fields */
    public static List<Association> parse(String stdout) {
        Map<String, Set<String>> qosByKey = new LinkedHashMap<>();
        Map<String, Association> firstByKey = new LinkedHashMap<>();
        int lineNo = 0;
        for (String raw : stdout.split("\n")) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.toLowerCase(Locale.ROOT).replaceAll("\\|$", "").equals(HEADER)) {
                continue;
            }
            String[] f = line.split("\\|", -1);
            if (f.length == 4 && f[3].isBlank()) {
                f = Arrays.copyOf(f, 3); // -p: a '|' after the last field
            }
            if (f.length != 3) {
                throw new IllegalArgumentException("sacctmgr line " + lineNo + ": expected account|qos|partition, got "
                        + line);
            }
            String account = f[0].strip();
            if (account.isEmpty()) {
                throw new IllegalArgumentException("sacctmgr line " + lineNo + ": no account in " + line);
            }
            String partition = f[2].strip().isEmpty() ? null : f[2].strip();
            String key = account + "|" + (partition == null ? "" : partition);
            Set<String> qos = qosByKey.computeIfAbsent(key, k -> new LinkedHashSet<>());
            for (String q : f[1].split(",")) {
                if (!q.isBlank()) {
                    qos.add(q.strip());
                }
            }
            firstByKey.putIfAbsent(key, new Association(account, List.of(), partition));
        }
        List<Association> out = new ArrayList<>();
        firstByKey.forEach((key, a) -> out.add(new Association(a.account(), List.copyOf(qosByKey.get(key)),
                a.partition())));
        return List.copyOf(out);
    }
}
