package io.missioncontrol.cluster.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class GresParserTest {

    @Test
    void readsTypedGpusWithSocketBinding() {
        assertThat(GresParser.gpus("gpu:a6000:4(S:0),gpu:a100:2"))
                .containsExactly(Map.entry("a6000", 4), Map.entry("a100", 2));
        assertThat(GresParser.gpus("gpu:a100:8(S:0-1)")).containsExactly(Map.entry("a100", 8));
    }

    @Test
    void readsUsedGpusWithIndexLists() {
        assertThat(GresParser.gpus("gpu:a6000:2(IDX:0-1),gpu:a100:0(IDX:N/A)"))
                .containsExactly(Map.entry("a6000", 2), Map.entry("a100", 0));
        assertThat(GresParser.gpus("gpu:a100:3(IDX:0-1,5),gpu:a6000:1(IDX:3)"))
                .containsExactly(Map.entry("a100", 3), Map.entry("a6000", 1));
    }

    @Test
    void readsUntypedGpus() {
        assertThat(GresParser.gpus("gpu:4")).containsExactly(Map.entry(GresParser.UNTYPED, 4));
        assertThat(GresParser.gpus("gpu:(null):0(IDX:N/A)")).containsExactly(Map.entry(GresParser.UNTYPED, 0));
        assertThat(GresParser.gpus("gpu")).containsExactly(Map.entry(GresParser.UNTYPED, 1));
    }

    @Test
    void nullAndBlankMeanNoGpus() {
        assertThat(GresParser.gpus("(null)")).isEmpty();
        assertThat(GresParser.gpus("")).isEmpty();
        assertThat(GresParser.gpus("   ")).isEmpty();
        assertThat(GresParser.gpus(null)).isEmpty();
        assertThat(GresParser.gpus("N/A")).isEmpty();
    }

    @Test
    void ignoresOtherGenericResources() {
        assertThat(GresParser.gpus("gpu:a6000:4(S:0),mps:400,shard:a6000:16"))
                .containsExactly(Map.entry("a6000", 4));
        assertThat(GresParser.gpus("license:matlab:2")).isEmpty();
    }

    @Test
    void addsUpRepeatedTypesAndReadsCountSuffixes() {
        assertThat(GresParser.gpus("gpu:a100:2(S:0),gpu:a100:2(S:1)")).containsExactly(Map.entry("a100", 4));
        assertThat(GresParser.gpus("gpu:1K")).containsExactly(Map.entry(GresParser.UNTYPED, 1024));
    }

    @Test
    void readsEveryCapturedGresField() {
        for (String file : new String[] {"sinfo-node-gres-idle.txt", "sinfo-node-gres-running.txt",
                "sinfo-node-gres-mixed.txt", "sinfo-node-gres-padded.txt"}) {
            for (String line : SlurmOutput.read(file).split("\n")) {
                String[] f = line.split("\\|");
                assertThat(GresParser.gpus(f[2])).as(file).containsOnlyKeys("a6000", "a100");
                assertThat(GresParser.gpus(f[3])).as(file).containsOnlyKeys("a6000", "a100");
            }
        }
    }

    @Test
    void rejectsGarbage() {
        assertThatThrownBy(() -> GresParser.gpus("gpu:a100:x:y:z")).isInstanceOf(IllegalArgumentException.class);
    }
}
