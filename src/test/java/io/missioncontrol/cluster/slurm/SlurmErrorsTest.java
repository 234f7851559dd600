package io.missioncontrol.cluster.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.missioncontrol.cluster.ssh.ExecResult;
import io.missioncontrol.cluster.ssh.RemoteCommand;

class SlurmErrorsTest {

    private static ExecResult failed(String stderr) {
        return new ExecResult(1, "", stderr, Duration.ZERO);
    }

    private static SlurmException submit(String stderrFile) {
        return SlurmErrors.map("dev", SlurmCommands.submit("/w/job.sh"), failed(SlurmOutput.read(stderrFile)));
    }

    @Test
    void invalidPartitionIsASubmitRejection() {
        SlurmException e = submit("sbatch-error-invalid-partition.txt");
        assertThat(e).isInstanceOf(SlurmSubmitRejectedException.class);
        assertThat(((SlurmSubmitRejectedException) e).reason())
                .isEqualTo(SlurmSubmitRejectedException.Reason.INVALID_PARTITION);
        assertThat(e.getMessage()).isEqualTo("Invalid partition name specified");
        assertThat(e.cluster()).isEqualTo("dev");
        assertThat(e.exitCode()).isEqualTo(1);
        assertThat(e.command()).isEqualTo("sbatch '--parsable' '/w/job.sh'");
        assertThat(e.stderr()).contains("invalid partition specified: nope");
    }

    @Test
    void unavailableNodeConfigurationIsASubmitRejection() {
        SlurmException e = submit("sbatch-error-node-config.txt");
        assertThat(((SlurmSubmitRejectedException) e).reason())
                .isEqualTo(SlurmSubmitRejectedException.Reason.NODE_CONFIGURATION_UNAVAILABLE);
        assertThat(e.getMessage()).isEqualTo("Requested node configuration is not available");
    }

    @Test
    void invalidGresIsASubmitRejection() {
        SlurmException e = submit("sbatch-error-gres.txt");
        assertThat(((SlurmSubmitRejectedException) e).reason())
                .isEqualTo(SlurmSubmitRejectedException.Reason.INVALID_GRES);
        assertThat(e.getMessage()).isEqualTo("Invalid generic resource (gres) specification");
    }

    @Test
    void timeLimitIsASubmitRejection() {
        SlurmException e = submit("sbatch-error-time-limit.txt");
        assertThat(((SlurmSubmitRejectedException) e).reason())
                .isEqualTo(SlurmSubmitRejectedException.Reason.INVALID_TIME_LIMIT);
    }

    @Test
    void otherSubmitRejections() {
        assertThat(reason("sbatch: error: Batch job submission failed: Node count specification invalid"))
                .isEqualTo(SlurmSubmitRejectedException.Reason.INVALID_NODE_COUNT);
        assertThat(reason("sbatch: error: Batch job submission failed: Invalid account or account/partition combination specified"))
                .isEqualTo(SlurmSubmitRejectedException.Reason.ACCOUNT_OR_QOS);
        assertThat(reason("sbatch: error: Unable to open file /w/job.sh"))
                .isEqualTo(SlurmSubmitRejectedException.Reason.SCRIPT_NOT_FOUND);
        assertThat(reason("sbatch: error: something new"))
                .isEqualTo(SlurmSubmitRejectedException.Reason.OTHER);
    }

    private static SlurmSubmitRejectedException.Reason reason(String stderr) {
        return ((SlurmSubmitRejectedException) SlurmErrors.map("dev", SlurmCommands.submit("/w/job.sh"),
                failed(stderr))).reason();
    }

    @Test
    void invalidJobIdIsTyped() {
        SlurmException e = SlurmErrors.map("dev", SlurmCommands.queue(java.util.List.of("999999")).getFirst(),
                failed(SlurmOutput.read("squeue-error-invalid-job.txt")));
        assertThat(e).isInstanceOf(SlurmInvalidJobIdException.class);
        assertThat(e.getMessage()).contains("Invalid job id specified");
        assertThat(SlurmErrors.map("dev", RemoteCommand.of("scancel").arg("1"), failed("scancel: error: Invalid job id abc")))
                .isInstanceOf(SlurmInvalidJobIdException.class);
        assertThat(SlurmErrors.map("dev", RemoteCommand.of("sacct"), failed("sacct: fatal: Bad job/step specified: abc")))
                .isInstanceOf(SlurmInvalidJobIdException.class);
    }

    @Test
    void anUnreachableControllerIsUnavailable() {
        SlurmException e = SlurmErrors.map("dev", SlurmCommands.partitions(),
                failed("slurm_load_partitions: Unable to contact slurm controller (connect failure)"));
        assertThat(e).isInstanceOf(SlurmUnavailableException.class);
        assertThat(e.getMessage()).contains("SLURM is not answering").contains("Unable to contact slurm controller");
        assertThat(SlurmErrors.map("dev", SlurmCommands.submit("/x"),
                failed("sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)")))
                .isInstanceOf(SlurmUnavailableException.class);
        assertThat(SlurmErrors.map("dev", RemoteCommand.of("squeue"),
                failed("squeue: error: Socket timed out on send/recv operation")))
                .isInstanceOf(SlurmUnavailableException.class);
    }

    @Test
    void missingSlurmCommandsAreUnavailable() {
        SlurmException e = SlurmErrors.map("dev", SlurmCommands.partitions(),
                new ExecResult(127, "", "bash: sinfo: command not found\n", Duration.ZERO));
        assertThat(e).isInstanceOf(SlurmUnavailableException.class);
        assertThat(e.getMessage()).contains("`sinfo` is not available");
    }

    @Test
    void anythingElseIsAGenericFailureWithTheLastErrorLine() {
        SlurmException e = SlurmErrors.map("dev", SlurmCommands.partitions(),
                failed("sinfo: error: first\nsinfo: error: the real one\n"));
        assertThat(e).isInstanceOf(SlurmCommandFailedException.class);
        assertThat(e.getMessage()).isEqualTo("cluster 'dev': `sinfo` failed (exit 1): the real one");
    }
}
