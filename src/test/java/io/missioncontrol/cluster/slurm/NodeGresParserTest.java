package io.missioncontrol.cluster.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class NodeGresParserTest {

    @Test
    void readsAnIdleNodeInTwoPartitions() {
        List<NodeGres> rows = NodeGresParser.parse(SlurmOutput.read("sinfo-node-gres-idle.txt"));
        assertThat(rows).hasSize(2);
        NodeGres gpu = rows.getFirst();
        assertThat(gpu.node()).isEqualTo("localhost");
        assertThat(gpu.partition()).isEqualTo("gpu");
        assertThat(gpu.isDefault()).isTrue();
        assertThat(gpu.state()).isEqualTo("idle");
        assertThat(gpu.isAvailable()).isTrue();
        assertThat(gpu.gpusTotal()).containsExactly(Map.entry("a6000", 4), Map.entry("a100", 2));
        assertThat(gpu.gpusUsed()).containsExactly(Map.entry("a6000", 0), Map.entry("a100", 0));
        assertThat(rows.get(1).partition()).isEqualTo("debug");
        assertThat(rows.get(1).isDefault()).isFalse();
    }

    @Test
    void readsGpusInUse() {
        NodeGres row = NodeGresParser.parse(SlurmOutput.read("sinfo-node-gres-running.txt")).getFirst();
        assertThat(row.state()).isEqualTo("mix");
        assertThat(row.gpusUsed()).containsExactly(Map.entry("a6000", 2), Map.entry("a100", 1));
    }

    @Test
    void paddedFixedWidthOutputParsesTheSame() {
        assertThat(NodeGresParser.parse(SlurmOutput.read("sinfo-node-gres-padded.txt")))
                .isEqualTo(NodeGresParser.parse(SlurmOutput.read("sinfo-node-gres-idle.txt")));
    }

    @Test
    void tellsAvailableNodesFromUnavailableOnes() {
        for (String s : List.of("idle", "mix", "alloc", "idle~", "mix-", "comp", "resv", "plnd", "idle#")) {
            assertThat(node(s).isAvailable()).as(s).isTrue();
        }
        for (String s : List.of("down", "down*", "idle*", "drain", "drng", "drain*", "fail", "failg", "maint",
                "unk", "unk*", "inval", "DOWN")) {
            assertThat(node(s).isAvailable()).as(s).isFalse();
        }
    }

    private static NodeGres node(String state) {
        return new NodeGres("n", "p", false, state, Map.of(), Map.of());
    }

    @Test
    void readsSeveralNodesAndOddGres() {
        List<NodeGres> rows = NodeGresParser.parse(SlurmOutput.read("synthetic/sinfo-node-gres-multinode.txt"));
        assertThat(rows).hasSize(11);
        assertThat(rows.get(1).gpusUsed()).containsExactly(Map.entry("a100", 3));
        assertThat(rows.get(6).gpusTotal()).containsExactly(Map.entry("a6000", 4), Map.entry("a100", 2));
        assertThat(rows.get(7).gpusTotal()).containsExactly(Map.entry("gpu", 4));
        assertThat(rows.get(9).gpusTotal()).isEmpty();
    }

    @Test
    void rejectsShortLines() {
        assertThatThrownBy(() -> NodeGresParser.parse("localhost|gpu*|gpu:4\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1");
    }
}
