package io.missioncontrol.project.hydra;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
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
 * 'model'?}); that {@code group=option} and {@code ~group} meet an entry of the defaults tree while
 * {@code +group=option} does not; that {@code key=value} and {@code ~key} name an existing key while
 * {@code +key=value} names a new one; that a number, boolean key gets a number, boolean
 * ({@code model.lr expects a number, got 'abc'}; int and float are interchangeable, {@code null}
 * and interpolations always pass); and that no value asks for a sweep. Keys under Hydra's own
 * {@code hydra.} node and {@code hydra/} groups are only checked for syntax.
 *
 * <p>As in Hydra, value keys are checked against the config composed with the group overrides of
 * the same set: with {@code model=mlp}, {@code model.hidden=128} is valid when {@code hidden} is
 * in {@code model/mlp.yaml} only, and without it {@code model.hidden} is an unknown key. A config
 * made by hand (no {@link HydraConfig#origin()}) cannot be composed again: its values are used as
 * they are.
 */
public final class HydraOverrides {

    /** At most this many other options are composed to tell which one has an unknown key. */
    private static final int MAX_OPTIONS_TRIED_FOR_A_HINT = 16;

    private HydraOverrides() {
    }

    /** Parses and checks overrides as typed, one per string; blank strings are skipped. */
    public static List<OverrideProblem> validateText(HydraConfig config, List<String> overrides) {
        List<OverrideProblem> problems = new ArrayList<>();
        List<Item> items = new ArrayList<>();
        for (String text : overrides) {
            if (text == null || text.isBlank()) {
                continue;
            }
            try {
                items.add(Item.of(HydraOverride.parse(text), HydraSyntax.stripBlanks(text)));
            } catch (IllegalArgumentException e) {
                problems.add(new OverrideProblem(text, e.getMessage()));
            }
        }
        problems.addAll(check(config, items));
        return problems;
    }

    /** Checks overrides against the config (value keys against the config composed with the group overrides among them). */
    public static List<OverrideProblem> validate(HydraConfig config, List<HydraOverride> overrides) {
        return check(config, overrides.stream().map(o -> Item.of(o, o.toArgument())).toList());
    }

    /** Checks one override against the config. */
    public static List<OverrideProblem> validate(HydraConfig config, HydraOverride override) {
        return validate(config, List.of(override));
    }

    /**
     * Builds overrides from a generated form plus raw extra overrides.
     *
     * <p>For each field: a key that names a group gives {@code group=option} (or
     * {@code +group=option} when the defaults tree has no entry for the group); any other key gives
     * {@code key=value}, the value a literal string, except for list and map keys whose value is
     * taken as Hydra syntax ({@code [1, 2]}). Then the extras are parsed, in order. The config is
     * composed with the group choices of fields and extras, as Hydra composes it for such a command
     * line, and value fields are read against that composition: a value field equal to the composed
     * value ({@link ValueInfo#text()}) gives no override, nor does a group field left at the
     * config's option (or blank for a group without one) while the other choices leave that option
     * in effect; a group field at the config's option that another choice would change
     * ({@code model/optimizer=adam} next to {@code model=mlp}, whose default is {@code sgd}) is kept.
     * Everything is checked as by {@link #validate}; a key set twice is a problem.
     *
     * <p>The overrides are relative to {@code config}: for a config composed with choices of its
     * own ({@link HydraConfig#withChoices}), those choices are not repeated.
     *
     * @param fields form fields, key → value as typed (a {@code LinkedHashMap} keeps the order)
     * @param extras raw overrides typed by the user ({@code +trainer.seed=7}), blank ones skipped
     */
    public static OverrideSet build(HydraConfig config, Map<String, String> fields, List<String> extras) {
        List<Item> items = new ArrayList<>();
        List<Object> slots = new ArrayList<>(); // Item or OverrideProblem, in the order given
        for (Map.Entry<String, String> field : fields.entrySet()) {
            String key = field.getKey();
            String value = field.getValue();
            if (key != null && (key.startsWith("+") || key.startsWith("~"))) {
                slots.add(prefixedField(key, value)); // {"+seed": "1"}, {"~logger": null}: as on a command line
                continue;
            }
            if (value == null) {
                continue;
            }
            String shown = key + "=" + value;
            Optional<String> problem = HydraSyntax.keyProblem(key)
                    .or(() -> HydraSyntax.controlCharacterProblem(value).map(p -> "value " + p));
            if (problem.isPresent()) {
                slots.add(new OverrideProblem(shown, problem.get()));
                continue;
            }
            Optional<HydraGroup> group = config.group(key);
            Item item = group.isPresent() ? Item.groupField(key, HydraSyntax.stripBlanks(value), shown)
                    : Item.valueField(key, value, shown);
            if (group.isPresent()) {
                item.pending = item.fieldValue.equals(Objects.requireNonNullElse(group.get().defaultOption(), ""));
            }
            slots.add(item);
        }
        for (String extra : extras == null ? List.<String>of() : extras) {
            if (extra == null || extra.isBlank()) {
                continue;
            }
            try {
                slots.add(Item.of(HydraOverride.parse(extra), HydraSyntax.stripBlanks(extra)));
            } catch (IllegalArgumentException e) {
                slots.add(new OverrideProblem(extra, e.getMessage()));
            }
        }
        for (Object slot : slots) {
            if (slot instanceof Item item) {
                items.add(item);
            }
        }

        // Group fields left at the option in effect give no override, unless the other choices
        // change that option (model/optimizer=adam kept while model=mlp brings sgd).
        Resolution resolution = resolve(config, items);
        for (int round = 0; round <= items.size(); round++) {
            boolean changed = false;
            for (Item item : items) {
                if (item.field && item.group && item.pending) {
                    String inEffect = resolution.composed().group(item.key)
                            .map(g -> Objects.requireNonNullElse(g.defaultOption(), "")).orElse("");
                    if (!inEffect.equals(item.fieldValue) && !(item.fieldValue.isEmpty() && inEffect.equals("???"))) {
                        item.pending = false;
                        changed = true;
                    }
                }
            }
            if (!changed) {
                break;
            }
            resolution = resolve(config, items);
        }

        List<OverrideProblem> problems = new ArrayList<>();
        List<HydraOverride> overrides = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Object slot : slots) {
            if (slot instanceof OverrideProblem p) {
                problems.add(p);
                continue;
            }
            Item item = (Item) slot;
            if (item.field) {
                try {
                    item.override = item.group ? groupFieldOverride(config, resolution, item).orElse(null)
                            : valueFieldOverride(resolution.composed(), item.key, item.fieldValue).orElse(null);
                } catch (IllegalArgumentException e) {
                    problems.add(new OverrideProblem(item.text, e.getMessage()));
                    continue;
                }
                if (item.override == null) {
                    continue;
                }
                item.text = item.override.toArgument();
            }
            overrides.add(item.override);
            String message = problem(config, resolution, item, seen);
            if (message != null) {
                problems.add(new OverrideProblem(item.text, message));
            }
        }
        problems.addAll(unchosenMandatoryGroups(resolution.composed()));
        return new OverrideSet(overrides, problems);
    }

    /**
     * A field whose key carries Hydra's prefix, as a user writes it: {@code +key} adds, {@code ++key} sets or adds,
     * {@code ~key} deletes (its value, if any, the option or value to delete). The value is a literal, like every
     * field's; a typed override of the same kind, as in {@code extra_overrides}.
     */
    private static Object prefixedField(String key, String value) {
        try {
            HydraOverride override = fieldOverride(key, value);
            return Item.of(override, override.toArgument());
        } catch (IllegalArgumentException e) {
            return new OverrideProblem(value == null ? key : key + "=" + value, e.getMessage());
        }
    }

    /**
     * One {@code hydra_overrides} entry as an override, without a Hydra model to check it against: {@code key=value}
     * with the value a literal, or with Hydra's prefix on the key ({@code +seed}, {@code ++seed}, {@code ~logger}
     * with a null value to delete).
     *
     * @throws IllegalArgumentException for a key or value that cannot be an override
     */
    public static HydraOverride fieldOverride(String key, String value) {
        HydraOverride.Kind kind = key.startsWith("++") ? HydraOverride.Kind.FORCE_ADD
                : key.startsWith("+") ? HydraOverride.Kind.APPEND
                : key.startsWith("~") ? HydraOverride.Kind.DELETE : HydraOverride.Kind.SET;
        String bare = key.substring(kind.prefix().length());
        if (value == null && kind == HydraOverride.Kind.DELETE) {
            return HydraOverride.delete(bare);
        }
        return new HydraOverride(kind, bare, value == null ? null : HydraSyntax.stripBlanks(value));
    }

    private static Optional<HydraOverride> groupFieldOverride(HydraConfig config, Resolution resolution, Item item) {
        if (item.pending) {
            return Optional.empty();
        }
        String key = item.key;
        String option = item.fieldValue;
        boolean appended;
        if (config.origin() == null || item.choice == null) {
            appended = !config.group(key).map(HydraGroup::inDefaultsList).orElse(true);
        } else {
            appended = resolution.appended().contains(item.choice);
        }
        if (option.isEmpty() || HydraSyntax.isNull(option)) {
            // Hydra refuses group=null on the command line; deleting the group's entry loads nothing, the same
            return appended ? Optional.empty() : Optional.of(HydraOverride.delete(key));
        }
        return Optional.of(appended ? HydraOverride.append(key, option) : HydraOverride.set(key, option));
    }

    private static Optional<HydraOverride> valueFieldOverride(HydraConfig composed, String key, String value) {
        Optional<ValueInfo> current = composed.find(key);
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

    /** One override of a set: parsed or typed, or a form field whose override is decided after composing. */
    private static final class Item {
        HydraOverride override;
        String text;
        final boolean field;
        final boolean group; // a form field naming a group
        final String key; // fields only
        final String fieldValue; // fields only: the value as typed (a group's option stripped)
        boolean pending; // group field at the option in effect: no override unless the composition disagrees
        GroupChoice choice; // set while the item takes part in the composition

        private Item(HydraOverride override, String text, boolean field, boolean group, String key, String fieldValue) {
            this.override = override;
            this.text = text;
            this.field = field;
            this.group = group;
            this.key = key;
            this.fieldValue = fieldValue;
        }

        static Item of(HydraOverride override, String text) {
            return new Item(override, text, false, false, override.key(), null);
        }

        static Item groupField(String key, String option, String shown) {
            return new Item(null, shown, true, true, key, option);
        }

        static Item valueField(String key, String value, String shown) {
            return new Item(null, shown, true, false, key, value);
        }
    }

    /**
     * The config composed with the group overrides of a set, and what was wrong with some of them.
     *
     * @param problems per item: a group override that cannot be applied (left out of the composition)
     * @param appended the form fields' choices that had no entry in the defaults tree and were appended
     */
    private record Resolution(HydraConfig composed, Map<Item, String> problems, Set<GroupChoice> appended) {
    }

    private static List<OverrideProblem> check(HydraConfig config, List<Item> items) {
        Resolution resolution = resolve(config, items);
        List<OverrideProblem> problems = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Item item : items) {
            String message = problem(config, resolution, item, seen);
            if (message != null) {
                problems.add(new OverrideProblem(item.text, message));
            }
        }
        problems.addAll(unchosenMandatoryGroups(resolution.composed()));
        return problems;
    }

    /**
     * Groups the defaults list marks {@code ???} and nobody chose: Hydra stops with "You must specify 'db'", so the
     * run would die at its first line. The problem is named by the group, the field the user has to fill.
     */
    static List<OverrideProblem> unchosenMandatoryGroups(HydraConfig composed) {
        List<OverrideProblem> problems = new ArrayList<>();
        for (HydraGroup group : composed.groups()) {
            if ("???".equals(group.defaultOption())) {
                problems.add(new OverrideProblem(group.name(), "you must choose an option for group '"
                        + group.name() + "' (its default is ???): " + group.name() + "=<option>, one of "
                        + String.join(", ", group.options())));
            }
        }
        return problems;
    }

    /** The problem with one override of a set (null if none), recording its key as set. */
    private static String problem(HydraConfig config, Resolution resolution, Item item, Map<String, String> seen) {
        HydraOverride o = item.override;
        String message;
        if (resolution.problems().containsKey(item)) {
            message = resolution.problems().get(item);
        } else if (item.group || (!item.field && isGroupOverride(config, o))) {
            message = null; // a group override that could be applied (or that only Hydra can tell about)
        } else {
            message = problem(resolution.composed(), o);
        }
        if (message == null) {
            String previous = seen.putIfAbsent(o.key(), item.text);
            if (previous != null) {
                message = "'" + o.key() + "' is already set by '" + previous + "'";
            }
        }
        return message;
    }

    /**
     * Composes the config with the group overrides among the items, as Hydra applies them to the
     * defaults tree before any value override. A group override that cannot be applied gets a
     * problem and is left out, so the others still count.
     */
    private static Resolution resolve(HydraConfig config, List<Item> items) {
        Map<Item, String> problems = new IdentityHashMap<>();
        List<Item> candidates = new ArrayList<>();
        for (Item item : items) {
            item.choice = null;
            if (item.field && item.group) {
                if (!item.pending) {
                    String option = item.fieldValue;
                    boolean none = option.isEmpty() || HydraSyntax.isNull(option);
                    item.choice = new GroupChoice(GroupChoice.Kind.CHOOSE, item.key, none ? null : option, null,
                            none ? "null" : HydraSyntax.quoteIfNeeded(option), HydraConfig.Origin.nextId());
                    String problem = choiceProblem(config, HydraOverride.set(item.key, none ? "null" : option));
                    if (problem != null) {
                        problems.put(item, problem);
                        item.choice = null;
                    } else {
                        candidates.add(item);
                    }
                }
                continue;
            }
            if (item.field || !isGroupOverride(config, item.override)) {
                continue;
            }
            HydraOverride o = item.override;
            String problem = expressionProblem(o);
            if (problem == null && o.kind() == HydraOverride.Kind.SET && !o.expression()
                    && HydraSyntax.isNull(o.value())) {
                problem = "Hydra takes no null option for group '" + o.keyWithoutPackage() + "' (\"Config group "
                        + "override must be a string or a list\"): write ~" + o.key() + " to load none";
            }
            if (problem == null) {
                problem = choiceProblem(config, o);
            }
            if (problem != null) {
                problems.put(item, problem);
                continue;
            }
            item.choice = toChoice(o);
            if (item.choice != null) {
                candidates.add(item);
            }
        }
        if (candidates.isEmpty()) {
            return new Resolution(config, problems, Set.of()); // nothing to compose anew
        }
        if (config.origin() == null) {
            // Cannot compose again: the defaults list as it is decides.
            for (Item item : candidates) {
                HydraOverride o = item.override != null ? item.override
                        : HydraOverride.set(item.key, item.choice.option() == null ? "null" : item.choice.option());
                if (item.override == null && !config.group(item.key).map(HydraGroup::inDefaultsList).orElse(true)) {
                    o = HydraOverride.append(item.key, o.value());
                }
                String problem = listingProblem(config, o, config.group(o.keyWithoutPackage()).orElseThrow());
                if (problem != null) {
                    problems.put(item, problem);
                }
            }
            return new Resolution(config, problems, Set.of());
        }
        while (true) {
            List<GroupChoice> choices = candidates.stream().map(i -> i.choice).toList();
            try {
                Composer.Composition composition = config.compose(choices);
                return new Resolution(composition.config(), problems, composition.appended());
            } catch (HydraConfigException e) {
                if (candidates.isEmpty()) {
                    return new Resolution(config, problems, Set.of()); // cannot happen: the config itself was composed
                }
                Item culprit = null;
                String message = e.getMessage();
                if (e instanceof Composer.ChoiceMismatch m) {
                    culprit = candidates.stream().filter(i -> i.choice.id() == m.choice().id()).findFirst().orElse(null);
                }
                if (culprit == null) {
                    Map.Entry<Item, String> failing = firstFailing(config, candidates);
                    culprit = failing.getKey();
                    message = failing.getValue();
                }
                problems.put(culprit, message);
                candidates.remove(culprit);
            }
        }
    }

    /** The first candidate whose choice makes the composition fail, and why: composes ever longer prefixes. */
    private static Map.Entry<Item, String> firstFailing(HydraConfig config, List<Item> candidates) {
        List<GroupChoice> prefix = new ArrayList<>();
        for (Item item : candidates) {
            prefix.add(item.choice);
            try {
                config.compose(prefix);
            } catch (HydraConfigException e) {
                return Map.entry(item, e.getMessage());
            }
        }
        Item last = candidates.getLast();
        return Map.entry(last, "cannot be composed with the other group overrides");
    }

    /** True when the override is about a config group of the project (not a value, not Hydra's own). */
    private static boolean isGroupOverride(HydraConfig config, HydraOverride o) {
        String base = o.keyWithoutPackage();
        return !isHydrasOwn(base) && config.hasGroup(base);
    }

    private static boolean isHydrasOwn(String base) {
        return base.equals("hydra") || base.startsWith("hydra.") || base.startsWith("hydra/");
    }

    /** The group override as a choice for the composition; null when Hydra alone can tell (a function, an interpolated list). */
    private static GroupChoice toChoice(HydraOverride o) {
        GroupChoice.Kind kind = switch (o.kind()) {
            case SET -> GroupChoice.Kind.SET;
            case APPEND -> GroupChoice.Kind.APPEND;
            case DELETE -> GroupChoice.Kind.DELETE;
            case FORCE_ADD -> null;
        };
        if (kind == null) {
            return null;
        }
        int id = HydraConfig.Origin.nextId();
        if (o.value() == null) {
            return new GroupChoice(kind, o.key(), null, null, null, id);
        }
        if (o.expression()) {
            Optional<List<String>> list = HydraSyntax.simpleListElements(o.value());
            if (list.isEmpty() || !o.value().startsWith("[")) {
                return null;
            }
            return new GroupChoice(kind, o.key(), null, list.get(), o.value(), id);
        }
        boolean none = kind == GroupChoice.Kind.SET && HydraSyntax.isNull(o.value());
        return new GroupChoice(kind, o.key(), none ? null : o.value(), null, HydraSyntax.quoteIfNeeded(o.value()), id);
    }

    /** The problem with a value override (or one naming an unknown group) against the composed config, or null. */
    private static String problem(HydraConfig composed, HydraOverride o) {
        String syntax = expressionProblem(o);
        if (syntax != null) {
            return syntax;
        }
        String base = o.keyWithoutPackage();
        if (isHydrasOwn(base)) {
            return null; // Hydra's own settings: not in the project's config
        }
        if (o.groupSyntax()) {
            return unknownGroup(composed, base);
        }
        return valueProblem(composed, o);
    }

    private static String expressionProblem(HydraOverride o) {
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
        return null;
    }

    /**
     * What is wrong with a group override whatever the defaults tree: an unknown group, an option
     * the group does not have, {@code ++}, a dictionary; null if nothing.
     */
    static String choiceProblem(HydraConfig config, HydraOverride o) {
        String base = o.keyWithoutPackage();
        Optional<HydraGroup> found = config.group(base);
        if (found.isEmpty()) {
            return unknownGroup(config, base);
        }
        HydraGroup group = found.get();
        if (o.kind() == HydraOverride.Kind.FORCE_ADD) {
            return "'++' is not supported for config groups: write " + (group.inDefaultsList() ? "" : "+") + group.name()
                    + "=" + optionHint(o, group);
        }
        if (o.kind() == HydraOverride.Kind.DELETE) {
            return null; // whether an entry matches is for the composition to tell
        }
        return optionProblem(o, group);
    }

    /** Without composing: whether the override fits the defaults list as the config has it. */
    private static String listingProblem(HydraConfig config, HydraOverride o, HydraGroup group) {
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
        return null;
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
                    if (unknown.contains("did you mean")) {
                        return unknown;
                    }
                    Optional<String> choice = choiceWithKey(config, key);
                    if (choice.isPresent()) {
                        return unknown + " — " + choice.get() + " has it: did you mean to choose that? (to add the key write +"
                                + key + "=…)";
                    }
                    return unknown + " (to add it write +" + key + "=…)";
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

    /**
     * Another option of a group that would bring the key in ({@code model=mlp} for
     * {@code model.hidden}), tried in the groups whose package the key is under, deepest first.
     */
    private static Optional<String> choiceWithKey(HydraConfig composed, String key) {
        if (composed.origin() == null) {
            return Optional.empty();
        }
        List<HydraGroup> groups = new ArrayList<>(composed.groups());
        groups.sort((a, b) -> b.name().length() - a.name().length());
        int tried = 0;
        for (HydraGroup group : groups) {
            if (isHydrasOwn(group.name()) || !key.startsWith(group.name().replace('/', '.') + ".")) {
                continue;
            }
            for (String option : group.options()) {
                if (option.equals(group.defaultOption())) {
                    continue;
                }
                if (++tried > MAX_OPTIONS_TRIED_FOR_A_HINT) {
                    return Optional.empty();
                }
                GroupChoice choice = new GroupChoice(GroupChoice.Kind.CHOOSE, group.name(), option, null,
                        HydraSyntax.quoteIfNeeded(option), HydraConfig.Origin.nextId());
                try {
                    if (composed.compose(List.of(choice)).config().find(key).isPresent()) {
                        return Optional.of((group.inDefaultsList() ? "" : "+") + group.name() + "=" + HydraSyntax.quoteIfNeeded(option));
                    }
                } catch (HydraConfigException e) {
                    // that option does not compose here: try the next
                }
            }
        }
        return Optional.empty();
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
