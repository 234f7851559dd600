package io.missioncontrol.project.hydra.sweep;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hydra's parsed override values, as its Python code holds them, and how it writes them back into an override
 * ({@code Override._get_value_element_as_str}). Values are {@code null}, {@link String}, {@link Quoted},
 * {@link BigInteger} (Python {@code int}), {@link Double} ({@code float}), {@link Boolean}, {@link List},
 * {@link Map} (insertion order) and the sweeps.
 */
final class HydraValues {

    /** A quoted string, remembering its quote character. */
    record Quoted(String text, char quote) {

        /** {@code QuotedString.with_quotes}: the quote escaped, backslashes before a quote doubled. */
        String withQuotes() {
            String q = String.valueOf(quote);
            Pattern before = quote == '\'' ? BACKSLASHES_BEFORE_SINGLE : BACKSLASHES_BEFORE_DOUBLE;
            String text = this.text + q;
            Matcher m = this.text.contains("\\") ? before.matcher(text) : null;
            if (m == null || !m.find()) {
                return q + this.text.replace(q, "\\" + q) + q;
            }
            StringBuilder tokens = new StringBuilder();
            while (true) {
                tokens.append(text, 0, m.start());
                tokens.append("\\".repeat((m.end() - m.start() - 1) * 2));
                if (m.end() < text.length()) {
                    tokens.append(q);
                }
                text = text.substring(m.end());
                m = before.matcher(text);
                if (!m.find()) {
                    break;
                }
            }
            if (text.length() > 1) {
                tokens.append(text, 0, text.length() - 1);
            }
            return q + tokens.toString().replace(q, "\\" + q) + q;
        }
    }

    sealed interface Sweep permits ChoiceSweep, RangeSweep, IntervalSweep, GlobSweep {
    }

    /** {@code a,b,c} (simple form) or {@code choice(a,b,c)}. */
    record ChoiceSweep(List<Object> items, boolean simpleForm, boolean shuffle) implements Sweep {
    }

    /** {@code range(start, stop, step)}: {@link BigInteger} or {@link Double} bounds. */
    record RangeSweep(Object start, Object stop, Object step, boolean shuffle) implements Sweep {
    }

    /** {@code interval(start, end)}: only optimizing sweepers can run it. */
    record IntervalSweep(double start, double end) implements Sweep {
    }

    /** {@code glob(include, exclude)} over a group's options. */
    record GlobSweep(List<String> include, List<String> exclude) implements Sweep {
    }

    private static final Pattern BACKSLASHES_BEFORE_SINGLE = Pattern.compile("(\\\\)+'");
    private static final Pattern BACKSLASHES_BEFORE_DOUBLE = Pattern.compile("(\\\\)+\"");
    /** {@code _ESC}: characters Hydra escapes with a backslash in an unquoted string. */
    private static final String ESCAPED = "\\()[]{}:=, \t";

    private HydraValues() {
    }

    /** The value written back as Hydra writes it after {@code key=}. */
    static String asString(Object value) {
        return switch (value) {
            case null -> "null";
            case Quoted q -> q.withQuotes();
            case List<?> list -> {
                StringJoiner out = new StringJoiner(",", "[", "]");
                list.forEach(v -> out.add(asString(v)));
                yield out.toString();
            }
            case Map<?, ?> map -> {
                StringJoiner out = new StringJoiner(",", "{", "}");
                map.forEach((k, v) -> out.add(asString(k) + ":" + asString(v)));
                yield out.toString();
            }
            case String s -> escapeSpecialCharacters(s);
            case Boolean b -> b ? "True" : "False";
            case Double d -> pythonRepr(d);
            case BigInteger i -> i.toString();
            case Sweep s -> throw new HydraSweepException("a sweep inside a sweep or a list is not supported");
            default -> throw new IllegalArgumentException("not a Hydra value: " + value.getClass().getSimpleName());
        };
    }

    /** {@code escape_special_characters}: a backslash before each of {@code \()[]{}:=,} space and tab. */
    static String escapeSpecialCharacters(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (ESCAPED.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * Python's {@code repr(float)}: the shortest digits that read back as the same double (as Java's
     * {@code Double.toString} finds them), in positional notation for decimal exponents from -4 to 16, else
     * {@code 1e-05}, {@code 1.5e+16}.
     */
    static String pythonRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int pointAt = digits.length() - shortest.scale(); // value = 0.digits × 10^pointAt
        String sign = d < 0 ? "-" : "";
        if (pointAt <= -4 || pointAt > 16) {
            int exponent = pointAt - 1;
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        if (pointAt <= 0) {
            return sign + "0." + "0".repeat(-pointAt) + digits;
        }
        if (pointAt >= digits.length()) {
            return sign + digits + "0".repeat(pointAt - digits.length()) + ".0";
        }
        return sign + digits.substring(0, pointAt) + "." + digits.substring(pointAt);
    }

    /** Python's type name of a value, for messages. */
    static String typeName(Object value) {
        return switch (value) {
            case null -> "NoneType";
            case String s -> "str";
            case Quoted q -> "QuotedString";
            case Boolean b -> "bool";
            case BigInteger i -> "int";
            case Double d -> "float";
            case List<?> l -> "list";
            case Map<?, ?> m -> "dict";
            case ChoiceSweep c -> "ChoiceSweep";
            case RangeSweep r -> "RangeSweep";
            case IntervalSweep i -> "IntervalSweep";
            case GlobSweep g -> "Glob";
            default -> value.getClass().getSimpleName();
        };
    }

    static boolean isNumber(Object v) {
        return v instanceof BigInteger || v instanceof Double || v instanceof Boolean;
    }

    /** Python's numeric value of int, float and bool, for comparisons and float(). */
    static BigDecimal exact(Object v) {
        return switch (v) {
            case Boolean b -> b ? BigDecimal.ONE : BigDecimal.ZERO;
            case BigInteger i -> new BigDecimal(i);
            case Double d -> new BigDecimal(d);
            default -> throw new IllegalArgumentException(typeName(v));
        };
    }

    /** Python's {@code a < b} as sorted() uses it; a TypeError for types it cannot order. */
    static int compare(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Double x && (x.isNaN() || x.isInfinite()) || b instanceof Double y
                    && (y.isNaN() || y.isInfinite())) {
                return Double.compare(asDouble(a), asDouble(b));
            }
            return exact(a).compareTo(exact(b));
        }
        if (a instanceof String x && b instanceof String y) {
            return compareCodePoints(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                int c = compare(x.get(i), y.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(x.size(), y.size());
        }
        throw new HydraSweepException("TypeError: '<' not supported between instances of '" + typeName(a)
                + "' and '" + typeName(b) + "'");
    }

    private static int compareCodePoints(String x, String y) {
        int[] a = x.codePoints().toArray();
        int[] b = y.codePoints().toArray();
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return Integer.compare(a.length, b.length);
    }

    static double asDouble(Object v) {
        return switch (v) {
            case Boolean b -> b ? 1 : 0;
            case BigInteger i -> i.doubleValue();
            case Double d -> d;
            default -> throw new IllegalArgumentException(typeName(v));
        };
    }
}
