package io.missioncontrol.job.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The byte arithmetic behind offset reads (tails: {@code TailReaderTest}). */
class JobLogsBytesTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // where a tail starts (line breaks, a final terminator, a window not reaching back far enough) is
    // TailReader's job now: see TailReaderTest

    @Test
    void theUnfinishedLineBeforeAnOffsetIsReReadForTheWandbScan() {
        byte[] before = utf8("done\nwandb: View run at https://wandb.ai/la");
        assertThat(JobLogs.unfinishedLine(before, before.length)).isEqualTo("wandb: View run at https://wandb.ai/la");
        assertThat(JobLogs.unfinishedLine(before, 5)).as("offset right after a line break").isEmpty();
        byte[] noBreak = utf8("€uro");
        assertThat(JobLogs.unfinishedLine(noBreak, noBreak.length)).as("whole look-behind").isEqualTo("€uro");
        assertThat(JobLogs.unfinishedLine(noBreak, 0)).isEmpty();
        byte[] cut = java.util.Arrays.copyOfRange(noBreak, 1, noBreak.length); // starts inside the €
        assertThat(JobLogs.unfinishedLine(cut, cut.length)).as("never starts inside a character").isEqualTo("uro");
        String joined = JobLogs.unfinishedLine(before, before.length) + "b/vision/runs/abc123\n";
        assertThat(WandbLinks.find(joined)).contains("https://wandb.ai/lab/vision/runs/abc123");
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
