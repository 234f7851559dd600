package io.missioncontrol.job.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The byte arithmetic behind log tails and offset reads. */
class JobLogsBytesTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theLastLinesStartAfterTheRightLineBreak() {
        byte[] file = utf8("one\ntwo\nthree\n");
        assertThat(JobLogs.lineStart(file, 0, file.length, 1)).isEqualTo(8);
        assertThat(JobLogs.lineStart(file, 0, file.length, 2)).isEqualTo(4);
        assertThat(JobLogs.lineStart(file, 0, file.length, 3)).isZero();
        assertThat(JobLogs.lineStart(file, 0, file.length, 10)).as("whole file").isZero();
    }

    @Test
    void anUnfinishedLastLineCountsAsALine() {
        byte[] file = utf8("one\ntwo\nthr");
        assertThat(JobLogs.lineStart(file, 0, file.length, 1)).isEqualTo(8);
    }

    @Test
    void aWindowThatDoesNotReachBackFarEnoughSaysSo() {
        byte[] window = utf8("o\nthree\n"); // the file's bytes 6..13 of "one\ntwo\nthree\n"
        assertThat(JobLogs.lineStart(window, 6, 14, 1)).isEqualTo(8);
        assertThat(JobLogs.lineStart(window, 6, 14, 2)).isEqualTo(-1);
    }

    @Test
    void aCharacterCutByTheByteLimitIsLeftForTheNextRead() {
        byte[] euro = utf8("a€"); // 61 E2 82 AC
        assertThat(JobLogs.completeUtf8Length(euro, true)).isEqualTo(4);
        assertThat(JobLogs.completeUtf8Length(java.util.Arrays.copyOf(euro, 3), true)).isEqualTo(1);
        assertThat(JobLogs.completeUtf8Length(java.util.Arrays.copyOf(euro, 2), true)).isEqualTo(1);
        assertThat(JobLogs.completeUtf8Length(java.util.Arrays.copyOf(euro, 3), false)).as("end of file").isEqualTo(3);
        byte[] rocket = utf8("🚀"); // 4 bytes
        assertThat(JobLogs.completeUtf8Length(java.util.Arrays.copyOf(rocket, 3), true)).isZero();
        assertThat(JobLogs.completeUtf8Length(rocket, true)).isEqualTo(4);
    }
}
