package io.missioncontrol.project.hydra;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks overrides against a project's {@link HydraConfig} and builds them from a form.
 *
 * <p>Problems are returned, never thrown, so a form can show them as the user types. What is
 * checked: the syntax; that a group exists and has the option ({@code option 'resnet' not in model:
 * cnn, mlp}), with a suggestion for near misses ({@code unknown group 'modle' — did you mean
 * 'model'?}); that {@code key=value} and {@code ~key} name an existing key while {@code +key=value}
 * names a new one; that a number, boolean key gets a number, boolean ({@code model.lr expects a
 * number, got 'abc'}; int and float are interchangeable, {@code null} and interpolations always
 * pass); and that no value asks for a sweep. Keys under Hydra's own {@code hydra.} node and
 * {@code hydra/} groups are only checked for syntax.
 */
public final class HydraOverrides {

    private HydraOverrides() {
    }

    /** Parses and checks overrides as typed, one per string; blank strings are skipped. */
    public static List<OverrideProblem> validateText(HydraConfig config, List<String> overrides) {
        List<OverrideProblem> problems = new ArrayList<>();
        List<HydraOverride> parsed = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (String text : overrides) {
            if (text == null || text.isBlank()) {
                continue;
            }
            try {
                parsed.add(HydraOverride.parse(text));
                texts.add(HydraSyntax.stripBlanks(text));
            } catch (IllegalArgumentException e) {
                problems.add(new OverrideProblem(text, e.getMessage()));
            }
        }
        problems.addAll(check(config, parsed, texts));
        return problems;
    }

    /** Checks overrides against the config. */
    public static List<OverrideProblem> validate(HydraConfig config, List<HydraOverride> overrides) {
        return check(config, overrides, overrides.stream().map(HydraOverride::toArgument).toList());
    }

    /** Checks one override against the config. */
    public static List<OverrideProblem> validate(HydraConfig config, HydraOverride override) {
        return validate(config, List.of(override));
    }

