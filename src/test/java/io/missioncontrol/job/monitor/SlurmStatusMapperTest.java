package io.missioncontrol.job.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.cluster.slurm.SlurmJobParsers;
import io.missioncontrol.cluster.slurm.SlurmJobState;
import io.missioncontrol.job.JobStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SlurmStatusMapperTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = SlurmStatusMapperTest.class.getResourceAsStream("/slurm-output/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, SlurmObservation> accounting(String file) throws IOException {
        return SlurmJobParsers.parseAccounting(resource(file)).stream().map(SlurmStatusMapper::fromAccounting)
                .collect(Collectors.toMap(SlurmObservation::slurmJobId, Function.identity()));
    }

    private static Map<String, SlurmObservation> queue(String text) {
        return SlurmJobParsers.parseQueue(text).stream().map(SlurmStatusMapper::fromQueue)
                .collect(Collectors.toMap(SlurmObservation::slurmJobId, Function.identity()));
    }

    @ParameterizedTest
    @EnumSource(value = SlurmJobState.class, names = "UNKNOWN", mode = EnumSource.Mode.EXCLUDE)
    void everySlurmStateMapsToThePortalStateOfTheSameName(SlurmJobState state) {
        JobStatus status = SlurmStatusMapper.status(state, state.name());
        assertThat(status).isNotNull();
        assertThat(status.name()).isEqualTo(state.name());
        // a state SLURM considers final is final for the portal too (SPECIAL_EXIT is requeued-held: still watched)
        if (state.isTerminal() && state != SlurmJobState.SPECIAL_EXIT) {
            assertThat(status.isActive()).as(state.name()).isFalse();
        }
    }

    @Test
    void shortCodesAndTruncatedNamesAreUnderstoodAndGibberishIsNot() {
        assertThat(SlurmStatusMapper.status(SlurmJobState.parse("CD"), "CD")).isEqualTo(JobStatus.COMPLETED);
        assertThat(SlurmStatusMapper.status(SlurmJobState.parse("OUT_OF_ME+"), "OUT_OF_ME+"))
                .isEqualTo(JobStatus.OUT_OF_MEMORY);
        assertThat(SlurmStatusMapper.status(SlurmJobState.UNKNOWN, "WEIRD_NEW_STATE")).isNull();
        assertThat(SlurmStatusMapper.fromQueue(SlurmJobParsers.parseQueue(
                "5|WEIRD_NEW_STATE|None|0:00|1:00|1|N/A|\n").getFirst()).status()).isNull();
    }

    @Test
    void squeueGivesStateAndReasonButNoExitCodeUnlessCompleted() throws IOException {
        Map<String, SlurmObservation> pending = queue(resource("squeue-pending.txt"));
        assertThat(pending.get("10").status()).isEqualTo(JobStatus.PENDING);
        assertThat(pending.get("10").reason()).isEqualTo("Resources");
        assertThat(pending.get("9").status()).isEqualTo(JobStatus.RUNNING);
        assertThat(pending.get("9").reason()).as("None is no reason").isNull();
        assertThat(pending.get("9").elapsed()).isEqualTo(Duration.ofSeconds(5));

        Map<String, SlurmObservation> ended = queue("""
                8|FAILED|NonZeroExitCode|0:00|1:00|1|N/A|(null)
                3|TIMEOUT|TimeLimit|1:24|1:00|1|N/A|mc run=timeout-1
                1|COMPLETED|None|0:00|1:00:00|1|N/A|mc run=done-1
                6|CANCELLED|None|0:02|1:00:00|1|gres:gpu:a6000:2|mc-capture-1
                """);
        assertThat(ended.get("8").reason()).isEqualTo("NonZeroExitCode");
        assertThat(ended.get("8").exitCode()).isNull();
        assertThat(ended.get("3").status()).isEqualTo(JobStatus.TIMEOUT);
        assertThat(ended.get("3").reason()).isEqualTo("TimeLimit");
        assertThat(ended.get("1").exitCode()).isZero();
        assertThat(ended.get("6").reason()).isEqualTo("cancelled");
    }

    @Test
    void sacctGivesExitCodesAndWhoCancelled() throws IOException {
        Map<String, SlurmObservation> finished = accounting("sacct-finished.txt");
        assertThat(finished.get("1").status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(finished.get("1").reason()).isEqualTo("cancelled by uid 1001");
        assertThat(finished.get("2").status()).isEqualTo(JobStatus.FAILED);
        assertThat(finished.get("2").exitCode()).isEqualTo(3);
        assertThat(finished.get("2").reason()).isEqualTo("NonZeroExitCode");
        assertThat(finished.get("3").exitCode()).isZero();
        assertThat(finished.get("3").reason()).isEqualTo("signal 9");

        Map<String, SlurmObservation> states = accounting("synthetic/sacct-states.txt");
        assertThat(states.get("101").status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(states.get("101").reason()).isNull();
        assertThat(states.get("102").status()).isEqualTo(JobStatus.TIMEOUT);
        assertThat(states.get("102").reason()).isEqualTo("TimeLimit");
        assertThat(states.get("103").status()).isEqualTo(JobStatus.OUT_OF_MEMORY);
        assertThat(states.get("103").reason()).isEqualTo("OutOfMemory");
        assertThat(states.get("104").status()).isEqualTo(JobStatus.NODE_FAIL);
        assertThat(states.get("104").reason()).isEqualTo("NodeDown");
        assertThat(states.get("104").exitCode()).isEqualTo(1);
        assertThat(states.get("105").status()).isEqualTo(JobStatus.PENDING);
        assertThat(states.get("105").reason()).isEqualTo("Priority");
        assertThat(states.get("106").status()).isEqualTo(JobStatus.RUNNING);
        assertThat(states.get("107").status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void squeueAndSacctTogetherKeepSqueuesReasonAndSacctsExitCode() {
        SlurmObservation q = queue("8|FAILED|NonZeroExitCode|0:00|1:00|1|N/A|(null)\n").get("8");
        SlurmObservation a = SlurmStatusMapper.fromAccounting(SlurmJobParsers.parseAccounting(
                "8|FAILED|3:0|00:00:00|2026-11-28T22:01:46|2026-11-28T22:01:46|None|\n").getFirst());

        SlurmObservation both = SlurmStatusMapper.combine(q, a);

        assertThat(both.status()).isEqualTo(JobStatus.FAILED);
        assertThat(both.reason()).isEqualTo("NonZeroExitCode");
        assertThat(both.exitCode()).isEqualTo(3);
        assertThat(SlurmStatusMapper.combine(q, null)).isSameAs(q);
        assertThat(SlurmStatusMapper.combine(null, a)).isSameAs(a);
    }

    @Test
    void aRunningAccountingRecordGivesNoExitCodeToAnEndedQueueEntry() {
        SlurmObservation q = queue("9|FAILED|NonZeroExitCode|0:00|1:00|1|N/A|(null)\n").get("9");
        SlurmObservation a = SlurmStatusMapper.fromAccounting(SlurmJobParsers.parseAccounting(
                "9|RUNNING|0:0|00:00:01|2026-11-28T22:01:46|Unknown|None|\n").getFirst());

        SlurmObservation both = SlurmStatusMapper.combine(q, a);

        assertThat(both.status()).isEqualTo(JobStatus.FAILED);
        assertThat(both.exitCode()).as("slurmdbd has not caught up: the 0 is not the job's").isNull();
    }

    @Test
    void whoCancelledWinsOverSqueuesPlainReason() {
        SlurmObservation q = queue("6|CANCELLED|None|0:02|1:00:00|1|N/A|x\n").get("6");
        SlurmObservation a = SlurmStatusMapper.fromAccounting(SlurmJobParsers.parseAccounting(
                "6|CANCELLED by 1001|0:15|00:00:02|2026-11-28T21:40:24|2026-11-28T21:40:26|None|x\n").getFirst());

        SlurmObservation both = SlurmStatusMapper.combine(q, a);

        assertThat(both.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(both.reason()).isEqualTo("cancelled by uid 1001");
    }

    @Test
    void everyEndingHasAReason() {
        for (JobStatus s : EnumSet.complementOf(EnumSet.of(JobStatus.COMPLETED, JobStatus.SUBMIT_FAILED,
                JobStatus.LOST))) {
            if (!s.isActive()) {
                assertThat(SlurmStatusMapper.defaultReason(s, 1, 0)).as(s.name()).isNotBlank();
            }
        }
        assertThat(java.util.Arrays.asList(SlurmStatusMapper.meaningful("None"), SlurmStatusMapper.meaningful(" "),
                SlurmStatusMapper.meaningful("(null)"))).containsOnlyNulls();
    }
}
