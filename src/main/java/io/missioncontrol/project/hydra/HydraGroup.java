package io.missioncontrol.project.hydra;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * A config group: a folder of option files ({@code configs/model/*.yaml}), nested groups as
 * sub-folders ({@code model/optimizer}). JSON: {@code {"name": "model", "options": ["cnn", "mlp"], "default": "cnn"}}.
 *
 * @param name the group path, {@code /} between levels ({@code model/optimizer})
 * @param options the option names (file names without {@code .yaml}), sorted
 * @param defaultOption the option the defaults list chooses; {@code null} when the group is not in
 *     the defaults list or its choice is {@code null}; {@code ???} when the user must choose
 * @param inDefaultsList whether the group is in the composed defaults list (even with a
 *     {@code null} choice): then {@code group=option} changes it, else {@code +group=option} adds it.
 *     Not part of the JSON.
 */
@JsonPropertyOrder({"name", "options", "default"})
public record HydraGroup(
        String name,
        List<String> options,
        @JsonProperty("default") String defaultOption,
        @JsonIgnore boolean inDefaultsList) {

    public HydraGroup {
        Objects.requireNonNull(name, "name");
        options = options == null ? List.of() : options.stream().sorted().toList();
    }

    /** A group that is in the defaults list exactly when it has a default option. */
    public HydraGroup(String name, List<String> options, String defaultOption) {
        this(name, options, defaultOption, defaultOption != null);
    }

    /** True when {@code option} is one of this group's options. */
    public boolean hasOption(String option) {
        return options.contains(option);
    }
}
