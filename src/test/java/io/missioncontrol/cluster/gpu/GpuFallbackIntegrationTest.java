package io.missioncontrol.cluster.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.DevCluster;
import io.missioncontrol.cluster.ssh.ExecResult;
import io.missioncontrol.cluster.ssh.RemoteCommand;
import io.missioncontrol.cluster.ssh.RemoteExec;
import io.missioncontrol.cluster.ssh.SshConnectionPool;
import io.missioncontrol.cluster.ssh.SshSettings;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The nvidia-smi fallback as the portal packages and runs it, on the real dev cluster's login node. */
@Tag("cluster")
class GpuFallbackIntegrationTest {

    @Test
    void thePackagedScriptRunsOnTheLoginNodeAndSaysWhenThereIsNoNvidiaSmi() throws Exception {
        byte[] script;
        try (InputStream in = GpuFallbackIntegrationTest.class.getResourceAsStream("/check_gpu_availability.py")) {
            assertThat(in).as("the script is packaged on the classpath").isNotNull();
            script = in.readAllBytes();
        }
        ClusterDefinition dev = DevCluster.definition();
        try (SshConnectionPool pool = new SshConnectionPool(SshSettings.defaults())) {
            ExecResult r = new RemoteExec(pool).exec(dev, RemoteCommand.of("python3").arg("-"),
                    Duration.ofSeconds(30), script);

            // the dev cluster's GPUs are GRES only: no driver, so "nothing to count", not a failure
            assertThat(r.exitCode()).as(r.stderr()).isEqualTo(SlurmGpuFetcher.NO_NVIDIA_SMI);
            assertThat(r.stderr()).contains("nvidia-smi not found");
        }
    }
}
