package io.missioncontrol.cluster.api;

import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.ClusterGateway;
import io.missioncontrol.cluster.ClusterService;
import io.missioncontrol.cluster.gpu.GpuAvailability;
import io.missioncontrol.cluster.slurm.Partition;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The seed's cluster endpoints under {@code /api/clusters}. */
@RestController
@RequestMapping("/api/clusters")
class ClusterController {

    record ClusterResponse(String name, String displayName, String description, String host, int port,
                           String user, String workspace, List<String> partitions, List<String> gpuTypes,
                           Boolean reachable, String reachabilityMessage, Instant reachabilityCheckedAt) {
    }

    record ConnectionTestResponse(boolean success, String message, long latencyMs) {
    }

    record PartitionResponse(String name, boolean isDefault, boolean available, String timeLimit, int nodes) {
    }

    record GpuCountResponse(String gpuType, int total, int used, int free) {
    }

    record PartitionGpusResponse(String partition, int nodesTotal, int nodesUnavailable,
                                 List<GpuCountResponse> gpus) {
    }

    record GpuAvailabilityResponse(String cluster, Instant fetchedAt, boolean cached,
                                   List<PartitionGpusResponse> partitions) {
    }

    private final ClusterService clusters;
    private final ClusterGateway gateway;

    ClusterController(ClusterService clusters, ClusterGateway gateway) {
        this.clusters = clusters;
        this.gateway = gateway;
    }

    @GetMapping({"", "/"})
    List<ClusterResponse> list() {
        return clusters.clusters().stream().map(this::response).toList();
    }

    @PostMapping("/{name}/test-connection")
    ConnectionTestResponse testConnection(@PathVariable String name) {
        ClusterGateway.ConnectionTest test = gateway.testConnection(gateway.serviceAccount(name));
        return new ConnectionTestResponse(test.success(), test.message(), test.latencyMs());
    }

    @GetMapping("/{name}/partitions")
    List<PartitionResponse> partitions(@PathVariable String name,
                                       @RequestParam(defaultValue = "false") boolean refresh) {
        return gateway.partitions(gateway.serviceAccount(name), refresh).stream().map(ClusterController::response).toList();
    }

    @GetMapping("/{name}/gpu-availability")
    GpuAvailabilityResponse gpuAvailability(@PathVariable String name,
                                            @RequestParam(defaultValue = "false") boolean refresh) {
        return response(gateway.gpuAvailability(gateway.serviceAccount(name), refresh));
    }

    private ClusterResponse response(ClusterDefinition c) {
        var reach = clusters.reachability(c.name());
        return new ClusterResponse(c.name(), c.label(), c.description(), c.host(), c.port(), c.user(),
                c.workspace(), c.partitions(), c.gpuTypes(), reach.map(ClusterService.Reachability::reachable)
                .orElse(null), reach.map(ClusterService.Reachability::message).orElse(null),
                reach.map(ClusterService.Reachability::at).orElse(null));
    }

    private static PartitionResponse response(Partition p) {
        return new PartitionResponse(p.name(), p.isDefault(), p.available(), p.timeLimit(), p.nodes());
    }

    static GpuAvailabilityResponse response(GpuAvailability a) {
        return new GpuAvailabilityResponse(a.cluster(), a.fetchedAt(), a.cached(), a.partitions().stream()
                .map(p -> new PartitionGpusResponse(p.partition(), p.nodesTotal(), p.nodesUnavailable(),
                        p.gpus().stream().map(g -> new GpuCountResponse(g.gpuType(), g.total(), g.used(), g.free()))
                                .toList()))
                .toList());
    }
}
