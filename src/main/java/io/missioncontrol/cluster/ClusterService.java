package io.missioncontrol.cluster;

import io.missioncontrol.base.MissionControlProperties;
import io.missioncontrol.base.NotFoundException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The clusters of {@code clusters.yaml} and what the portal last learned about reaching each. Asks no cluster
 * anything itself: remote questions go through {@link ClusterGateway}, which reports here whether the cluster
 * answered, so lists can say "unreachable" without asking again.
 */
@Service
public class ClusterService {

    private static final Logger log = LoggerFactory.getLogger(ClusterService.class);

    /** What the portal last learned about a cluster's reachability. */
    public record Reachability(boolean reachable, String message, Instant at) {
    }

    private final Path clustersFile;
    private final Clock clock;
    private final Map<String, Reachability> reachability = new ConcurrentHashMap<>();
    private final List<Runnable> reloadListeners = new CopyOnWriteArrayList<>();
    private volatile ClusterConfigResult config;

    public ClusterService(MissionControlProperties properties, Clock clock) {
        this.clustersFile = properties.clustersFile();
        this.clock = clock;
        reload();
    }

    /** Reads the clusters file again (valid clusters are kept even when others are broken). */
    public final synchronized void reload() {
        config = new ClusterConfigLoader().load(clustersFile);
        reloadListeners.forEach(Runnable::run);
        config.errors().forEach(error -> log.warn("Cluster configuration: {}", error));
        log.info("Clusters from {}: {}", clustersFile.toAbsolutePath(),
                config.clusters().stream().map(ClusterDefinition::name).toList());
    }

    public Path clustersFile() {
        return clustersFile;
    }

    public List<ClusterDefinition> clusters() {
        return config.clusters();
    }

    /** Problems found in the clusters file, each naming the file, cluster and field. */
    public List<String> configErrors() {
        return config.errors();
    }

    /** Explanations such as "no clusters file yet". */
    public List<String> configNotes() {
        return config.notes();
    }

    public Optional<ClusterDefinition> find(String name) {
        return config.find(name);
    }

    /** The named cluster, or a 404-style error naming the clusters that exist. */
    public ClusterDefinition require(String name) {
        return find(name).orElseThrow(() -> new NotFoundException("No cluster named '" + name + "'; configured: "
                + clusters().stream().map(ClusterDefinition::name).toList()));
    }

    public Optional<Reachability> reachability(String name) {
        return Optional.ofNullable(reachability.get(name));
    }

    /** For the gateway: whether the cluster answered its last call, and what it said or why it failed. */
    void remember(String name, boolean reachable, String message) {
        reachability.put(name, new Reachability(reachable, message, clock.instant()));
    }

    /** For the gateway: {@code listener} runs after each {@link #reload()}. */
    void whenReloaded(Runnable listener) {
        reloadListeners.add(listener);
    }
}
