package io.missioncontrol.project.ui;

import com.vaadin.flow.data.provider.hierarchy.TreeData;
import io.missioncontrol.project.hydra.HydraConfig;
import io.missioncontrol.project.hydra.HydraGroup;
import io.missioncontrol.project.hydra.ValueInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The rows of the Hydra trees on the project page: config groups with their options, and composed values. */
final class HydraTrees {

    private HydraTrees() {
    }

    /**
     * A row of the groups tree: a group (children: nested groups, then its options) or one option.
     *
     * @param id       unique in the tree ({@code model/optimizer}, {@code model/optimizer:adam})
     * @param label    what the first column shows ({@code optimizer}, {@code adam})
     * @param group    the group path the row belongs to
     * @param option   the option, or null for a group row
     * @param defaultText for a group: its default in words; for an option: "default" when it is the group's default
     * @param optionsText for a group: how many options it has
     */
    record GroupRow(String id, String label, String group, String option, String defaultText, String optionsText) {
        boolean isGroup() {
            return option == null;
        }
    }

    /**
     * A row of the values tree.
     *
     * @param path  the dotted key ({@code model.optimizer.lr}), unique in the tree
     * @param key   the last part of the key
     * @param value the value as Hydra's override syntax writes it; empty for a mapping
     * @param type  the YAML type in words ({@code int}, {@code float}, {@code string}, {@code map}, …)
     */
    record ValueRow(String path, String key, String value, String type) {
    }

    static TreeData<GroupRow> groups(HydraConfig config) {
        TreeData<GroupRow> tree = new TreeData<>();
        Map<String, GroupRow> byName = new HashMap<>();
        // groups are sorted by name, so a parent group comes before its nested groups
        for (HydraGroup group : config.groups()) {
            String parentName = group.name().contains("/") ? group.name().substring(0, group.name().lastIndexOf('/')) : null;
            GroupRow parent = parentName == null ? null : byName.get(parentName);
            String label = parent == null ? group.name() : group.name().substring(parentName.length() + 1);
            GroupRow row = new GroupRow(group.name(), label, group.name(), null, defaultText(group),
                    group.options().size() == 1 ? "1 option" : group.options().size() + " options");
            tree.addItem(parent, row);
            byName.put(group.name(), row);
        }
        for (HydraGroup group : config.groups()) {
            GroupRow parent = byName.get(group.name());
            for (String option : group.options()) {
                tree.addItem(parent, new GroupRow(group.name() + ":" + option, option, group.name(), option,
                        option.equals(group.defaultOption()) ? "default" : "", ""));
            }
        }
        return tree;
    }

    static String defaultText(HydraGroup group) {
        if (!group.inDefaultsList()) {
            return "— (not in the defaults list; add with +" + group.name() + "=…)";
        }
        if (group.defaultOption() == null) {
            return "null (nothing loaded unless chosen)";
        }
        if ("???".equals(group.defaultOption())) {
            return "??? (must be chosen when launching)";
        }
        return group.defaultOption();
    }

    static TreeData<ValueRow> values(HydraConfig config) {
        TreeData<ValueRow> tree = new TreeData<>();
        addValues(tree, null, "", config.values());
        return tree;
    }

    private static void addValues(TreeData<ValueRow> tree, ValueRow parent, String prefix, Map<?, ?> map) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            Object value = entry.getValue();
            ValueInfo info = ValueInfo.of(value);
            if (value instanceof Map<?, ?> child && !child.isEmpty()) {
                ValueRow row = new ValueRow(path, key, "", "map");
                tree.addItem(parent, row);
                addValues(tree, row, path, child);
            } else {
                tree.addItem(parent, new ValueRow(path, key, info.text(), typeText(info)));
            }
        }
    }

    static String typeText(ValueInfo info) {
        if (info.missing()) {
            return "missing (???)";
        }
        String type = info.type().name().toLowerCase(Locale.ROOT);
        if (info.interpolation()) {
            return "interpolation";
        }
        if (info.value() instanceof List<?> list) {
            return "list (" + list.size() + ")";
        }
        return type;
    }
}
