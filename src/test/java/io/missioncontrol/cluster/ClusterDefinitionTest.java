package io.missioncontrol.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterDefinitionTest {

    private static final ClusterDefinition DEV = ClusterDefinition.of("dev", "127.0.0.1", 2222, "mlops",
            Path.of("/keys/id"), Path.of("/keys/known_hosts"), "/home/mlops/workspace");

    @Test
    void cosmeticEditsKeepTheConnectionButEndpointKeyOrHostKeyChangesDoNot() {
        ClusterDefinition relabelled = new ClusterDefinition("dev", "Dev box", "now with a description", "127.0.0.1",
                2222, "mlops", Path.of("/keys/id"), Path.of("/keys/known_hosts"), HostKeyPolicy.STRICT,
                "/elsewhere", List.of("gpu"), List.of("a100"), null);
        assertThat(relabelled.sameConnection(DEV)).isTrue();

        assertThat(DEV.withEndpoint("127.0.0.2", 2222).sameConnection(DEV)).isFalse();
        assertThat(DEV.withEndpoint("127.0.0.1", 22).sameConnection(DEV)).isFalse();
        assertThat(DEV.withKeyPath(Path.of("/keys/other")).sameConnection(DEV)).isFalse();
        assertThat(DEV.withKnownHosts(Path.of("/keys/other_hosts")).sameConnection(DEV)).isFalse();
        assertThat(DEV.withHostKeyPolicy(HostKeyPolicy.ACCEPT_NEW).sameConnection(DEV)).isFalse();
        assertThat(DEV.sameConnection(null)).isFalse();
    }
}
