package io.missioncontrol.cluster;

import java.util.List;
import java.util.Optional;

/**
 * What {@link ClusterConfigLoader} made of a clusters.yaml: the valid clusters, one message per problem
 * (each naming the file, the cluster and the field), and notes that are not errors (a missing file, a key
 * file readable by others, ...). Valid clusters are kept even when another one is broken.
 */
public record ClusterConfigResult(List<ClusterDefinition> clusters, List<String> errors, List<String> notes) {

    public ClusterConfigResult {
        clusters = List.copyOf(clusters);
        errors = List.copyOf(errors);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public ClusterConfigResult(List<ClusterDefinition> clusters, List<String> errors) {
        this(clusters, errors, List.of());
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public Optional<ClusterDefinition> find(String name) {
        return clusters.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
