package io.missioncontrol.project.hydra;

import java.util.List;
import java.util.Objects;

/**
 * A config-group override given from outside the config files, as on Hydra's command line
 * ({@code model=mlp}, {@code +experiment=quick}, {@code ~dataset}): what a composition applies to
 * the defaults tree before it merges the values.
 *
 * @param kind what the choice does
 * @param key the override key: the group path, with {@code @package} when the entry has one
 *     ({@code model}, {@code model/optimizer}, {@code model@backbone})
 * @param option the option; {@code null} for a {@code null} choice, a list, or a delete without option
 * @param optionList the options of a list choice ({@code model=[a,b]}), else {@code null}
 * @param text the value as written, for messages ({@code mlp}, {@code [a,b]}); {@code null} for a delete without option
 * @param id tells apart the choices of one composition, so a problem can be traced to its override
 */
record GroupChoice(Kind kind, String key, String option, List<String> optionList, String text, int id) {

    /** What a group choice does to the defaults tree. */
    enum Kind {
        /** {@code group=option}: change the choice of an entry of the defaults tree; there must be one. */
        SET,
        /** {@code +group=option}: add an entry to the primary config's defaults list; there must be none yet. */
        APPEND,
        /** {@code ~group}, {@code ~group=option}: remove an entry of the defaults tree. */
        DELETE,
        /** SET when the defaults tree has an entry for the group, else APPEND (what a form's select means). */
        CHOOSE
    }

    GroupChoice {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        optionList = optionList == null ? null : List.copyOf(optionList);
    }

    /** The group path, without {@code @package}. */
    String group() {
        int at = key.indexOf('@');
        return at < 0 ? key : key.substring(0, at);
    }

    /** The {@code @package} part of the key, or {@code null}. */
    String packageName() {
        int at = key.indexOf('@');
        return at < 0 ? null : key.substring(at + 1);
    }

    /** The same choice as another kind. */
    GroupChoice as(Kind other) {
        return new GroupChoice(other, key, option, optionList, text, id);
    }
}
