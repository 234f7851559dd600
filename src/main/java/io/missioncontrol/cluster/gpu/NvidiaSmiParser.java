package io.missioncontrol.cluster.gpu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the output of {@code scripts/check_gpu_availability.py} (one JSON object per GPU and line) and turns
 * it into availability for clusters whose SLURM has no GPU GRES. Pure.
 */
public final class NvidiaSmiParser {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private NvidiaSmiParser() {
    }

    public static List<GpuStat> parse(String stdout) {
        List<GpuStat> out = new ArrayList<>();
        int lineNo = 0;
        for (String raw : stdout.split("\n")) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (JacksonException e) {
                throw new IllegalArgumentException("GPU report line " + lineNo + " is not JSON: " + line);
            }
            for (String key : List.of("host", "index", "name", "memory_used_mib", "memory_total_mib",
                    "utilization_pct")) {
                if (n.get(key) == null || n.get(key).isNull()) {
                    throw new IllegalArgumentException("GPU report line " + lineNo + " lacks '" + key + "': " + line);
                }
            }
            out.add(new GpuStat(n.get("host").asString(), n.get("index").asInt(), n.get("name").asString(),
                    n.get("memory_used_mib").asLong(), n.get("memory_total_mib").asLong(),
                    n.get("utilization_pct").asInt()));
        }
        return out;
    }

    /**
     * One pseudo-partition per host ({@code host:<name>}) with a count per GPU type; a busy GPU counts as used.
     */
    public static List<PartitionGpus> toPartitions(List<GpuStat> stats) {
        Map<String, Map<String, int[]>> byHost = new LinkedHashMap<>();
        for (GpuStat s : stats) {
            int[] c = byHost.computeIfAbsent(s.host(), h -> new LinkedHashMap<>())
                    .computeIfAbsent(s.gpuType(), t -> new int[2]);
            c[0]++;
            if (s.isBusy()) {
                c[1]++;
            }
        }
        List<PartitionGpus> out = new ArrayList<>();
        byHost.forEach((host, types) -> {
            List<GpuCount> gpus = new ArrayList<>();
            types.forEach((type, c) -> gpus.add(new GpuCount(type, c[0], c[1], c[0] - c[1])));
            out.add(new PartitionGpus("host:" + host, 1, 0, gpus));
        });
        return out;
    }
}
