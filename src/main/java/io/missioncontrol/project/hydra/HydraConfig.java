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

/**
 * A project's Hydra configuration: where the primary config is, its config groups, and the values
 * Hydra composes by default (no command-line overrides). Interpolations ({@code ${...}}) and
 * {@code ???} are kept as text; the top-level {@code hydra} node (Hydra's own settings) is left out.
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
 *     {@code hydra/...} groups are left out
 * @param values the composed values, nested maps in insertion order
 */
@JsonPropertyOrder({"config_path", "config_name", "groups", "values"})
public record HydraConfig(String configPath, String configName, List<HydraGroup> groups, Map<String, Object> values) {

    public HydraConfig {
        Objects.requireNonNull(configPath, "configPath");
        Objects.requireNonNull(configName, "configName");
        groups = groups == null ? List.of() : groups.stream()
                .sorted((a, b) -> a.name().compareTo(b.name())).toList();
        values = values == null ? Map.of() : values;
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
