package io.missioncontrol.cluster.ssh;

import io.missioncontrol.cluster.LogTail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class TailReaderTest {

    private final AtomicLong bytesRead = new AtomicLong();

    private LogTail tail(String content, int lines, int maxBytes, int chunk) throws Exception {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        bytesRead.set(0);
        return TailReader.lastLines((offset, buf, len) -> {
            if (offset >= data.length) {
                return -1;
            }
            int n = (int) Math.min(len, data.length - offset);
            System.arraycopy(data, (int) offset, buf, 0, n);
            bytesRead.addAndGet(n);
            return n;
        }, data.length, lines, maxBytes, chunk);
    }

    @Test
    void returnsTheLastLinesOldestFirst() throws Exception {
        LogTail t = tail("a\nb\nc\nd\n", 2, 1000, 3);
        assertThat(t.lines()).containsExactly("c", "d");
        assertThat(t.fileSize()).isEqualTo(8);
        assertThat(t.truncated()).isFalse();
    }

    @Test
    void handlesAFileWithoutFinalNewline() throws Exception {
        assertThat(tail("a\nb\nc", 2, 1000, 2).lines()).containsExactly("b", "c");
    }

    @Test
    void returnsTheWholeFileWhenItHasFewerLines() throws Exception {
        LogTail t = tail("only\n", 10, 1000, 4);
        assertThat(t.lines()).containsExactly("only");
        assertThat(t.truncated()).isFalse();
    }

    @Test
    void keepsEmptyLinesAndStripsCarriageReturns() throws Exception {
        assertThat(tail("x\n\r\n\ny\r\n", 3, 1000, 1).lines()).containsExactly("", "", "y");
    }

    @Test
    void emptyFileOrZeroLinesGiveNothing() throws Exception {
        assertThat(tail("", 5, 1000, 4).lines()).isEmpty();
        assertThat(tail("a\n", 0, 1000, 4).lines()).isEmpty();
    }

    @Test
    void readsOnlyTheTailOfABigFile() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            b.append("line ").append(i).append('\n');
        }
        LogTail t = tail(b.toString(), 3, 1 << 20, 4096);
        assertThat(t.lines()).containsExactly("line 99997", "line 99998", "line 99999");
        assertThat(bytesRead.get()).isLessThanOrEqualTo(4096);
    }

    @Test
    void stopsAtTheByteLimitAndSaysSo() throws Exception {
        String content = "x".repeat(10_000) + "\nlast\n";
        LogTail t = tail(content, 5, 100, 64);
        assertThat(t.truncated()).isTrue();
        assertThat(t.lines()).hasSize(2);
        assertThat(t.lines().get(1)).isEqualTo("last");
        assertThat(bytesRead.get()).isLessThanOrEqualTo(100);
    }

    @Test
    void neverStartsInsideAMultiByteCharacter() throws Exception {
        String content = "日本語日本語\nend\n"; // 3-byte characters
        LogTail t = tail(content, 5, 11, 4);
        assertThat(t.truncated()).isTrue();
        assertThat(String.join("\n", t.lines())).doesNotContain("\uFFFD").endsWith("end");
    }

    @Test
    void multiByteCharactersAcrossChunkBordersDecodeCleanly() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            lines.add("zeile " + i + " – ü ✓ 🚀");
        }
        LogTail t = tail(String.join("\n", lines) + "\n", 20, 1 << 20, 7);
        assertThat(t.lines()).containsExactlyElementsOf(lines.subList(30, 50));
    }

    // moved from JobLogsBytesTest: where the returned text starts, in file bytes

    @Test
    void theLastLinesStartAfterTheRightLineBreak() throws Exception {
        String file = "one\ntwo\nthree\n";
        assertThat(tail(file, 1, 1000, 64).offset()).isEqualTo(8);
        assertThat(tail(file, 2, 1000, 64).offset()).isEqualTo(4);
        assertThat(tail(file, 3, 1000, 64).offset()).isZero();
        LogTail whole = tail(file, 10, 1000, 64);
        assertThat(whole.offset()).as("whole file").isZero();
        assertThat(whole.text()).isEqualTo(file);
        assertThat(whole.end()).isEqualTo(14);
        LogTail last = tail(file, 1, 1000, 64);
        assertThat(last.text()).as("terminators kept").isEqualTo("three\n");
        assertThat(last.end()).isEqualTo(14);
    }

    @Test
    void anUnfinishedLastLineCountsAsALine() throws Exception {
        LogTail t = tail("one\ntwo\nthr", 1, 1000, 64);
        assertThat(t.offset()).isEqualTo(8);
        assertThat(t.text()).isEqualTo("thr");
    }

    @Test
    void aChunkThatDoesNotReachBackFarEnoughIsFollowedByAnEarlierOne() throws Exception {
        // the first chunk holds bytes 6..13 ("o\nthree\n"): enough for one line, not for two
        LogTail one = tail("one\ntwo\nthree\n", 1, 1000, 8);
        assertThat(one.offset()).isEqualTo(8);
        assertThat(bytesRead.get()).isEqualTo(8);
        LogTail two = tail("one\ntwo\nthree\n", 2, 1000, 8);
        assertThat(two.offset()).isEqualTo(4);
        assertThat(two.text()).isEqualTo("two\nthree\n");
        assertThat(bytesRead.get()).isEqualTo(14);
    }

    @Test
    void aTruncatedTailStartsAfterTheSkippedPartialCharacter() throws Exception {
        String content = "日本語日本語\nend\n"; // 18 + 5 bytes
        LogTail t = tail(content, 5, 10, 4);
        assertThat(t.offset()).as("the limit stops at byte 13, inside the 5th character (12..14)").isEqualTo(15);
        assertThat(t.end()).isEqualTo(23);
        assertThat(t.text()).isEqualTo("語\nend\n");
        assertThat(tail("", 3, 100, 4)).satisfies(e -> {
            assertThat(e.offset()).isZero();
            assertThat(e.end()).isZero();
            assertThat(e.text()).isEmpty();
        });
    }
}
