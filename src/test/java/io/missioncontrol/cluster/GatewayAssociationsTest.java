package io.missioncontrol.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.SpringIntegrationTest;
import io.missioncontrol.cluster.slurm.Associations;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@link ClusterGateway#associations} against the dev cluster's sacctmgr (accounts from scripts/dev-cluster.sh). */
@Tag("cluster")
class GatewayAssociationsTest extends SpringIntegrationTest {

    @Autowired ClusterGateway gateway;
    @Autowired ClusterService clusters;

    @Test
    void theServiceAccountsAssociationsAreAskedOnceKeptAndForgottenWhenClustersYamlIsReadAgain() {
        clusters.reload(); // nothing kept from other tests
        ClusterIdentity mlops = gateway.serviceAccount("dev");
        long before = gateway.commandCount("dev");

        Associations first = gateway.associations(mlops);
        long afterFirst = gateway.commandCount("dev");
        Associations kept = gateway.associations(mlops);

        assertThat(first.user()).isEqualTo("mlops");
        assertThat(first.accounts()).containsExactly("nlp", "vision", "lab");
        assertThat(first.qos("vision", "gpu")).containsExactlyInAnyOrder("high", "normal");
        assertThat(first.qos("nlp", "gpu")).containsExactly("normal");
        assertThat(afterFirst - before).as("one sacctmgr").isEqualTo(1);
        assertThat(kept).isEqualTo(first);
        assertThat(gateway.commandCount("dev")).as("kept, not asked again").isEqualTo(afterFirst);

        clusters.reload();
        gateway.associations(mlops);
        assertThat(gateway.commandCount("dev")).as("asked again after the reload").isEqualTo(afterFirst + 1);
    }
}
