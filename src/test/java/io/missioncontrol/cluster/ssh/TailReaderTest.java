package io.missioncontrol.cluster.ssh;

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
}
