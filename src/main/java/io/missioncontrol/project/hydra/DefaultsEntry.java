package io.missioncontrol.project.hydra;

import java.util.List;
import java.util.Objects;

/**
 * One entry of a config's Hydra defaults list, as written in the file.
 *
 * <ul>
 *   <li>{@code - _self_} → {@link Kind#SELF}</li>
 *   <li>{@code - model: cnn}, {@code - optional db: mysql}, {@code - override model: mlp},
 *       {@code - model/optimizer: adam}, {@code - model: null}, {@code - model@backbone: cnn},
 *       {@code - db: [mysql, sqlite]} → {@link Kind#GROUP}</li>
 *   <li>{@code - base}, {@code - db/mysql@prod} (a config file of its own, no group choice) →
 *       {@link Kind#CONFIG}</li>
 * </ul>
 *
 * @param kind what the entry is
 * @param name the group path for {@link Kind#GROUP} ({@code model/optimizer}; a leading
 *     {@code /} makes it absolute), the config path for {@link Kind#CONFIG} ({@code base}),
 *     {@code _self_} for {@link Kind#SELF}
 * @param option the chosen option of a group, or {@code null} for a {@code null} choice or when the
 *     entry lists several options; {@code ???} when the choice is mandatory; always {@code null} for
 *     other kinds
 * @param optionList the options when the entry lists several ({@code db: [a, b]}), else {@code null}
 * @param packageName the package retarget after {@code @} ({@code model@backbone: cnn} →
 *     {@code backbone}; {@code _here_} becomes the empty string), or {@code null} if none
 * @param optional the {@code optional} keyword: a missing option file is not an error
 * @param override the {@code override} keyword: changes the choice of a group listed elsewhere
 * @param line 1-based line of the entry in its file (0 when unknown)
 */
public record DefaultsEntry(
        Kind kind,
        String name,
        String option,
        List<String> optionList,
        String packageName,
        boolean optional,
        boolean override,
        int line) {

    /** What a defaults-list entry is. */
    public enum Kind {
        /** {@code _self_}: where the config's own values are merged. */
        SELF,
        /** {@code group: option}: a choice from a config group. */
        GROUP,
        /** a plain string: another config file merged as a whole. */
        CONFIG
    }

    public static final String SELF_NAME = "_self_";

    public DefaultsEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        optionList = optionList == null ? null : List.copyOf(optionList);
    }

    static DefaultsEntry self(int line) {
        return new DefaultsEntry(Kind.SELF, SELF_NAME, null, null, null, false, false, line);
    }

    /** True for a group entry whose choice is {@code null} (the group is listed but loads nothing). */
    public boolean nullChoice() {
        return kind == Kind.GROUP && option == null && optionList == null;
    }

    /** True for a group entry whose choice is {@code ???}: the user must choose. */
    public boolean missingChoice() {
        return kind == Kind.GROUP && "???".equals(option);
    }
}