    /**
     * Builds overrides from a generated form plus raw extra overrides.
     *
     * <p>For each field: a key that names a group gives {@code group=option} (or
     * {@code +group=option} for a group the defaults list does not hold); any other key gives
     * {@code key=value}, the value a literal string, except for list and map keys whose value is
     * taken as Hydra syntax ({@code [1, 2]}). Fields left at their default (the group's default
     * option, or the value's {@link ValueInfo#text()}), and blank fields of groups without a
     * default, give no override. Then the extras are parsed, in order. Everything is checked as by
     * {@link #validate}; a key set twice is a problem.
     *
     * @param fields form fields, key → value as typed (a {@code LinkedHashMap} keeps the order)
     * @param extras raw overrides typed by the user ({@code +trainer.seed=7}), blank ones skipped
     */
    public static OverrideSet build(HydraConfig config, Map<String, String> fields, List<String> extras) {
        List<HydraOverride> overrides = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<OverrideProblem> problems = new ArrayList<>();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            String key = field.getKey();
            String value = field.getValue();
            if (value == null) {
                continue;
            }
            String shown = key + "=" + value;
            try {
                Optional<HydraOverride> override = fromField(config, key, value);
                if (override.isPresent()) {
                    overrides.add(override.get());
                    texts.add(override.get().toArgument());
                }
            } catch (IllegalArgumentException e) {
                problems.add(new OverrideProblem(shown, e.getMessage()));
            }
        }
        for (String extra : extras == null ? List.<String>of() : extras) {
            if (extra == null || extra.isBlank()) {
                continue;
            }
            try {
                overrides.add(HydraOverride.parse(extra));
                texts.add(HydraSyntax.stripBlanks(extra));
            } catch (IllegalArgumentException e) {
                problems.add(new OverrideProblem(extra, e.getMessage()));
            }
        }
        problems.addAll(check(config, overrides, texts));
        return new OverrideSet(overrides, problems);
    }

    private static Optional<HydraOverride> fromField(HydraConfig config, String key, String value) {
        HydraSyntax.keyProblem(key).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        HydraSyntax.controlCharacterProblem(value).ifPresent(p -> {
            throw new IllegalArgumentException("value " + p);
        });
        Optional<HydraGroup> group = config.group(key);
        if (group.isPresent()) {
            String option = HydraSyntax.stripBlanks(value);
            if (option.equals(Objects.requireNonNullElse(group.get().defaultOption(), ""))) {
                return Optional.empty();
            }
            if (option.isEmpty()) {
                return Optional.of(HydraOverride.set(key, "null"));
            }
            return Optional.of(group.get().inDefaultsList() ? HydraOverride.set(key, option) : HydraOverride.append(key, option));
        }
        Optional<ValueInfo> current = config.find(key);
        if (current.isPresent() && sameValue(current.get(), value)) {
            return Optional.empty();
        }
        if (current.isPresent() && (current.get().type() == ValueType.LIST || current.get().type() == ValueType.MAP)) {
            String expression = HydraSyntax.stripBlanks(value);
            boolean structured = expression.startsWith("[") || expression.startsWith("{");
            return Optional.of(new HydraOverride(HydraOverride.Kind.SET, key, expression, structured));
        }
        return Optional.of(HydraOverride.set(key, value));
    }

    private static boolean sameValue(ValueInfo current, String typed) {
        String text = current.text();
        if (text.equals(typed)) {
            return true;
        }
        String stripped = HydraSyntax.stripBlanks(typed);
        if (current.type().numeric()) {
            Optional<BigDecimal> a = HydraSyntax.number(text);
            Optional<BigDecimal> b = HydraSyntax.number(stripped);
            return a.isPresent() && b.isPresent() && a.get().compareTo(b.get()) == 0;
        }
        if (current.type() == ValueType.BOOL || current.type() == ValueType.NULL) {
            return text.equalsIgnoreCase(stripped);
        }
        return false;
    }

    // ---------------------------------------------------------------- checks

    private static List<OverrideProblem> check(HydraConfig config, List<HydraOverride> overrides, List<String> texts) {
        List<OverrideProblem> problems = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < overrides.size(); i++) {
            HydraOverride o = overrides.get(i);
            String text = texts.get(i);
            String message = problem(config, o);
            if (message == null) {
                String previous = seen.putIfAbsent(o.key(), text);
                if (previous != null) {
                    message = "'" + o.key() + "' is already set by '" + previous + "'";
                }
            }
            if (message != null) {
                problems.add(new OverrideProblem(text, message));
            }
        }
        return problems;
    }

    /** The problem with one override, or null. */
    private static String problem(HydraConfig config, HydraOverride o) {
        if (o.expression()) {
            Optional<String> syntax = HydraSyntax.checkExpression(o.value());
            if (syntax.isPresent()) {
                return "value of " + o.key() + ": " + syntax.get();
            }
            if (HydraSyntax.isSweep(o.value())) {
                return "'" + o.value() + "' would start several runs (a sweep); for one string value write "
                        + o.kind().prefix() + o.key() + "=" + HydraSyntax.quote(o.value())
                        + ", for a list " + o.kind().prefix() + o.key() + "=[" + o.value() + "]";
            }
        }
        String base = o.keyWithoutPackage();
        if (base.equals("hydra") || base.startsWith("hydra.") || base.startsWith("hydra/")) {
            return null; // Hydra's own settings: not in the project's config
        }
        if (config.hasGroup(base)) {
            return groupProblem(config, o, config.group(base).orElseThrow());
        }
        if (o.groupSyntax()) {
            return unknownGroup(config, base);
        }
        return valueProblem(config, o);
    }

    private static String groupProblem(HydraConfig config, HydraOverride o, HydraGroup group) {
        String name = group.name();
        boolean listed = group.inDefaultsList();
        switch (o.kind()) {
            case FORCE_ADD -> {
                return "'++' is not supported for config groups: write " + (listed ? "" : "+") + name + "=" + optionHint(o, group);
            }
            case DELETE -> {
                if (!listed) {
                    return "cannot delete group '" + name + "': it is not in the defaults list";
                }
                if (o.value() != null && !o.value().equals(group.defaultOption())) {
                    return "cannot delete " + name + "=" + o.value() + ": the current option is " + group.defaultOption();
                }
                return null;
            }
            case APPEND -> {
                if (listed) {
                    return "group '" + name + "' is already in the defaults list: write " + name + "=" + optionHint(o, group) + " to change it";
                }
            }
            case SET -> {
                if (!listed) {
                    return "group '" + name + "' is not in the defaults list: write +" + name + "=" + optionHint(o, group) + " to add it";
                }
            }
        }
        return optionProblem(o, group);
    }

    private static String optionHint(HydraOverride o, HydraGroup group) {
        if (o.value() != null) {
            return o.expression() ? o.value() : HydraSyntax.quoteIfNeeded(o.value());
        }
        return group.options().isEmpty() ? "…" : group.options().get(0);
    }

    private static String optionProblem(HydraOverride o, HydraGroup group) {
        List<String> options;
        if (o.expression()) {
            if (o.value().startsWith("{")) {
                return "group '" + group.name() + "' takes an option name, not a dictionary";
            }
            Optional<List<String>> list = HydraSyntax.simpleListElements(o.value());
            if (list.isEmpty()) {
                return null; // a function or interpolation: left to Hydra
            }
            options = list.get();
        } else {
            if (o.value().contains("${") || (o.kind() == HydraOverride.Kind.SET && HydraSyntax.isNull(o.value()))) {
                return null;
            }
            options = List.of(o.value());
        }
        for (String option : options) {
            if (!group.hasOption(option)) {
                String message = "option '" + option + "' not in " + group.name() + ": " + String.join(", ", group.options());
                Optional<String> suggestion = Suggestions.closest(option, group.options());
                return suggestion.map(s -> message + " — did you mean '" + s + "'?").orElse(message);
            }
        }
        return null;
    }

    private static String unknownGroup(HydraConfig config, String name) {
        Optional<String> suggestion = Suggestions.closest(name, config.groupNames());
        return "unknown group '" + name + "'" + suggestion.map(s -> " — did you mean '" + s + "'?").orElse("");
    }

    private static String valueProblem(HydraConfig config, HydraOverride o) {
        String key = o.key();
        Optional<ValueInfo> current = config.find(key);
        switch (o.kind()) {
            case SET -> {
                if (current.isEmpty()) {
                    String unknown = unknownKey(config, key);
                    return unknown.contains("did you mean") ? unknown : unknown + " (to add it write +" + key + "=…)";
                }
            }
            case APPEND -> {
                if (current.isPresent()) {
                    return "'" + key + "' already exists: write " + key + "=… to change it";
                }
                return null;
            }
            case DELETE -> {
                if (current.isEmpty()) {
                    return "cannot delete '" + key + "': no such key"
                            + Suggestions.closest(key, config.keys()).map(s -> " — did you mean '" + s + "'?").orElse("");
                }
                if (o.value() != null && !sameValue(current.get(), o.value())) {
                    return "cannot delete " + key + "=" + o.value() + ": its value is " + current.get().text();
                }
                return null;
            }
            case FORCE_ADD -> {
                if (current.isEmpty()) {
                    return null;
                }
            }
        }
        return typeProblem(config, key, current.orElseThrow(), o);
    }

    private static String unknownKey(HydraConfig config, String key) {
        Set<String> candidates = new LinkedHashSet<>(config.keys());
        if (!key.contains(".")) {
            candidates.addAll(config.groupNames());
        }
        Optional<String> suggestion = Suggestions.closest(key, candidates);
        if (suggestion.isPresent()) {
            String noun = config.hasGroup(suggestion.get()) ? "group" : "key";
            return "unknown " + noun + " '" + key + "' — did you mean '" + suggestion.get() + "'?";
        }
        return key.contains(".") ? "unknown key '" + key + "'" : "unknown group or key '" + key + "'";
    }

    private static String typeProblem(HydraConfig config, String key, ValueInfo current, HydraOverride o) {
        if (o.expression()) {
            return null; // lists, dicts, functions: Hydra decides
        }
        String value = o.value();
        if (value.contains("${") || HydraSyntax.isNull(value)) {
            return null;
        }
        return switch (current.type()) {
            case INT, FLOAT -> HydraSyntax.isNumber(value) ? null : key + " expects a number, got '" + value + "'";
            case BOOL -> HydraSyntax.isBool(value) ? null : key + " expects true or false, got '" + value + "'";
            case MAP -> {
                String group = key.replace('.', '/');
                if (config.group(group).map(g -> g.hasOption(value)).orElse(false)) {
                    yield key + " is a config group: write " + group + "=" + value;
                }
                yield null;
            }
            default -> null;
        };
    }
}
