package io.missioncontrol.cluster;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Each configured cluster's reachability as last seen by the portal, under {@code clusters} in
 * {@code /actuator/health}. Asks no cluster (a health probe must not open SSH connections) and stays UP when a
 * cluster is down: the portal itself still serves, and a load balancer must not take it out for that.
 */
@Component("clusters")
class ClusterHealthIndicator implements HealthIndicator {

    private final ClusterService clusters;

    ClusterHealthIndicator(ClusterService clusters) {
        this.clusters = clusters;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        for (ClusterDefinition cluster : clusters.clusters()) {
            details.put(cluster.name(), clusters.reachability(cluster.name())
                    .map(r -> Map.of("reachable", r.reachable(), "message", r.message(), "at", r.at().toString()))
                    .orElse(Map.of("reachable", "unknown", "message", "not asked yet")));
        }
        if (!clusters.configErrors().isEmpty()) {
            details.put("config_errors", clusters.configErrors());
        }
        return Health.up().withDetails(details).build();
    }
}
