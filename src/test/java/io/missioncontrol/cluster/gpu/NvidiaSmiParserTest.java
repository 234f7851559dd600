package io.missioncontrol.cluster.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvidiaSmiParserTest {

    static final String SAMPLE = """
            {"host": "gpu01", "index": 0, "memory_total_mib": 49140, "memory_used_mib": 1, "name": "NVIDIA RTX A6000", "utilization_pct": 0}
            {"host": "gpu01", "index": 1, "memory_total_mib": 49140, "memory_used_mib": 30000, "name": "NVIDIA RTX A6000", "utilization_pct": 97}
            {"host": "gpu01", "index": 2, "memory_total_mib": 81920, "memory_used_mib": 0, "name": "NVIDIA A100-SXM4-80GB", "utilization_pct": 0}
            """;

    @Test
    void readsOneGpuPerLine() {
        List<GpuStat> stats = NvidiaSmiParser.parse(SAMPLE);
        assertThat(stats).hasSize(3);
        assertThat(stats.get(1)).isEqualTo(new GpuStat("gpu01", 1, "NVIDIA RTX A6000", 30000, 49140, 97));
        assertThat(stats.get(0).isBusy()).isFalse();
        assertThat(stats.get(1).isBusy()).isTrue();
        assertThat(stats.get(2).gpuType()).isEqualTo("a100");
        assertThat(stats.get(0).gpuType()).isEqualTo("a6000");
    }

    @Test
    void namesGpuTypesAsSlurmWould() {
        assertThat(stat("NVIDIA GeForce RTX 4090").gpuType()).isEqualTo("4090");
        assertThat(stat("Tesla V100-SXM2-32GB").gpuType()).isEqualTo("v100");
        assertThat(stat("NVIDIA H100 80GB HBM3").gpuType()).isEqualTo("h100");
        assertThat(stat("NVIDIA").gpuType()).isEqualTo("gpu");
    }

    private static GpuStat stat(String name) {
        return new GpuStat("h", 0, name, 0, 1, 0);
    }

    @Test
    void countsBusyGpusAsUsedPerHostAndType() {
        List<PartitionGpus> p = NvidiaSmiParser.toPartitions(NvidiaSmiParser.parse(SAMPLE));
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.partition()).isEqualTo("host:gpu01");
            assertThat(x.gpus()).containsExactly(new GpuCount("a6000", 2, 1, 1), new GpuCount("a100", 1, 0, 1));
        });
    }

    @Test
    void noOutputMeansNoGpus() {
        assertThat(NvidiaSmiParser.parse("\n")).isEmpty();
    }

    @Test
    void rejectsUnreadableLines() {
        assertThatThrownBy(() -> NvidiaSmiParser.parse("0, NVIDIA, 1, 2, 3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> NvidiaSmiParser.parse("{\"host\": \"h\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lacks 'index'");
    }

    @Test
    void theScriptsOutputFromAFakeNvidiaSmiParses(@TempDir Path dir) throws Exception {
        Path smi = dir.resolve("nvidia-smi");
        Files.writeString(smi, """
                #!/bin/sh
                echo '0, NVIDIA RTX A6000, 12, 49140, 0'
                echo '1, NVIDIA A100-SXM4-80GB, 40000, 81920, 88'
                """);
        smi.toFile().setExecutable(true);
        ProcessBuilder pb = new ProcessBuilder("python3", "scripts/check_gpu_availability.py");
        pb.environment().put("PATH", dir + ":/usr/bin:/bin");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        List<GpuStat> stats = NvidiaSmiParser.parse(out);
        assertThat(stats).extracting(GpuStat::gpuType).containsExactly("a6000", "a100");
        assertThat(stats.get(1).utilizationPct()).isEqualTo(88);
        assertThat(stats.get(1).memoryUsedMib()).isEqualTo(40000);
    }

    @Test
    void theScriptFailsClearlyWithoutNvidiaSmi(@TempDir Path dir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("python3", "scripts/check_gpu_availability.py");
        pb.environment().put("PATH", dir.toString());
        String python = Files.exists(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        pb.command(python, "scripts/check_gpu_availability.py");
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(err).contains("nvidia-smi not found");
    }
}
