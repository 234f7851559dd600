package io.missioncontrol.base;

import static io.missioncontrol.base.Printable.printable;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {

    @Test
    void controlCharactersAndLineBreaksBecomeEscapes() {
        assertThat(printable("a\nb\r\tc\u001b[31m\u2028")).isEqualTo("a\\nb\\r\\tc\\u001b[31m\\u2028");
    }

    @Test
    void longValuesAreCutAfterSixtyCodePointsWithoutSplittingOne() {
        assertThat(printable("x".repeat(60))).isEqualTo("x".repeat(60));
        assertThat(printable("x".repeat(61))).isEqualTo("x".repeat(60) + "…");
        String emoji = "\uD83D\uDE80"; // one code point, two chars
        assertThat(printable(emoji.repeat(61))).isEqualTo(emoji.repeat(60) + "…");
    }
}
