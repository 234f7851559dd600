package io.missioncontrol.project.hydra;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Hydra's command-line override grammar (Hydra 1.1+, {@code OverrideLexer.g4}), the parts the
 * portal needs: when a value must be quoted and how, how a typed value is read back, and a
 * structural check of list/dict/function values.
 *
 * <p>This is Hydra-level quoting only. The shell quoting of each whole argument is done elsewhere.
 */
public final class HydraSyntax {

    /** Characters a key may hold. */
    public static final Pattern KEY_CHARS = Pattern.compile("[A-Za-z0-9_./@-]+");

    /** Values made only of these stay unquoted: identifiers, numbers, booleans, null, paths like a/b.c-d. */
    private static final Pattern SAFE_UNQUOTED = Pattern.compile("[A-Za-z0-9_./@+-]+");

    private static final Pattern INT = Pattern.compile("[+-]?(0|[1-9](_?[0-9])*)");
    private static final String UINT = "(0|[1-9](_?[0-9])*)";
    private static final String POINT_FLOAT = "(" + UINT + "\\.|" + UINT + "?\\.[0-9](_?[0-9])*)";
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(" + POINT_FLOAT + "|(" + UINT + "|" + POINT_FLOAT + ")[eE][+-]?[0-9](_?[0-9])*|[Ii][Nn][Ff]|[Nn][Aa][Nn])");
    private static final Pattern BOOL = Pattern.compile("(?i)true|false");
    private static final Pattern NULL = Pattern.compile("(?i)null");

    /** Characters Hydra's lexer accepts outside quotes in a value (besides letters and digits). */
    private static final String UNQUOTED_SPECIALS = "_-/\\+.$%*@?|: \t=[]{}(),";
    /** Characters that Hydra un-escapes with a backslash in unquoted values. */
    private static final String ESCAPABLE = "\\()[]{}:=, \t";

    private static final List<String> SWEEP_FUNCTIONS = List.of("choice", "range", "interval", "glob", "tag");
    /** A call of one of Hydra's override functions, e.g. {@code str(3)}, {@code choice(a,b)}. */
    private static final Pattern FUNCTION_CALL = Pattern.compile(
            "(?s)(int|str|bool|float|json_str|choice|range|interval|tag|sort|shuffle|glob|extend_list)\\s*\\(.*\\)");

    private HydraSyntax() {
    }

    // ---------------------------------------------------------------- quoting

    /**
     * True when a literal string value must be quoted to reach the program unchanged: it is empty,
     * has leading or trailing blanks, or holds anything besides letters, digits and
     * {@code _ . / @ + -} (spaces, {@code , ' " \ $ [ ] { } ( ) = :} and all else).
     */
    public static boolean needsQuoting(String value) {
        return !SAFE_UNQUOTED.matcher(value).matches();
    }

    /**
     * Renders a literal string as an override value: as it is when that is safe, else in single
     * quotes. Plain numbers, booleans and {@code null} stay unquoted, so Hydra reads them typed.
     */
    public static String quoteIfNeeded(String value) {
        return needsQuoting(value) ? quote(value) : value;
    }

