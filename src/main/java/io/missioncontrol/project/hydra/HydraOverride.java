package io.missioncontrol.project.hydra;

import java.util.Objects;

/**
 * One Hydra command-line override, e.g. {@code model=mlp}, {@code model.lr=0.01},
 * {@code +trainer.seed=7}, {@code ++tags=[a,b]}, {@code ~dataset}.
 *
 * <p>A {@code HydraOverride} can hold no newline, NUL or other control character and only a key
 * made of {@code [A-Za-z0-9_./@-]}: the constructor rejects anything else, so
 * {@link #toArgument()} is always one safe argument for {@code python train.py <args…>} (still to be
 * shell-quoted as a whole by the caller).
 *
 * @param kind set, append ({@code +}), force-add ({@code ++}) or delete ({@code ~})
 * @param key a group ({@code model}, {@code model/optimizer}, {@code db@backup}) or a dotted value
 *     key ({@code model.lr})
 * @param value for a literal, the string itself ({@code hello world}, {@code 0.01}); for an
 *     expression, Hydra syntax ({@code [1, 2]}); {@code null} only for a delete without value
 * @param expression true when {@code value} is Hydra syntax to pass as it is (a list, dict, sweep or
 *     function); false when it is a literal string that {@link #toArgument()} quotes as needed
 */
public record HydraOverride(Kind kind, String key, String value, boolean expression) {

    /** What an override does. */
    public enum Kind {
        /** {@code key=value}: change a value or a group's option. */
        SET(""),
        /** {@code +key=value}: add a key or a group that is not there yet. */
        APPEND("+"),
        /** {@code ++key=value}: set the key, adding it if needed. */
        FORCE_ADD("++"),
        /** {@code ~key} or {@code ~key=value}: remove a key or a group. */
        DELETE("~");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        /** The prefix typed before the key: "", "+", "++" or "~". */
        public String prefix() {
            return prefix;
        }
    }

    public HydraOverride {
        Objects.requireNonNull(kind, "kind");
        HydraSyntax.keyProblem(key).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        if (value == null) {
            if (kind != Kind.DELETE) {
                throw new IllegalArgumentException(kind.prefix() + key + " needs a value: " + kind.prefix() + key + "=…");
            }
            if (expression) {
                throw new IllegalArgumentException("an expression needs a value");
            }
        } else {
            HydraSyntax.controlCharacterProblem(value).ifPresent(problem -> {
                throw new IllegalArgumentException("value of " + key + " " + problem);
            });
        }
    }

    /** An override whose value is a literal string, quoted by {@link #toArgument()} when needed. */
    public HydraOverride(Kind kind, String key, String value) {
        this(kind, key, value, false);
    }

    /** {@code key=value} with a literal value. */
    public static HydraOverride set(String key, String value) {
        return new HydraOverride(Kind.SET, key, value);
    }

    /** {@code +key=value} with a literal value. */
    public static HydraOverride append(String key, String value) {
        return new HydraOverride(Kind.APPEND, key, value);
    }

    /** {@code ++key=value} with a literal value. */
    public static HydraOverride forceAdd(String key, String value) {
        return new HydraOverride(Kind.FORCE_ADD, key, value);
    }

    /** {@code ~key}. */
    public static HydraOverride delete(String key) {
        return new HydraOverride(Kind.DELETE, key, null);
    }

    /**
     * Parses an override as a user types it on Hydra's command line: {@code group=option},
     * {@code key.path=value}, {@code +key=value}, {@code ++key=value}, {@code ~key},
     * {@code ~key=value}. Surrounding blanks are ignored. A value that is one quoted string
     * ({@code 'hello world'}) or a plain value ({@code hello world}, {@code 0.01}, {@code ${x}}) is
     * read as a literal; a list, dict, sweep or function ({@code [1,2]}, {@code {a: 1}}, {@code a,b},
     * {@code str(1)}) is kept verbatim as an expression.
     *
     * @throws IllegalArgumentException with a message fit for the user when the text is not an override
     */
    public static HydraOverride parse(String text) {
        Objects.requireNonNull(text, "text");
        HydraSyntax.controlCharacterProblem(text).ifPresent(problem -> {
            throw new IllegalArgumentException("override " + problem);
        });
        String s = HydraSyntax.stripBlanks(text);
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty override");
        }
        Kind kind;
        if (s.startsWith("~")) {
            kind = Kind.DELETE;
        } else if (s.startsWith("++")) {
            kind = Kind.FORCE_ADD;
        } else if (s.startsWith("+")) {
            kind = Kind.APPEND;
        } else {
            kind = Kind.SET;
        }
        String rest = s.substring(kind.prefix().length());
        int eq = rest.indexOf('=');
        String key = eq < 0 ? rest : rest.substring(0, eq);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("empty key in '" + s + "'");
        }
        if (eq < 0) {
            if (kind == Kind.DELETE) {
                return new HydraOverride(kind, key, null);
            }
            HydraSyntax.keyProblem(key).ifPresent(problem -> {
                throw new IllegalArgumentException(problem);
            });
            throw new IllegalArgumentException("'" + s + "' has no value: write " + kind.prefix() + key + "=value");
        }
        String rawValue = rest.substring(eq + 1);
        if (kind == Kind.DELETE && HydraSyntax.stripBlanks(rawValue).isEmpty()) {
            return new HydraOverride(kind, key, null);
        }
        HydraSyntax.ScannedValue scanned = HydraSyntax.scanValue(rawValue);
        return new HydraOverride(kind, key, scanned.value(), scanned.expression());
    }

    /** True when the key names a config group path ({@code model/optimizer}) or a group with a package ({@code db@x}). */
    public boolean groupSyntax() {
        return key.contains("/") || key.contains("@");
    }

    /** The key without an {@code @package} part. */
    public String keyWithoutPackage() {
        int at = key.indexOf('@');
        return at < 0 ? key : key.substring(0, at);
    }

    /**
     * The override as one argument for {@code python train.py <args…>}: prefix, key, {@code =} and
     * the value, a literal quoted by Hydra's grammar when it needs it ({@code msg='hello world'},
     * {@code tag='a,b'}, {@code note='it\'s'}), an expression as it is.
     */
    public String toArgument() {
        String head = kind.prefix() + key;
        if (value == null) {
            return head;
        }
        return head + "=" + (expression ? value : HydraSyntax.quoteIfNeeded(value));
    }

    @Override
    public String toString() {
        return toArgument();
    }
}
