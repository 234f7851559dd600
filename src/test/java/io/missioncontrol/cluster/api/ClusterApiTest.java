package io.missioncontrol.cluster.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.SpringIntegrationTest;
import io.missioncontrol.cluster.DevClusterShell;
import io.missioncontrol.cluster.ClusterGateway;
import io.missioncontrol.cluster.ClusterService;
import io.missioncontrol.cluster.ssh.RemoteCommand;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The four cluster endpoints against the real dev cluster (and a dead one). */
class ClusterApiTest extends SpringIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired ClusterService clusters;
    @Autowired ClusterGateway gateway;

    private JsonNode get(String path) {
        return JSON.readTree(api().get().uri(path).retrieve().body(String.class));
    }

    @Test
    @Tag("cluster")
    void listsTheConfiguredClusters() {
        JsonNode list = get("/api/clusters/");
        assertThat(list.findValuesAsString("name")).contains("dev", "dead");
        JsonNode dev = list.get(0);
        assertThat(dev.get("host").asString()).isEqualTo("127.0.0.1");
        assertThat(dev.get("port").asInt()).isEqualTo(2222);
    }

    @Test
    @Tag("cluster")
    void testConnectionSucceedsOnTheDevClusterAndSaysWhyOnTheDeadOne() {
        JsonNode ok = JSON.readTree(api().post().uri("/api/clusters/dev/test-connection").retrieve().body(String.class));
        assertThat(ok.get("success").asBoolean()).isTrue();
        assertThat(ok.get("message").asString()).contains("slurm");
        assertThat(ok.get("latency_ms").asLong()).isGreaterThanOrEqualTo(0);

        JsonNode dead = JSON.readTree(api().post().uri("/api/clusters/dead/test-connection").retrieve()
                .body(String.class));
        assertThat(dead.get("success").asBoolean()).isFalse();
        assertThat(dead.get("message").asString()).containsIgnoringCase("refused");
    }

    @Test
    @Tag("cluster")
    void partitionsAreExactlyWhatSinfoSays() {
        String sinfo = DevClusterShell.remote().exec(clusters.require("dev"),
                RemoteCommand.of("sinfo").args("-h", "-o", "%R")).stdout();
        List<String> expected = sinfo.lines().map(String::trim).filter(l -> !l.isEmpty()).distinct().sorted().toList();

        JsonNode partitions = get("/api/clusters/dev/partitions");
        assertThat(partitions.findValuesAsString("name").stream().sorted().toList()).isEqualTo(expected)
                .contains("gpu", "debug");
        for (JsonNode p : partitions) {
            assertThat(p.get("is_default").asBoolean()).isEqualTo(p.get("name").asString().equals("gpu"));
        }
    }

    @Test
    @Tag("cluster")
    void partitionsAreCachedForAMinuteUnlessRefreshed() {
        get("/api/clusters/dev/partitions?refresh=true");
        long before = gateway.commandCount("dev");
        get("/api/clusters/dev/partitions");
        assertThat(gateway.commandCount("dev")).as("a cached answer runs no remote command").isEqualTo(before);
        get("/api/clusters/dev/partitions?refresh=true");
        assertThat(gateway.commandCount("dev")).isEqualTo(before + 1);
    }

    @Test
    @Tag("cluster")
    void gpuAvailabilityHasExactlyTheSpecifiedShapeAndSlurmsTotals() {
        JsonNode gpus = get("/api/clusters/dev/gpu-availability?refresh=true");
        assertThat(fieldNames(gpus)).containsExactly("cluster", "fetched_at", "cached", "partitions");
        assertThat(gpus.get("cluster").asString()).isEqualTo("dev");
        assertThat(gpus.get("cached").asBoolean()).isFalse();
        JsonNode gpu = null;
        for (JsonNode p : gpus.get("partitions")) {
            if (p.get("partition").asString().equals("gpu")) {
                gpu = p;
            }
        }
        assertThat(gpu).isNotNull();
        assertThat(fieldNames(gpu)).containsExactly("partition", "nodes_total", "nodes_unavailable", "gpus");
        assertThat(gpu.get("nodes_total").asInt()).isEqualTo(1);
        Map<String, Integer> totals = new java.util.TreeMap<>();
        for (JsonNode g : gpu.get("gpus")) {
            assertThat(fieldNames(g)).containsExactly("gpu_type", "total", "used", "free");
            totals.put(g.get("gpu_type").asString(), g.get("total").asInt());
            assertThat(g.get("used").asInt() + g.get("free").asInt()).isEqualTo(g.get("total").asInt());
        }
        assertThat(totals).isEqualTo(Map.of("a100", 2, "a6000", 4));

        JsonNode again = get("/api/clusters/dev/gpu-availability");
        assertThat(again.get("cached").asBoolean()).isTrue();
    }

    @Test
    void unknownClusterIs404AndUnreachableIs503WithTheReason() {
        ResponseEntity<String> missing = api().get().uri("/api/clusters/nope/partitions").retrieve()
                .toEntity(String.class);
        assertThat(missing.getStatusCode().value()).isEqualTo(404);
        assertThat(missing.getBody()).contains("nope");

        ResponseEntity<String> dead = api().get().uri("/api/clusters/dead/gpu-availability").retrieve()
                .toEntity(String.class);
        assertThat(dead.getStatusCode().value()).isEqualTo(503);
        assertThat(dead.getBody()).containsIgnoringCase("refused");
    }

    private static List<String> fieldNames(JsonNode node) {
        return node.propertyNames().stream().toList();
    }
}
