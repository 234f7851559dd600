package io.missioncontrol.project.hydra.sweep;

import io.missioncontrol.project.hydra.sweep.HydraValues.ChoiceSweep;
import io.missioncontrol.project.hydra.sweep.HydraValues.Quoted;
import io.missioncontrol.project.hydra.sweep.OverrideLexer.Kind;
import io.missioncontrol.project.hydra.sweep.OverrideLexer.Token;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Hydra's override grammar ({@code OverrideParser.g4}) and visitor ({@code HydraOverrideVisitor}): a command-line
 * override becomes its key element and its value, with Hydra's functions evaluated ({@link OverrideFunctions}).
 */
final class OverrideParser {

    enum Type { CHANGE, ADD, FORCE_ADD, DELETE }

    /**
     * One parsed override.
     *
     * @param type       what it does to the config
     * @param keyOrGroup the config path or group ({@code model}, {@code db/engine}, {@code optim.lr})
     * @param keyElement the key as Hydra writes it back: prefix, key, {@code @package}
     * @param value      the value (a {@link HydraValues.Sweep} for sweeps); {@code null} also for {@code ~key}
     * @param hasValue   false only for {@code ~key} without {@code =}
     */
    record Parsed(Type type, String keyOrGroup, String keyElement, Object value, boolean hasValue) {

        boolean isSweep() {
            return value instanceof HydraValues.Sweep;
        }
    }

    private static final String KEY_SPECIAL = "[a-zA-Z_$][a-zA-Z0-9_$-]*";
    private static final String INT_UNSIGNED = "(?:0|[1-9](?:_?[0-9])*)";
    private static final String DOT_PATH = "(?:" + KEY_SPECIAL + "|" + INT_UNSIGNED + ")(?:\\.(?:" + KEY_SPECIAL + "|"
            + INT_UNSIGNED + "))+";
    private static final String PACKAGE = "(?:" + DOT_PATH + "|" + KEY_SPECIAL + ")?";
    private static final String ID = "[a-zA-Z_][a-zA-Z0-9_-]*";
    private static final Pattern KEY = Pattern.compile("(" + ID + "(?:/" + ID + ")+|" + PACKAGE + ")(?:@(" + PACKAGE
            + "))?");

    /** Tokens a primitive is made of (besides a lone quoted value). */
    private static final Set<Kind> PRIMITIVE_PARTS = EnumSet.of(Kind.ID, Kind.NULL, Kind.INT, Kind.FLOAT, Kind.BOOL,
            Kind.INTERPOLATION, Kind.UNQUOTED_CHAR, Kind.COLON, Kind.ESC, Kind.WS);
    private static final Set<Kind> DICT_KEY_PARTS = EnumSet.of(Kind.ID, Kind.NULL, Kind.INT, Kind.FLOAT, Kind.BOOL,
            Kind.UNQUOTED_CHAR, Kind.ESC, Kind.WS);

    private final List<Token> tokens;
    private int at;

    private OverrideParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** Parses {@code key=value}, {@code +key=value}, {@code ++key=value}, {@code ~key[=value]}. */
    static Parsed parse(String override) {
        Type type = Type.CHANGE;
        String rest = override;
        if (rest.startsWith("++")) {
            type = Type.FORCE_ADD;
            rest = rest.substring(2);
        } else if (rest.startsWith("+")) {
            type = Type.ADD;
            rest = rest.substring(1);
        } else if (rest.startsWith("~")) {
            type = Type.DELETE;
            rest = rest.substring(1);
        }
        int equal = rest.indexOf('=');
        String key = equal < 0 ? rest : rest.substring(0, equal);
        var keyMatch = KEY.matcher(key);
        if (key.isEmpty() || !keyMatch.matches()) {
            throw new HydraSweepException("'" + key + "' is not a key Hydra accepts (letters, digits, _ - $ . / and "
                    + "one @package)");
        }
        String prefix = switch (type) {
            case CHANGE -> "";
            case ADD -> "+";
            case FORCE_ADD -> "++";
            case DELETE -> "~";
        };
        String keyElement = prefix + key;
        if (equal < 0) {
            if (type != Type.DELETE) {
                throw new HydraSweepException("'" + override + "' has no '=': write key=value");
            }
            return new Parsed(type, keyMatch.group(1), keyElement, null, false);
        }
        String valueText = rest.substring(equal + 1).replaceFirst("^[ \\t]+", "");
        if (valueText.isEmpty()) {
            return new Parsed(type, keyMatch.group(1), keyElement, "", true);
        }
        OverrideParser parser = new OverrideParser(OverrideLexer.tokens(valueText));
        Object value = parser.value();
        return new Parsed(type, keyMatch.group(1), keyElement, value, true);
    }