    /**
     * Single-quotes a string by Hydra's rules: an inner {@code '} becomes {@code \'}, and every run
     * of backslashes right before a quote (inner or closing) is doubled. Other backslashes stay as
     * they are (Hydra only un-escapes backslashes that precede a quote).
     */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8).append('\'');
        int backslashes = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                backslashes++;
                continue;
            }
            if (c == '\'') {
                out.append("\\".repeat(backslashes * 2)).append("\\'");
            } else {
                out.append("\\".repeat(backslashes)).append(c);
            }
            backslashes = 0;
        }
        out.append("\\".repeat(backslashes * 2)).append('\'');
        return out.toString();
    }

    /**
     * Reads back one quoted value ({@code 'it\'s'} or {@code "a \"b\""}), the inverse of
     * {@link #quote}: backslashes before a quote are halved, an escaped quote loses its backslash.
     */
    static String unquote(String quoted) {
        char q = quoted.charAt(0);
        String body = quoted.substring(1, quoted.length() - 1);
        StringBuilder out = new StringBuilder(body.length());
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            int run = 0;
            while (i + run < body.length() && body.charAt(i + run) == '\\') {
                run++;
            }
            boolean beforeQuote = i + run == body.length() || body.charAt(i + run) == q;
            if (beforeQuote) {
                out.append("\\".repeat(run / 2));
                if (i + run < body.length()) {
                    out.append(q); // an escaped inner quote
                    run++;
                }
            } else {
                out.append("\\".repeat(run));
            }
            i += run;
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- typed values

    /** True when Hydra reads the text as a number (int or float: {@code 3}, {@code -1e-3}, {@code 1_000}, {@code inf}). */
    public static boolean isNumber(String text) {
        return INT.matcher(text).matches() || FLOAT.matcher(text).matches();
    }

    /** True when Hydra reads the text as a boolean ({@code true}/{@code false}, any case). */
    public static boolean isBool(String text) {
        return BOOL.matcher(text).matches();
    }

    /** True when Hydra reads the text as {@code null} (any case). */
    public static boolean isNull(String text) {
        return NULL.matcher(text).matches();
    }

    /** The number Hydra reads from the text, for comparisons; empty when it is not a number. */
    static Optional<BigDecimal> number(String text) {
        if (!isNumber(text)) {
            return Optional.empty();
        }
        String s = text.replace("_", "").toLowerCase(Locale.ROOT);
        if (s.contains("inf") || s.contains("nan")) {
            return Optional.empty();
        }
        return Optional.of(new BigDecimal(s.startsWith("+") ? s.substring(1) : s));
    }

    /**
     * Renders a config value in override syntax, so that Hydra reads back the same value and type:
     * strings that need it (or that would read as a number, boolean or null) are quoted; lists and
     * maps become {@code [a, b]} and {@code {k: v}}.
     */
    public static String render(Object value) {
        return switch (value) {
            case null -> "null";
            case String s -> isNumber(s) || isBool(s) || isNull(s) ? quote(s) : quoteIfNeeded(s);
            case Boolean b -> b.toString();
            case Double d -> renderDouble(d);
            case Float f -> renderDouble(f.doubleValue());
            case Number n -> n.toString();
            case List<?> list -> {
                StringBuilder out = new StringBuilder("[");
                for (int i = 0; i < list.size(); i++) {
                    out.append(i == 0 ? "" : ", ").append(render(list.get(i)));
                }
                yield out.append(']').toString();
            }
            case Map<?, ?> map -> {
                StringBuilder out = new StringBuilder("{");
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    out.append(first ? "" : ", ").append(e.getKey()).append(": ").append(render(e.getValue()));
                    first = false;
                }
                yield out.append('}').toString();
            }
            default -> quoteIfNeeded(value.toString());
        };
    }

    private static String renderDouble(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        double abs = Math.abs(d);
        if (abs == 0 || (abs >= 1e-4 && abs < 1e16)) {
            String plain = BigDecimal.valueOf(d).toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        return Double.toString(d).toLowerCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------- scanning values

    /** A value as typed after {@code key=}. */
    record ScannedValue(String value, boolean expression) {
    }

    /**
     * Reads the value part of an override as typed. A list ({@code [1,2]}), a dict ({@code {a: 1}}),
     * a call of a Hydra function ({@code str(3)}, {@code choice(a,b)}) or a sweep ({@code a,b}) is
     * kept verbatim as an expression. Anything else becomes a literal string: one quoted string
     * loses its quotes, an unquoted value its backslash escapes and surrounding blanks, as in Hydra;
     * text Hydra would refuse unquoted ({@code $(id)}, {@code it's}) is taken as the string it shows.
     */
    static ScannedValue scanValue(String raw) {
        String s = stripBlanks(raw);
        if (s.isEmpty()) {
            return new ScannedValue("", false);
        }
        char first = s.charAt(0);
        if ((first == '\'' || first == '"') && quotedEnd(s, 0) == s.length() - 1) {
            return new ScannedValue(unquote(s), false);
        }
        if (first == '[' || first == '{' || FUNCTION_CALL.matcher(s).matches() || isSweep(s)) {
            return new ScannedValue(s, true);
        }
        return new ScannedValue(unescapeUnquoted(s), false);
    }

    private static String unescapeUnquoted(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '$' && s.startsWith("${", i)) {
                int end = s.indexOf('}', i + 2);
                if (end < 0) {
                    out.append(s, i, s.length());
                    break;
                }
                out.append(s, i, end + 1);
                i = end + 1;
            } else if (c == '\\' && i + 1 < s.length() && ESCAPABLE.indexOf(s.charAt(i + 1)) >= 0) {
                out.append(s.charAt(i + 1));
                i += 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Index of the quote closing the quoted string opened at {@code start}, or -1. */
    private static int quotedEnd(String s, int start) {
        char q = s.charAt(start);
        int backslashes = 0;
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                backslashes++;
                continue;
            }
            if (c == q && backslashes % 2 == 0) {
                return i;
            }
            backslashes = 0;
        }
        return -1;
    }

    /**
     * Checks a verbatim expression value: brackets, braces and parentheses balanced, quotes and
     * interpolations closed, nothing outside quotes that Hydra's lexer rejects.
     *
     * @return the problem, or empty when the expression looks well-formed
     */
    static Optional<String> checkExpression(String s) {
        Deque<Character> open = new ArrayDeque<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                int end = quotedEnd(s, i);
                if (end < 0) {
                    return Optional.of("unclosed quote " + c);
                }
                i = end + 1;
                continue;
            }
            if (c == '$' && s.startsWith("${", i)) {
                int end = s.indexOf('}', i + 2);
                if (end < 0) {
                    return Optional.of("unclosed interpolation ${");
                }
                i = end + 1;
                continue;
            }
            if (c == '\\' && i + 1 < s.length() && ESCAPABLE.indexOf(s.charAt(i + 1)) >= 0) {
                i += 2;
                continue;
            }
            switch (c) {
                case '[', '{', '(' -> open.push(c);
                case ']', '}', ')' -> {
                    char expected = c == ']' ? '[' : c == '}' ? '{' : '(';
                    if (open.isEmpty() || open.pop() != expected) {
                        return Optional.of("unbalanced '" + c + "'");
                    }
                }
                default -> {
                    boolean allowed = (c < 128 && Character.isLetterOrDigit(c)) || UNQUOTED_SPECIALS.indexOf(c) >= 0;
                    if (!allowed) {
                        return Optional.of("character '" + c + "' must be inside quotes");
                    }
                }
            }
            i++;
        }
        if (!open.isEmpty()) {
            return Optional.of("unclosed '" + open.peek() + "'");
        }
        return Optional.empty();
    }

    /** True when the expression asks for several runs: a top-level comma or a sweep function such as choice(...). */
    static boolean isSweep(String s) {
        String trimmed = stripBlanks(s);
        for (String function : SWEEP_FUNCTIONS) {
            if (trimmed.matches("(?s)" + function + "\\s*\\(.*")) {
                return true;
            }
        }
        int depth = 0;
        int i = 0;
        while (i < trimmed.length()) {
            char c = trimmed.charAt(i);
            if (c == '\'' || c == '"') {
                int end = quotedEnd(trimmed, i);
                i = end < 0 ? trimmed.length() : end + 1;
                continue;
            }
            if (c == '$' && trimmed.startsWith("${", i)) {
                int end = trimmed.indexOf('}', i + 2);
                i = end < 0 ? trimmed.length() : end + 1;
                continue;
            }
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '[' || c == '{' || c == '(') {
                depth++;
            } else if (c == ']' || c == '}' || c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                return true;
            }
            i++;
        }
        return false;
    }

    /** The elements of a simple list expression {@code [a, b]} as literals, or empty if it is not one. */
    static Optional<List<String>> simpleListElements(String s) {
        String t = stripBlanks(s);
        if (!t.startsWith("[") || !t.endsWith("]")) {
            return Optional.empty();
        }
        String inner = t.substring(1, t.length() - 1);
        if (inner.isBlank()) {
            return Optional.of(List.of());
        }
        if (inner.matches(".*[\\[\\]{}()'\"\\\\].*")) {
            return Optional.empty();
        }
        return Optional.of(java.util.Arrays.stream(inner.split(",")).map(HydraSyntax::stripBlanks).toList());
    }

    // ---------------------------------------------------------------- keys and characters

    /**
     * The problem with a text that must never reach a command line: a newline, a NUL or another
     * control character (tab is allowed).
     */
    static Optional<String> controlCharacterProblem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                return Optional.of("contains a newline");
            }
            if (c == 0) {
                return Optional.of("contains a NUL character");
            }
            if ((c < 0x20 && c != '\t') || c == 0x7f || c == '\u2028' || c == '\u2029') {
                return Optional.of(String.format("contains the control character U+%04X", (int) c));
            }
        }
        return Optional.empty();
    }

    /** The problem with a key ({@code model.lr}, {@code model/optimizer}, {@code db@backup}), or empty when it is valid. */
    static Optional<String> keyProblem(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.of("empty key");
        }
        Optional<String> control = controlCharacterProblem(key);
        if (control.isPresent()) {
            return Optional.of("key " + control.get());
        }
        if (!KEY_CHARS.matcher(key).matches()) {
            return Optional.of("key '" + key + "' may only hold letters, digits and _ . / @ -");
        }
        int at = key.indexOf('@');
        if (at != key.lastIndexOf('@')) {
            return Optional.of("key '" + key + "' has more than one '@'");
        }
        String path = at < 0 ? key : key.substring(0, at);
        String pkg = at < 0 ? "" : key.substring(at + 1);
        if (path.isEmpty()) {
            return Optional.of("key '" + key + "' has no name before '@'");
        }
        if (path.contains("/") && path.contains(".")) {
            return Optional.of("key '" + key + "' mixes '/' (config groups) and '.' (values)");
        }
        for (String part : path.split("[./]", -1)) {
            if (part.isEmpty()) {
                return Optional.of("key '" + key + "' has an empty part (check for '..', '//' or a leading or trailing '.' or '/')");
            }
        }
        if (pkg.contains("/")) {
            return Optional.of("package '" + pkg + "' after '@' uses '.' between names, not '/'");
        }
        if (!pkg.isEmpty()) {
            for (String part : pkg.split("\\.", -1)) {
                if (part.isEmpty()) {
                    return Optional.of("package '" + pkg + "' has an empty part");
                }
            }
        }
        return Optional.empty();
    }

    static String stripBlanks(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(start, end);
    }

}
