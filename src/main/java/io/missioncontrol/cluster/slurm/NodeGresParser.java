package io.missioncontrol.cluster.slurm;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code sinfo -h -N -O 'NodeList:|,Partition:|,Gres:|,GresUsed:|,StateCompact:|'} (see
 * {@link SlurmCommands#nodeGres()}). Fields are trimmed, so padded fixed-width output parses too. Pure.
 */
public final class NodeGresParser {

    private NodeGresParser() {
    }

    public static List<NodeGres> parse(String stdout) {
        List<NodeGres> rows = new ArrayList<>();
        int lineNo = 0;
        for (String raw : stdout.split("\n")) {
            lineNo++;
            if (raw.isBlank()) {
                continue;
            }
            String[] f = raw.split("\\|", -1);
            if (f.length < 5) {
                throw new IllegalArgumentException("sinfo -N line " + lineNo + ": expected 5 fields, got " + f.length
                        + ": " + raw.strip());
            }
            String partition = f[1].strip();
            boolean isDefault = partition.endsWith("*");
            if (isDefault) {
                partition = partition.substring(0, partition.length() - 1);
            }
            try {
                rows.add(new NodeGres(f[0].strip(), partition, isDefault, f[4].strip(),
                        GresParser.gpus(f[2]), GresParser.gpus(f[3])));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sinfo -N line " + lineNo + ": " + e.getMessage(), e);
            }
        }
        return rows;
    }
}
