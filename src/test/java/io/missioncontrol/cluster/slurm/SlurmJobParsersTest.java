package io.missioncontrol.cluster.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

class SlurmJobParsersTest {

    @Test
    void readsTheJobIdFromSbatchParsable() {
        assertThat(SlurmJobParsers.parseSubmittedJobId(SlurmOutput.read("sbatch-parsable.txt"))).isEqualTo("6");
        assertThat(SlurmJobParsers.parseSubmittedJobId("4242;gpu-a\n")).isEqualTo("4242");
        assertThat(SlurmJobParsers.parseSubmittedJobId("Welcome to the cluster!\n77\n")).isEqualTo("77");
    }

    @Test
    void refusesSbatchOutputWithoutAJobId() {
        assertThatThrownBy(() -> SlurmJobParsers.parseSubmittedJobId(""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SlurmJobParsers.parseSubmittedJobId("Submitted batch job x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsRunningJobsFromSqueue() {
        List<QueueEntry> q = SlurmJobParsers.parseQueue(SlurmOutput.read("squeue-running.txt"));
        assertThat(q).hasSize(2);
        QueueEntry withPipe = q.getFirst();
        assertThat(withPipe.jobId()).isEqualTo("7");
        assertThat(withPipe.state()).isEqualTo(SlurmJobState.RUNNING);
        assertThat(withPipe.reason()).isEqualTo("None");
        assertThat(withPipe.elapsed()).isEqualTo(Duration.ofSeconds(1));
        assertThat(withPipe.timeLimit()).isEqualTo("10:00");
        assertThat(withPipe.nodes()).isEqualTo(1);
        assertThat(withPipe.tresPerNode()).isEqualTo("gres:gpu:a100:1");
        assertThat(withPipe.comment()).isEqualTo("mc-capture-2|pipe");
        QueueEntry plain = q.get(1);
        assertThat(plain.jobId()).isEqualTo("6");
        assertThat(plain.comment()).isEqualTo("mc-capture-1");
        assertThat(plain.commentValue()).contains("mc-capture-1");
    }

    @Test
    void readsPendingAndCancelledJobs() {
        List<QueueEntry> pending = SlurmJobParsers.parseQueue(SlurmOutput.read("squeue-pending.txt"));
        assertThat(pending).extracting(QueueEntry::state)
                .containsExactly(SlurmJobState.PENDING, SlurmJobState.RUNNING);
        assertThat(pending.getFirst().reason()).isEqualTo("Resources");
        List<QueueEntry> cancelled = SlurmJobParsers.parseQueue(SlurmOutput.read("squeue-cancelled.txt"));
        assertThat(cancelled).extracting(QueueEntry::state).containsOnly(SlurmJobState.CANCELLED);
    }

    @Test
    void aNullCommentIsAbsent() {
        List<QueueEntry> q = SlurmJobParsers.parseQueue("3|FAILED|JobLaunchFailure|0:00|1:00:00|1|N/A|(null)\n");
        assertThat(q.getFirst().comment()).isNull();
        assertThat(q.getFirst().commentValue()).isEmpty();
        assertThat(q.getFirst().state()).isEqualTo(SlurmJobState.FAILED);
    }

    @Test
    void readsSacctWithCancelledByAndExitCodes() {
        List<AccountingEntry> a = SlurmJobParsers.parseAccounting(SlurmOutput.read("sacct-finished.txt"));
        assertThat(a).hasSize(3);
        AccountingEntry cancelled = a.getFirst();
        assertThat(cancelled.state()).isEqualTo(SlurmJobState.CANCELLED);
        assertThat(cancelled.rawState()).isEqualTo("CANCELLED by 1001");
        assertThat(cancelled.elapsed()).isEqualTo(Duration.ofSeconds(3));
        assertThat(cancelled.start()).isEqualTo(LocalDateTime.of(2026, 11, 28, 21, 37, 24));
        assertThat(cancelled.end()).isEqualTo(LocalDateTime.of(2026, 11, 28, 21, 37, 27));
        assertThat(cancelled.comment()).isEqualTo("mc-test-1");
        AccountingEntry exit3 = a.get(1);
        assertThat(exit3.state()).isEqualTo(SlurmJobState.FAILED);
        assertThat(exit3.exitCode()).isEqualTo(3);
        assertThat(exit3.signal()).isZero();
        assertThat(exit3.comment()).isNull();
        AccountingEntry killed = a.get(2);
        assertThat(killed.exitCode()).isZero();
        assertThat(killed.signal()).isEqualTo(9);
    }

    @Test
    void keepsAPipeInsideTheComment() {
        List<AccountingEntry> a = SlurmJobParsers.parseAccounting(SlurmOutput.read("sacct-cancelled.txt"));
        assertThat(a).extracting(AccountingEntry::comment).containsExactly("mc-capture-1", "mc-capture-2|pipe");
    }

    @Test
    void readsEveryEndState() {
        List<AccountingEntry> a = SlurmJobParsers.parseAccounting(SlurmOutput.read("synthetic/sacct-states.txt"));
        assertThat(a).extracting(AccountingEntry::state).containsExactly(SlurmJobState.COMPLETED,
                SlurmJobState.TIMEOUT, SlurmJobState.OUT_OF_MEMORY, SlurmJobState.NODE_FAIL, SlurmJobState.PENDING,
                SlurmJobState.RUNNING, SlurmJobState.CANCELLED);
        assertThat(a.get(0).elapsed()).isEqualTo(Duration.ofSeconds(3723));
        assertThat(a.get(1).elapsed()).isEqualTo(Duration.ofDays(1).plusSeconds(7));
        assertThat(a.get(1).signal()).isEqualTo(15);
        assertThat(a.get(1).reason()).isEqualTo("TimeLimit");
        assertThat(a.get(4).start()).isNull();
        assertThat(a.get(5).end()).isNull();
        assertThat(a.get(6).start()).isNull();
        assertThat(a.get(6).comment()).isNull();
    }

    @Test
    void rejectsLinesWithTooFewFields() {
        assertThatThrownBy(() -> SlurmJobParsers.parseQueue("1|RUNNING\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 8 fields");
        assertThatThrownBy(() -> SlurmJobParsers.parseAccounting("1|RUNNING\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 8 fields");
    }

    @Test
    void emptyOutputMeansNoJobs() {
        assertThat(SlurmJobParsers.parseQueue("")).isEmpty();
        assertThat(SlurmJobParsers.parseAccounting("\n")).isEmpty();
    }
}
