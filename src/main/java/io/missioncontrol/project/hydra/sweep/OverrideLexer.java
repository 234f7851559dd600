package io.missioncontrol.project.hydra.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value part of Hydra's override lexer ({@code OverrideLexer.g4}, {@code VALUE_MODE}, Hydra 1.3): at each
 * position the longest token wins, a tie goes to the rule listed first, as in ANTLR.
 */
final class OverrideLexer {

    enum Kind {
        POPEN, COMMA, PCLOSE, BRACKET_OPEN, BRACKET_CLOSE, BRACE_OPEN, BRACE_CLOSE, COLON, EQUAL,
        FLOAT, INT, BOOL, NULL, UNQUOTED_CHAR, ID, ESC, WS, QUOTED_VALUE, INTERPOLATION, EOF
    }

    record Token(Kind kind, String text, int position) {
    }

    private static final String WS = "[ \\t]";
    private static final String INT_UNSIGNED = "(?:0|[1-9](?:_?[0-9])*)";
    // longest alternative first: Java takes the first alternative that matches, ANTLR the longest
    private static final String POINT_FLOAT = "(?:" + INT_UNSIGNED + "?\\.[0-9](?:_?[0-9])*|" + INT_UNSIGNED + "\\.)";
    private static final String EXPONENT_FLOAT = "(?:" + POINT_FLOAT + "|" + INT_UNSIGNED + ")[eE][+-]?[0-9](?:_?[0-9])*";

    /** The rules in the grammar's order (a tie in length goes to the earlier one). */
    private static final List<Rule> RULES = List.of(
            new Rule(Kind.POPEN, WS + "*\\(" + WS + "*"),
            new Rule(Kind.COMMA, WS + "*," + WS + "*"),
            new Rule(Kind.PCLOSE, WS + "*\\)"),
            new Rule(Kind.BRACKET_OPEN, "\\[" + WS + "*"),
            new Rule(Kind.BRACKET_CLOSE, WS + "*\\]"),
            new Rule(Kind.BRACE_OPEN, "\\{" + WS + "*"),
            new Rule(Kind.BRACE_CLOSE, WS + "*\\}"),
            new Rule(Kind.COLON, WS + "*:" + WS + "*"),
            new Rule(Kind.EQUAL, WS + "*=" + WS + "*"),
            new Rule(Kind.FLOAT, "[+-]?(?:" + EXPONENT_FLOAT + "|" + POINT_FLOAT + "|[Ii][Nn][Ff]|[Nn][Aa][Nn])"),
            new Rule(Kind.INT, "[+-]?" + INT_UNSIGNED),
            new Rule(Kind.BOOL, "(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])"),
            new Rule(Kind.NULL, "[Nn][Uu][Ll][Ll]"),
            new Rule(Kind.UNQUOTED_CHAR, "[/\\-\\\\+.$%*@?|]"),
            new Rule(Kind.ID, "[a-zA-Z_][a-zA-Z0-9_-]*"),
            new Rule(Kind.ESC, "(?:\\\\\\\\|\\\\[()\\[\\]{}:=, \\t])+"),
            new Rule(Kind.WS, WS + "+"),
            // non-greedy as in the grammar: the first quote that is not escaped closes it
            new Rule(Kind.QUOTED_VALUE, "(?s)\"(?:(?:\\\\\\\\)*|.*?[^\\\\](?:\\\\\\\\)*)\""
                    + "|'(?:(?:\\\\\\\\)*|.*?[^\\\\](?:\\\\\\\\)*)'"),
            new Rule(Kind.INTERPOLATION, "\\$\\{[^}]+\\}"));

    private record Rule(Kind kind, Pattern pattern) {
        Rule(Kind kind, String regex) {
            this(kind, Pattern.compile(regex));
        }
    }

    private OverrideLexer() {
    }

    /** The tokens of a value, ending with {@link Kind#EOF}. */
    static List<Token> tokens(String value) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        Matcher[] matchers = RULES.stream().map(r -> r.pattern().matcher(value)).toArray(Matcher[]::new);
        while (i < value.length()) {
            int bestLength = 0;
            Kind best = null;
            for (int r = 0; r < RULES.size(); r++) {
                Matcher m = matchers[r].region(i, value.length());
                if (m.lookingAt() && m.end() - i > bestLength) {
                    bestLength = m.end() - i;
                    best = RULES.get(r).kind();
                }
            }
            if (best == null) {
                throw new HydraSweepException("token recognition error at: '" + value.charAt(i) + "'");
            }
            out.add(new Token(best, value.substring(i, i + bestLength), i));
            i += bestLength;
        }
        out.add(new Token(Kind.EOF, "", value.length()));
        return out;
    }
}