    private Token peek() {
        return tokens.get(at);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(at + ahead, tokens.size() - 1));
    }

    private Token next() {
        return tokens.get(at++);
    }

    private Token expect(Kind kind, String what) {
        if (peek().kind() != kind) {
            throw unexpected(what);
        }
        return next();
    }

    private HydraSweepException unexpected(String expected) {
        Token t = peek();
        return new HydraSweepException(t.kind() == Kind.EOF
                ? "the value ends where " + expected + " was expected"
                : "mismatched input '" + t.text().strip() + "' at column " + (t.position() + 1) + ": expected "
                        + expected);
    }

    /** value: element | simpleChoiceSweep, then the end. */
    private Object value() {
        Object first = element();
        if (peek().kind() == Kind.COMMA) {
            List<Object> items = new ArrayList<>();
            items.add(first);
            while (peek().kind() == Kind.COMMA) {
                next();
                items.add(element());
            }
            first = new ChoiceSweep(items, true, false);
        }
        expect(Kind.EOF, "',' or the end of the value");
        return first;
    }

    private Object element() {
        Token t = peek();
        if (t.kind() == Kind.ID && peek(1).kind() == Kind.POPEN) {
            return function();
        }
        return switch (t.kind()) {
            case BRACKET_OPEN -> list();
            case BRACE_OPEN -> dict();
            case QUOTED_VALUE -> {
                next();
                yield quoted(t.text());
            }
            default -> {
                if (!PRIMITIVE_PARTS.contains(t.kind())) {
                    throw unexpected("a value");
                }
                yield primitive(PRIMITIVE_PARTS);
            }
        };
    }

    private Object function() {
        String name = next().text();
        expect(Kind.POPEN, "'('");
        List<Object> args = new ArrayList<>();
        Map<String, Object> kwargs = new LinkedHashMap<>();
        int start = at;
        if (peek().kind() != Kind.PCLOSE) {
            while (true) {
                if (peek().kind() == Kind.ID && peek(1).kind() == Kind.EQUAL) {
                    String arg = next().text();
                    next();
                    kwargs.put(arg, element());
                } else {
                    Object v = element();
                    if (!kwargs.isEmpty()) {
                        throw new HydraSweepException("positional argument follows keyword argument");
                    }
                    args.add(v);
                }
                if (peek().kind() != Kind.COMMA) {
                    break;
                }
                next();
            }
        }
        expect(Kind.PCLOSE, "',' or ')'");
        StringBuilder text = new StringBuilder(name).append('(');
        for (int i = start; i < at; i++) {
            text.append(tokens.get(i).text());
        }
        return OverrideFunctions.call(name, args, kwargs, text.toString().replaceAll("[ \\t]", ""));
    }

    private List<Object> list() {
        next();
        List<Object> items = new ArrayList<>();
        if (peek().kind() != Kind.BRACKET_CLOSE) {
            items.add(element());
            while (peek().kind() == Kind.COMMA) {
                next();
                items.add(element());
            }
        }
        expect(Kind.BRACKET_CLOSE, "',' or ']'");
        return items;
    }

    private Map<Object, Object> dict() {
        next();
        Map<Object, Object> map = new LinkedHashMap<>();
        if (peek().kind() != Kind.BRACE_CLOSE) {
            while (true) {
                if (!DICT_KEY_PARTS.contains(peek().kind())) {
                    throw unexpected("a dict key");
                }
                Object key = primitive(DICT_KEY_PARTS);
                expect(Kind.COLON, "':'");
                map.put(key, element());
                if (peek().kind() != Kind.COMMA) {
                    break;
                }
                next();
            }
        }
        expect(Kind.BRACE_CLOSE, "',' or '}'");
        return map;
    }

    /** {@code _createPrimitive}: one token keeps its type; several make a string, edge blanks dropped, escapes undone. */
    private Object primitive(Set<Kind> parts) {
        List<Token> run = new ArrayList<>();
        while (parts.contains(peek().kind())) {
            if (peek().kind() == Kind.ID && peek(1).kind() == Kind.POPEN) {
                break;
            }
            run.add(next());
        }
        int first = 0;
        int last = run.size();
        if (run.getFirst().kind() == Kind.WS) {
            if (last == 1) {
                throw new HydraSweepException("Trying to parse a primitive that is all whitespaces");
            }
            first = 1;
        }
        if (run.getLast().kind() == Kind.WS) {
            last--;
        }
        if (last - first > 1) {
            StringBuilder out = new StringBuilder();
            for (int i = first; i < last; i++) {
                Token t = run.get(i);
                out.append(t.kind() == Kind.ESC ? unescape(t.text()) : t.text());
            }
            return out.toString();
        }
        Token t = run.get(first);
        return switch (t.kind()) {
            case INT -> new BigInteger(t.text().replace("_", ""));
            case FLOAT -> pythonFloat(t.text());
            case NULL -> null;
            case BOOL -> t.text().equalsIgnoreCase("true");
            case ESC -> unescape(t.text());
            default -> t.text();
        };
    }

    /** An ESC token's text without its backslashes ({@code text[1::2]}). */
    private static String unescape(String esc) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < esc.length(); i += 2) {
            out.append(esc.charAt(i));
        }
        return out.toString();
    }

    /** Python's {@code float(text)}: underscores allowed, {@code inf} and {@code nan} in any case. */
    static double pythonFloat(String text) {
        String t = text.replace("_", "").toLowerCase();
        String unsigned = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
        boolean negative = t.startsWith("-");
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (unsigned.equals("nan")) {
            return Double.NaN;
        }
        double d = new BigDecimal(t).doubleValue(); // correctly rounded, as Python's float()
        return negative && d == 0 ? -0.0 : d; // BigDecimal has no negative zero
    }

    /** {@code _unescape_quoted_string}: backslashes before a quote halved, the enclosing quotes removed. */
    private static Quoted quoted(String text) {
        char q = text.charAt(0);
        String rest = text.substring(1);
        Pattern before = Pattern.compile("(\\\\)+" + Pattern.quote(String.valueOf(q)));
        var m = before.matcher(rest);
        if (!m.find()) {
            return new Quoted(rest.substring(0, rest.length() - 1), q);
        }
        StringBuilder tokens = new StringBuilder();
        while (true) {
            tokens.append(rest, 0, m.start());
            String run = rest.substring(m.start(), m.end());
            for (int i = 1; i < run.length(); i += 2) {
                tokens.append(run.charAt(i));
            }
            rest = rest.substring(m.end());
            m = before.matcher(rest);
            if (!m.find()) {
                break;
            }
        }
        if (rest.length() > 1) {
            tokens.append(rest, 0, rest.length() - 1);
        }
        return new Quoted(tokens.toString(), q);
    }
}
