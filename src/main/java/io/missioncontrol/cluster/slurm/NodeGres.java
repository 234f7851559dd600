package io.missioncontrol.cluster.slurm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One row of {@code sinfo -N}: a node in one partition, with its GPUs.
 *
 * @param node       node name
 * @param partition  partition name without the default marker
 * @param isDefault  whether the partition is the default one
 * @param state      compact node state as printed ({@code idle}, {@code mix}, {@code down*}, {@code drain}, ...)
 * @param gpusTotal  configured GPUs per type
 * @param gpusUsed   allocated GPUs per type
 */
public record NodeGres(String node, String partition, boolean isDefault, String state,
                       Map<String, Integer> gpusTotal, Map<String, Integer> gpusUsed) {

    /** Base states in which a node takes no new jobs. */
    private static final Set<String> UNAVAILABLE = Set.of("down", "drain", "drained", "drng", "draining", "fail",
            "failg", "failing", "maint", "inval", "unk", "unknown", "npc", "futr", "future", "boot_fail",
            "reboot_issued", "perfctrs", "pow_dn", "powering_down", "powered_down", "no_respond");

    public NodeGres {
        gpusTotal = Collections.unmodifiableMap(new LinkedHashMap<>(gpusTotal));
        gpusUsed = Collections.unmodifiableMap(new LinkedHashMap<>(gpusUsed));
    }

    /**
     * Whether the node can run new jobs: not down, drained/draining, failed, in maintenance or not responding
     * (a {@code *} suffix). A powered-down cloud node ({@code idle~}) counts as available.
     */
    public boolean isAvailable() {
        String s = state.strip().toLowerCase(Locale.ROOT);
        if (s.endsWith("*")) {
            return false; // not responding
        }
        String base = s.replaceAll("[~#!%$@^+-]+$", "");
        return !base.isEmpty() && !UNAVAILABLE.contains(base);
    }
}
