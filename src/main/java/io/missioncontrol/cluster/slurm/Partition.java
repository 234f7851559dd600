package io.missioncontrol.cluster.slurm;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A SLURM partition as {@code sinfo} reports it, its rows (one per node state) merged.
 *
 * @param name          partition name, without the default marker {@code *}
 * @param isDefault     whether jobs land here when no partition is asked for
 * @param available     whether the partition is {@code up}
 * @param timeLimit     maximum job time as SLURM prints it ({@code 1-00:00:00}, {@code infinite})
 * @param nodes         number of nodes in the partition
 * @param nodesByState  node count per state ({@code idle}, {@code mix}, {@code alloc}, {@code down*}, ...)
 * @param nodeLists     SLURM node-list expressions ({@code gpu[01-04]}), one per row
 */
public record Partition(String name, boolean isDefault, boolean available, String timeLimit, int nodes,
                        Map<String, Integer> nodesByState, List<String> nodeLists) {

    public Partition {
        nodesByState = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(nodesByState));
        nodeLists = List.copyOf(nodeLists);
    }

    /** The time limit as a duration; empty when unlimited or unknown. */
    public Optional<Duration> timeLimitDuration() {
        return SlurmTime.parseDuration(timeLimit);
    }
}
