package io.missioncontrol.cluster.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PartitionParserTest {

    @Test
    void readsTheDevClustersPartitions() {
        List<Partition> p = PartitionParser.parse(SlurmOutput.read("sinfo-partitions.txt"));
        assertThat(p).extracting(Partition::name).containsExactly("gpu", "debug");
        Partition gpu = p.getFirst();
        assertThat(gpu.isDefault()).isTrue();
        assertThat(gpu.available()).isTrue();
        assertThat(gpu.timeLimit()).isEqualTo("1-00:00:00");
        assertThat(gpu.timeLimitDuration()).contains(Duration.ofDays(1));
        assertThat(gpu.nodes()).isEqualTo(1);
        assertThat(gpu.nodesByState()).isEqualTo(Map.of("idle", 1));
        assertThat(gpu.nodeLists()).containsExactly("localhost");
        Partition debug = p.get(1);
        assertThat(debug.isDefault()).isFalse();
        assertThat(debug.timeLimitDuration()).contains(Duration.ofHours(1));
    }

    @Test
    void readsMixedStateWhileJobsRun() {
        List<Partition> p = PartitionParser.parse(SlurmOutput.read("sinfo-partitions-mixed.txt"));
        assertThat(p.getFirst().nodesByState()).isEqualTo(Map.of("mix", 1));
    }

    @Test
    void mergesOneRowPerStateIntoOnePartition() {
        List<Partition> p = PartitionParser.parse(SlurmOutput.read("synthetic/sinfo-partitions-multirow.txt"));
        assertThat(p).extracting(Partition::name).containsExactly("gpu", "long", "maint");
        Partition gpu = p.getFirst();
        assertThat(gpu.nodes()).isEqualTo(4);
        assertThat(gpu.nodesByState()).containsExactly(Map.entry("mix", 2), Map.entry("drain", 1),
                Map.entry("down*", 1));
        assertThat(gpu.nodeLists()).containsExactly("gpu[01-02]", "gpu03", "gpu04");
        assertThat(gpu.timeLimitDuration()).contains(Duration.ofDays(2));
        assertThat(p.get(1).timeLimitDuration()).isEmpty(); // infinite
        assertThat(p.get(2).available()).isFalse();
        assertThat(p.get(2).nodes()).isZero();
        assertThat(p.get(2).nodeLists()).isEmpty();
    }

    @Test
    void emptyOutputMeansNoPartitions() {
        assertThat(PartitionParser.parse("")).isEmpty();
        assertThat(PartitionParser.parse("\n")).isEmpty();
    }

    @Test
    void rejectsOutputInAnotherFormat() {
        assertThatThrownBy(() -> PartitionParser.parse("PARTITION AVAIL TIMELIMIT\ngpu* up 1-00:00:00"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 6 fields");
    }
}
