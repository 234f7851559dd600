package io.missioncontrol.project.hydra;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A project's Hydra configuration: where the primary config is, its config groups, and the values
 * Hydra composes by default (no command-line overrides), or with other group choices
 * ({@link #withChoices}). Interpolations ({@code ${...}}) and {@code ???} are kept as text; the
 * top-level {@code hydra} node (Hydra's own settings) is left out.
 *
 * <p>JSON with a SNAKE_CASE naming strategy:
 * <pre>{@code
 * {"config_path": "configs", "config_name": "train",
 *  "groups": [{"name": "model", "options": ["cnn", "mlp"], "default": "cnn"}],
 *  "values": {"model": {"name": "cnn", "lr": 0.001}, "seed": 42}}
 * }</pre>
 *
 * @param configPath the config folder, relative to the project root ({@code configs}; {@code ""} for the root itself)
 * @param configName the primary config's name without {@code .yaml} ({@code train})
 * @param groups every config group folder holding at least one option ({@code <config dir>/<group>/*.yaml},
 *     nested groups as sub-folders), in the defaults list or not, sorted by name; Hydra's own
 *     {@code hydra/...} groups are left out. Their {@link HydraGroup#defaultOption()} is the option
 *     in effect: the defaults list's, or the one chosen by {@link #withChoices}.
 * @param values the composed values, nested maps in insertion order
 * @param origin what the config was composed from, to compose it again with other choices;
 *     {@code null} for a config made by hand, which cannot be. Not part of the JSON, nor of
 *     {@link #equals}.
 */
@JsonPropertyOrder({"config_path", "config_name", "groups", "values"})
public record HydraConfig(
        String configPath,
        String configName,
        List<HydraGroup> groups,
        Map<String, Object> values,
        @JsonIgnore Origin origin) {

    public HydraConfig {
        Objects.requireNonNull(configPath, "configPath");
        Objects.requireNonNull(configName, "configName");
        groups = groups == null ? List.of() : groups.stream()
                .sorted((a, b) -> a.name().compareTo(b.name())).toList();
        values = values == null ? Map.of() : values;
    }

    /** A config made by hand: it has no origin, so it cannot be composed with other choices. */
    public HydraConfig(String configPath, String configName, List<HydraGroup> groups, Map<String, Object> values) {
        this(configPath, configName, groups, values, null);
    }

    /**
     * Where a loaded config came from: its config folder (each file read once, shared by every
     * config composed from it) and the group choices it was composed with. Opaque.
     */
    public static final class Origin {

        private static final AtomicInteger IDS = new AtomicInteger();

        private final ConfigFolder folder;
        private final List<GroupChoice> choices;

        Origin(ConfigFolder folder, List<GroupChoice> choices) {
            this.folder = Objects.requireNonNull(folder, "folder");
            this.choices = List.copyOf(choices);
        }

        ConfigFolder folder() {
            return folder;
        }

        List<GroupChoice> choices() {
            return choices;
        }

        /** A fresh id for a {@link GroupChoice}. */
        static int nextId() {
            return IDS.incrementAndGet();
        }

        @Override
        public String toString() {
            return "composed with " + HydraConfig.choices(choices);
        }
    }

    /**
     * This config composed with other group choices, as Hydra composes it when the command line
     * holds {@code group=option} for each: every later choice in the defaults tree follows (a
     * nested group takes the default of the newly chosen option; an experiment's
     * {@code override} entries apply to the groups not chosen here), and the values are merged
     * anew. Choices add to those this config was composed with; a group named again is chosen anew.
     *
     * @param choices group (or {@code group@package}) → option; a blank option or {@code null}
     *     means the {@code null} choice (the group loads nothing). A group in the defaults tree is
     *     changed ({@code model=mlp}), any other is added ({@code +experiment=quick}).
     * @return {@link HydraLoadResult.Loaded} with the composed config, or
     *     {@link HydraLoadResult.Invalid} when a group or option does not exist (with the
     *     messages {@link HydraOverrides} gives, e.g. {@code option 'vit' not in model: cnn, mlp}),
     *     or the config cannot be composed with these choices (a broken option file, ...)
     */
    public HydraLoadResult withChoices(Map<String, String> choices) {
        List<String> problems = new ArrayList<>();
        List<GroupChoice> given = new ArrayList<>();
        for (Map.Entry<String, String> e : choices.entrySet()) {
            String key = e.getKey() == null ? "" : e.getKey().strip();
            String option = e.getValue() == null ? "" : HydraSyntax.stripBlanks(e.getValue());
            Optional<String> problem = HydraSyntax.keyProblem(key)
                    .or(() -> HydraSyntax.controlCharacterProblem(option).map(p -> "option of " + key + " " + p));
            if (problem.isEmpty()) {
                HydraOverride asOverride = HydraOverride.set(key, option.isEmpty() ? "null" : option);
                problem = Optional.ofNullable(HydraOverrides.choiceProblem(this, asOverride));
            }
            if (problem.isPresent()) {
                problems.add(problem.get());
                continue;
            }
            boolean none = option.isEmpty() || HydraSyntax.isNull(option);
            given.add(new GroupChoice(GroupChoice.Kind.CHOOSE, key, none ? null : option, null,
                    none ? "null" : HydraSyntax.quoteIfNeeded(option), Origin.nextId()));
        }
        if (!problems.isEmpty()) {
            return new HydraLoadResult.Invalid(new HydraConfigException(null, 0, String.join("; ", problems)));
        }
        if (given.isEmpty()) {
            return new HydraLoadResult.Loaded(this);
        }
        if (origin == null) {
            return new HydraLoadResult.Invalid(new HydraConfigException(null, 0,
                    "this Hydra config was not loaded from a project folder, so it cannot be composed with other choices"));
        }
        try {
            return new HydraLoadResult.Loaded(compose(given).config());
        } catch (HydraConfigException e) {
            return new HydraLoadResult.Invalid(e);
        }
    }

    /** This config's primary composed again with its own choices followed by {@code more}. */
    Composer.Composition compose(List<GroupChoice> more) {
        List<GroupChoice> all = new ArrayList<>(origin.choices());
        all.addAll(more);
        return Composer.compose(origin.folder(), configName, all);
    }

    /**
     * The group choices this config was composed with on top of its defaults list, as
     * {@code key → option} ({@code model → mlp}; {@code ~dataset → null} for a deletion); empty for a
     * config as loaded.
     */
    @JsonIgnore
    public Map<String, String> choices() {
        return origin == null ? Map.of() : choices(origin.choices());
    }

    private static Map<String, String> choices(List<GroupChoice> choices) {
        Map<String, String> out = new LinkedHashMap<>();
        for (GroupChoice c : choices) {
            String prefix = switch (c.kind()) {
                case APPEND -> "+";
                case DELETE -> "~";
                default -> "";
            };
            out.put(prefix + c.key(), c.text());
        }
        return Collections.unmodifiableMap(out);
    }

    /** Equal when the composed result is: same location, groups (with the options in effect) and values. */
    @Override
    public boolean equals(Object o) {
        return o instanceof HydraConfig other && configPath.equals(other.configPath) && configName.equals(other.configName)
                && groups.equals(other.groups) && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(configPath, configName, groups, values);
    }

    /** The group with this name ({@code model}, {@code model/optimizer}). */
    public Optional<HydraGroup> group(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    /** True when there is a config group with this name. */
    public boolean hasGroup(String name) {
        return group(name).isPresent();
    }

    /**
     * The value at a dotted key ({@code model.lr}; list items by index, {@code trainer.devices.0}),
     * leaf or not; empty when there is no such key. A key whose value is {@code null} is present.
     */
    public Optional<ValueInfo> find(String dottedKey) {
        if (dottedKey == null || dottedKey.isEmpty()) {
            return Optional.empty();
        }
        Object current = values;
        for (String part : dottedKey.split("\\.", -1)) {
            if (current instanceof Map<?, ?> map && map.containsKey(part)) {
                current = map.get(part);
            } else if (current instanceof List<?> list && part.matches("0|[1-9][0-9]{0,8}") && Integer.parseInt(part) < list.size()) {
                current = list.get(Integer.parseInt(part));
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(ValueInfo.of(current));
    }

    /**
     * The values flattened for typed form fields: dotted key → value and type, in config order.
     * Leaves are scalars, lists (one entry, type LIST) and empty maps (type MAP). Not in the JSON.
     */
    @JsonIgnore
    public Map<String, ValueInfo> flattened() {
        Map<String, ValueInfo> out = new LinkedHashMap<>();
        flatten("", values, out, false);
        return Collections.unmodifiableMap(out);
    }

    /** Every dotted key, leaves and the maps above them ({@code model}, {@code model.lr}), in config order. */
    @JsonIgnore
    public List<String> keys() {
        Map<String, ValueInfo> out = new LinkedHashMap<>();
        flatten("", values, out, true);
        return List.copyOf(out.keySet());
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, ValueInfo> out, boolean withMaps) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey();
            if (e.getValue() instanceof Map<?, ?> child && !child.isEmpty()) {
                if (withMaps) {
                    out.put(key, ValueInfo.of(child));
                }
                flatten(key, child, out, withMaps);
            } else {
                out.put(key, ValueInfo.of(e.getValue()));
            }
        }
    }

    /** Group names, for suggestions. */
    @JsonIgnore
    List<String> groupNames() {
        List<String> names = new ArrayList<>();
        groups.forEach(g -> names.add(g.name()));
        return names;
    }
}
