package io.missioncontrol.cluster.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.HostKeyPolicy;
import io.missioncontrol.cluster.ssh.ClusterUnreachableException.Reason;
import net.schmizz.sshj.transport.TransportException;

/** How low-level failures become reasons and messages, without a network. */
class ConnectFailureClassificationTest {

    @TempDir
    Path dir;

    private ClusterUnreachableException classify(Exception e) throws IOException {
        Path kh = Files.writeString(dir.resolve("kh"), "");
        ClusterDefinition c = ClusterDefinition.of("gpu-a", "login.example.org", 22, "mlops", dir.resolve("k"), kh, "/w");
        return SshConnectionPool.classify(c, SshSettings.defaults(), new KnownHostsVerifier(kh, HostKeyPolicy.STRICT), e);
    }

    @Test
    void unknownHostIsDns() throws IOException {
        ClusterUnreachableException e = classify(new UnknownHostException("login.example.org"));
        assertThat(e.reason()).isEqualTo(Reason.DNS);
        assertThat(e.getMessage()).isEqualTo("cluster 'gpu-a': host name 'login.example.org' does not resolve");
    }

    @Test
    void socketAndHandshakeTimeoutsAreTimeouts() throws IOException {
        assertThat(classify(new SocketTimeoutException("connect timed out")).reason()).isEqualTo(Reason.TIMEOUT);
        ClusterUnreachableException e = classify(new TransportException("kex", new TimeoutException("Timeout expired")));
        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(e.getMessage()).contains("no answer from login.example.org:22 within 10 s");
    }

    @Test
    void refusedIsRefused() throws IOException {
        assertThat(classify(new ConnectException("Connection refused")).reason())
                .isEqualTo(Reason.CONNECTION_REFUSED);
    }

    @Test
    void anythingElseIsOtherWithTheRootMessage() throws IOException {
        ClusterUnreachableException e = classify(new IOException("outer", new IllegalStateException("inner cause")));
        assertThat(e.reason()).isEqualTo(Reason.OTHER);
        assertThat(e.getMessage()).contains("inner cause");
    }
}
