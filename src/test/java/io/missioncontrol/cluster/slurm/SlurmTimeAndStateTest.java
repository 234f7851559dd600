package io.missioncontrol.cluster.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;

class SlurmTimeAndStateTest {

    @Test
    void parsesEverySlurmDurationSpelling() {
        assertThat(SlurmTime.parseDuration("0:03")).contains(Duration.ofSeconds(3));
        assertThat(SlurmTime.parseDuration("10:00")).contains(Duration.ofMinutes(10));
        assertThat(SlurmTime.parseDuration("1:00:00")).contains(Duration.ofHours(1));
        assertThat(SlurmTime.parseDuration("00:00:03")).contains(Duration.ofSeconds(3));
        assertThat(SlurmTime.parseDuration("1-00:00:00")).contains(Duration.ofDays(1));
        assertThat(SlurmTime.parseDuration("2-03")).contains(Duration.ofHours(51));
        assertThat(SlurmTime.parseDuration("2-03:04")).contains(Duration.ofHours(51).plusMinutes(4));
        assertThat(SlurmTime.parseDuration("1-02:03:04")).contains(Duration.ofSeconds(86400 + 7384));
        assertThat(SlurmTime.parseDuration("90")).contains(Duration.ofMinutes(90));
        assertThat(SlurmTime.parseDuration("00:01.500")).contains(Duration.ofSeconds(1));
        for (String none : new String[] {"UNLIMITED", "infinite", "N/A", "INVALID", "", " ", null}) {
            assertThat(SlurmTime.parseDuration(none)).as(String.valueOf(none)).isEmpty();
        }
        assertThat(SlurmTime.isUnlimited("infinite")).isTrue();
        assertThat(SlurmTime.isUnlimited("UNLIMITED")).isTrue();
        assertThat(SlurmTime.isUnlimited("1:00:00")).isFalse();
    }

    @Test
    void formatsTimeLimitsForSbatch() {
        assertThat(SlurmTime.formatLimit(Duration.ofMinutes(90))).isEqualTo("01:30:00");
        assertThat(SlurmTime.formatLimit(Duration.ofDays(2).plusSeconds(5))).isEqualTo("2-00:00:05");
    }

    @Test
    void parsesTimestampsAndPlaceholders() {
        assertThat(SlurmTime.parseTimestamp("2026-11-28T21:37:24")).contains(LocalDateTime.of(2026, 11, 28, 21, 37, 24));
        assertThat(SlurmTime.parseTimestamp("Unknown")).isEmpty();
        assertThat(SlurmTime.parseTimestamp("None")).isEmpty();
        assertThat(SlurmTime.parseTimestamp("")).isEmpty();
    }

    @Test
    void parsesStatesAsSqueueAndSacctPrintThem() {
        assertThat(SlurmJobState.parse("RUNNING")).isEqualTo(SlurmJobState.RUNNING);
        assertThat(SlurmJobState.parse("CANCELLED by 1001")).isEqualTo(SlurmJobState.CANCELLED);
        assertThat(SlurmJobState.parse("CANCELLED+")).isEqualTo(SlurmJobState.CANCELLED);
        assertThat(SlurmJobState.parse("OUT_OF_ME+")).isEqualTo(SlurmJobState.OUT_OF_MEMORY);
        assertThat(SlurmJobState.parse("PD")).isEqualTo(SlurmJobState.PENDING);
        assertThat(SlurmJobState.parse("OOM")).isEqualTo(SlurmJobState.OUT_OF_MEMORY);
        assertThat(SlurmJobState.parse("completed")).isEqualTo(SlurmJobState.COMPLETED);
        assertThat(SlurmJobState.parse("SOMETHING_NEW")).isEqualTo(SlurmJobState.UNKNOWN);
        assertThat(SlurmJobState.parse("")).isEqualTo(SlurmJobState.UNKNOWN);
        assertThat(SlurmJobState.parse(null)).isEqualTo(SlurmJobState.UNKNOWN);
    }

    @Test
    void knowsWhichStatesAreFinal() {
        assertThat(SlurmJobState.COMPLETED.isTerminal()).isTrue();
        assertThat(SlurmJobState.TIMEOUT.isTerminal()).isTrue();
        assertThat(SlurmJobState.PENDING.isTerminal()).isFalse();
        assertThat(SlurmJobState.RUNNING.isTerminal()).isFalse();
        assertThat(SlurmJobState.COMPLETING.isTerminal()).isFalse();
        assertThat(SlurmJobState.REQUEUED.isTerminal()).isFalse();
    }
}
