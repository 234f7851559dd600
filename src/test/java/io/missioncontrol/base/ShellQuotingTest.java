package io.missioncontrol.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

public class ShellQuotingTest {

    /** Strings meant to break out of a command line; shared with the integration test. */
    public static final List<String> HOSTILE = List.of(
            "it's",
            "'",
            "''",
            "\"double\" quotes",
            "$(touch /tmp/mc-canary)",
            "`touch /tmp/mc-canary`",
            "${HOME}",
            "$HOME",
            "a; touch /tmp/mc-canary",
            "a && touch /tmp/mc-canary",
            "a || touch /tmp/mc-canary",
            "a | tee /tmp/mc-canary",
            "> /tmp/mc-canary",
            "< /etc/passwd",
            "*",
            "/etc/*",
            "?",
            "[a-z]*",
            "~",
            "~root",
            "line1\nline2",
            "line1\ntouch /tmp/mc-canary",
            "\r\n",
            "tab\there",
            "-rf",
            "--help",
            "-",
            "",
            " ",
            "  leading and trailing  ",
            "\\",
            "\\'",
            "'\\''",
            "!",
            "!!",
            "#comment",
            "a#b",
            "{a,b}",
            "%",
            "=cmd",
            "héllo wörld ✓ 日本語 🚀",
            "\u00a0nbsp",
            "\u0007bell\u001b[31mred",
            "'$(touch /tmp/mc-canary)'",
            "\"$(touch /tmp/mc-canary)\"",
            "';touch /tmp/mc-canary;'");

    @Test
    void wrapsPlainWordsInSingleQuotes() {
        assertThat(ShellQuoting.quote("abc")).isEqualTo("'abc'");
        assertThat(ShellQuoting.quote("")).isEqualTo("''");
    }

    @Test
    void writesASingleQuoteAsCloseEscapeReopen() {
        assertThat(ShellQuoting.quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(ShellQuoting.quote("'")).isEqualTo("''\\'''");
    }

    @Test
    void leavesEverythingElseLiteralInsideTheQuotes() {
        assertThat(ShellQuoting.quote("$(rm -rf /) `x` ; && | > * \n"))
                .isEqualTo("'$(rm -rf /) `x` ; && | > * \n'");
    }

    @Test
    void rejectsNulAndNull() {
        assertThatThrownBy(() -> ShellQuoting.quote("a\0b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NUL");
        assertThatThrownBy(() -> ShellQuoting.quote(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyHostileStringRoundTripsThroughAPosixShell() throws Exception {
        // sh -c "printf '%s' <quoted>" must print exactly the input: nothing expanded, nothing executed
        for (String s : HOSTILE) {
            Process p = new ProcessBuilder("/bin/sh", "-c", "printf '%s' " + ShellQuoting.quote(s))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor()).isZero();
            assertThat(out).as("round trip of %s", s).isEqualTo(s);
        }
    }
}
