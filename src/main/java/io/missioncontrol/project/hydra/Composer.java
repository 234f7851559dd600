package io.missioncontrol.project.hydra;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Composes a primary config the way Hydra 1.1+ does, with the config-group overrides of a command
 * line ({@link GroupChoice}s) but before any value override: builds the defaults tree (group
 * choices, nested defaults lists relative to their group, {@code override} entries,
 * {@code optional}, {@code null} and {@code ???} choices, {@code @package} retargets and
 * {@code # @package} headers), then merges every config at its package in defaults-list order, a
 * config's own values at its {@code _self_} (last when {@code _self_} is absent).
 *
 * <p>Follows {@code hydra/_internal/defaults_list.py}: a defaults list is walked last entry first,
 * so an {@code override} registered deeper or later wins over earlier ones, and the first
 * registration of a key wins. Command-line choices are registered before any config file is read,
 * so they win over the {@code override} entries of the files (an experiment's
 * {@code override /model: resnet} does not undo {@code model=mlp}); {@code +group=option} entries
 * are appended to the primary config's defaults list, after its {@code _self_}; {@code ~group}
 * removes an entry and its subtree.
 */
final class Composer {

    private final ConfigFolder folder;
    private final Set<Integer> softSets;
    private final Map<String, OverrideChoice> overrides = new LinkedHashMap<>();
    private final Map<String, Deletion> deletions = new LinkedHashMap<>();
    private final List<GroupChoice> appends = new ArrayList<>();
    private final Map<String, String> knownChoices = new LinkedHashMap<>();
    private final Map<String, Node> knownNodes = new HashMap<>();
    private final List<GroupChoice> unmatched = new ArrayList<>();

    /** An {@code override} entry of a config file ({@code entry} set) or a command-line choice ({@code external} set). */
    private record OverrideChoice(DefaultsEntry entry, String file, GroupChoice external, boolean[] used) {

        String option() {
            return external != null ? external.option() : entry.option();
        }

        List<String> optionList() {
            return external != null ? external.optionList() : entry.optionList();
        }
    }

    private record Deletion(GroupChoice choice, boolean[] used) {
    }

    /** Why a command-line group choice does not fit the defaults tree. */
    enum Mismatch {
        /** {@code group=option}, but no entry of the defaults tree has that group. */
        NOT_LISTED,
        /** {@code +group=option}, but an entry of the defaults tree already has that group. */
        ALREADY_LISTED,
        /** {@code ~group} or {@code ~group=option}, but no entry matches. */
        NOT_DELETABLE
    }

    /** A command-line group choice that does not fit the defaults tree; the message says what to write instead. */
    static final class ChoiceMismatch extends HydraConfigException {

        private final transient GroupChoice choice;
        private final Mismatch mismatch;

        ChoiceMismatch(GroupChoice choice, Mismatch mismatch, String problem) {
            super(null, 0, problem);
            this.choice = choice;
            this.mismatch = mismatch;
        }

        GroupChoice choice() {
            return choice;
        }

        Mismatch mismatch() {
            return mismatch;
        }
    }

    /**
     * A composed config and how its {@link GroupChoice.Kind#CHOOSE} choices were applied.
     *
     * @param appended the CHOOSE choices that had no entry in the defaults tree and were appended
     *     (those with a {@code null} option were then left out)
     */
    record Composition(HydraConfig config, Set<GroupChoice> appended) {
    }

    private static final Object SELF = new Object();

    /** A node of the defaults tree: the primary config, a group choice or a plain config. */
    private final class Node {
        final DefaultsEntry entry;
        final String file; // the file whose defaults list holds the entry
        final boolean primary;
        final String path; // CONFIG / primary: the config path as written
        String option; // GROUP: the choice, possibly overridden
        List<String> optionList;
        String parentBaseDir = "";
        String parentPackage = "";
        String packageHeader;
        ConfigFile loaded;
        boolean deleted;
        GroupChoice external; // set for an entry appended by +group=option
        final List<Object> children = new ArrayList<>();

        Node(DefaultsEntry entry, String file, boolean primary) {
            this.entry = entry;
            this.file = file;
            this.primary = primary;
            this.path = entry.kind() == DefaultsEntry.Kind.GROUP ? null : entry.name();
            this.option = entry.option();
            this.optionList = entry.optionList();
        }

        boolean group() {
            return entry.kind() == DefaultsEntry.Kind.GROUP;
        }

        String groupPath() {
            if (group()) {
                String g = entry.name();
                boolean absolute = g.startsWith("/");
                g = absolute ? g.substring(1) : g;
                return parentBaseDir.isEmpty() || absolute ? g : parentBaseDir + "/" + g;
            }
            boolean absolute = path.startsWith("/");
            String p = absolute ? path.substring(1) : path;
            int slash = p.lastIndexOf('/');
            String g = slash < 0 ? "" : p.substring(0, slash);
            if (absolute || parentBaseDir.isEmpty()) {
                return g;
            }
            return g.isEmpty() ? parentBaseDir : parentBaseDir + "/" + g;
        }

        String name() {
            if (group()) {
                return option;
            }
            int slash = path.lastIndexOf('/');
            return slash < 0 ? path : path.substring(slash + 1);
        }

        String configPath() {
            if (group()) {
                return groupPath() + "/" + option;
            }
            boolean absolute = path.startsWith("/");
            String p = absolute ? path.substring(1) : path;
            return absolute || parentBaseDir.isEmpty() ? p : parentBaseDir + "/" + p;
        }

        String relativeGroupPath() {
            if (group()) {
                String g = entry.name();
                return g.startsWith("/") ? g.substring(1) : g;
            }
            String p = path.startsWith("/") ? path.substring(1) : path;
            int slash = p.lastIndexOf('/');
            return slash < 0 ? "" : p.substring(0, slash);
        }

        String finalPackage(boolean useHeader) {
            String pkg = entry.packageName();
            if (pkg == null && useHeader) {
                pkg = packageHeader;
            }
            if (pkg == null) {
                pkg = relativeGroupPath().replace('/', '.');
            }
            String ret;
            if (parentPackage.isEmpty()) {
                ret = pkg;
            } else {
                ret = pkg.isEmpty() ? parentPackage : parentPackage + "." + pkg;
            }
            int global = ret.lastIndexOf("_global_");
            return global < 0 ? ret : ret.substring(Math.min(ret.length(), global + "_global_".length() + 1));
        }

        String overrideKey() {
            String defaultPackage = groupPath().replace('/', '.');
            String finalPackage = finalPackage(false);
            String key = groupPath();
            if (!defaultPackage.equals(finalPackage)) {
                key += "@" + (finalPackage.isEmpty() ? "_global_" : finalPackage);
            }
            return key;
        }

        void setPackageHeader(String header) {
            if (header == null) {
                return;
            }
            if (!header.equals("_global_") && !header.startsWith("_global_.")) {
                header = header.isEmpty() ? "_global_" : "_global_." + header;
            }
            packageHeader = header;
        }
    }

    private Composer(ConfigFolder folder, List<GroupChoice> choices, Set<Integer> softSets) {
        this.folder = folder;
        this.softSets = softSets;
        for (GroupChoice choice : choices) {
            switch (choice.kind()) {
                case SET -> overrides.put(choice.key(), new OverrideChoice(null, null, choice, new boolean[1]));
                case APPEND -> appends.add(choice);
                case DELETE -> deletions.put(choice.key(), new Deletion(choice, new boolean[1]));
                case CHOOSE -> throw new IllegalArgumentException("CHOOSE is resolved before a composition");
            }
        }
    }

    /** Composes the primary config {@code configName} (relative to the config folder, without {@code .yaml}) as it is. */
    static HydraConfig compose(ConfigFolder folder, String configName) {
        return compose(folder, configName, List.of()).config();
    }

    /**
     * Composes the primary config {@code configName} with command-line group choices, in order (a
     * later choice for the same key replaces an earlier one).
     *
     * @throws ChoiceMismatch when a SET, APPEND or DELETE choice does not fit the defaults tree
     * @throws HydraConfigException when the config cannot be composed (a file is broken or missing, ...)
     */
    static Composition compose(ConfigFolder folder, String configName, List<GroupChoice> choices) {
        Map<String, GroupChoice> byKey = new LinkedHashMap<>();
        for (GroupChoice choice : choices) {
            byKey.remove(choice.key());
            byKey.put(choice.key(), choice);
        }
        List<GroupChoice> given = List.copyOf(byKey.values());
        // A CHOOSE is first tried as SET; one without an entry is appended instead; an appended one
        // that then meets an entry (brought in by another appended config) goes back to SET.
        Set<Integer> appendedIds = new HashSet<>();
        for (int attempt = 0; ; attempt++) {
            List<GroupChoice> resolved = new ArrayList<>();
            Set<Integer> soft = new HashSet<>();
            Set<GroupChoice> appended = new HashSet<>();
            for (GroupChoice choice : given) {
                if (choice.kind() != GroupChoice.Kind.CHOOSE) {
                    resolved.add(choice);
                } else if (!appendedIds.contains(choice.id())) {
                    resolved.add(choice.as(GroupChoice.Kind.SET));
                    soft.add(choice.id());
                } else {
                    appended.add(choice);
                    if (choice.option() != null || choice.optionList() != null) {
                        resolved.add(choice.as(GroupChoice.Kind.APPEND));
                    }
                }
            }
            Composer composer = new Composer(folder, resolved, soft);
            try {
                HydraConfig config = composer.run(configName, new HydraConfig.Origin(folder, given));
                if (composer.unmatched.isEmpty() || attempt > given.size()) {
                    if (!composer.unmatched.isEmpty()) {
                        GroupChoice first = composer.unmatched.getFirst();
                        throw notListed(first);
                    }
                    return new Composition(config, Set.copyOf(appended));
                }
                composer.unmatched.forEach(c -> appendedIds.add(c.id()));
            } catch (ChoiceMismatch m) {
                if (m.mismatch() != Mismatch.ALREADY_LISTED || !appendedIds.contains(m.choice().id()) || attempt > given.size()) {
                    throw m;
                }
                appendedIds.remove(m.choice().id());
            }
        }
    }

    private HydraConfig run(String configName, HydraConfig.Origin origin) {
        DefaultsEntry primaryEntry = new DefaultsEntry(DefaultsEntry.Kind.CONFIG, configName, null, null, null, false, false, 0);
        Node root = new Node(primaryEntry, null, true);
        if (folder.load(configName).isEmpty()) {
            throw new HydraConfigException(folder.fileFor(configName), 0, "primary config not found");
        }
        expand(root, 0);
        checkOverridesUsed();
        checkDeletionsUsed();

        Map<String, Object> values = new LinkedHashMap<>();
        emit(root, values);
        values.remove("hydra");
        return new HydraConfig(folder.display(), configName, groups(), freeze(values), origin);
    }

    // ---------------------------------------------------------------- the defaults tree

    private void expand(Node node, int depth) {
        if (depth > 50) {
            throw new HydraConfigException(node.file, node.entry.line(), "defaults lists nest too deep (a cycle?)");
        }
        boolean hasName = node.name() != null && !node.name().equals("???") && !node.name().contains("${");
        if (hasName) {
            folder.load(node.configPath()).ifPresent(f -> node.setPackageHeader(f.packageHeader()));
        }
        if (node.group()) {
            Deletion deletion = deletions.get(node.overrideKey());
            if (deletion != null && (deletion.choice().option() == null || deletion.choice().option().equals(node.option))) {
                deletion.used()[0] = true;
                node.deleted = true;
                return;
            }
            rememberChoice(node);
        }
        if (!hasName) {
            return; // null choice, mandatory choice (???) or an interpolated choice: nothing to load
        }
        Optional<ConfigFile> loaded = folder.load(node.configPath());
        if (loaded.isEmpty()) {
            if (node.entry.optional()) {
                node.deleted = true;
                return;
            }
            throw new HydraConfigException(node.file, node.entry.line(), notFoundMessage(node));
        }
        node.loaded = loaded.get();
        String file = node.loaded.file();

        List<DefaultsEntry> defaults = new ArrayList<>(node.loaded.defaults());
        if (!defaults.isEmpty() || (node.primary && !appends.isEmpty())) {
            addSelfIfMissing(defaults, file);
        }
        checkOverridesLast(defaults, file);
        Map<DefaultsEntry, GroupChoice> appended = new IdentityHashMap<>();
        if (node.primary) {
            for (GroupChoice append : appends) {
                DefaultsEntry entry = new DefaultsEntry(DefaultsEntry.Kind.GROUP, append.group(), append.option(),
                        append.optionList(), append.packageName(), false, false, 0);
                defaults.add(entry); // after _self_, as Hydra appends +group=option
                appended.put(entry, append);
            }
        }

        List<Object> children = new ArrayList<>();
        for (int i = defaults.size() - 1; i >= 0; i--) {
            DefaultsEntry d = defaults.get(i);
            if (d.kind() == DefaultsEntry.Kind.SELF) {
                children.add(SELF);
                continue;
            }
            Node child = new Node(d, file, false);
            child.parentBaseDir = node.groupPath();
            child.parentPackage = node.finalPackage(true);
            child.external = appended.get(d);
            if (d.override()) {
                overrides.putIfAbsent(child.overrideKey(), new OverrideChoice(d, file, null, new boolean[1]));
                continue;
            }
            if (child.group()) {
                OverrideChoice o = overrides.get(child.overrideKey());
                if (o != null) {
                    child.option = o.option();
                    child.optionList = o.optionList();
                    o.used()[0] = true;
                }
            }
            if (child.group() && child.optionList != null) {
                rememberChoice(child);
                for (int j = child.optionList.size() - 1; j >= 0; j--) {
                    DefaultsEntry item = new DefaultsEntry(DefaultsEntry.Kind.CONFIG, d.name() + "/" + child.optionList.get(j),
                            null, null, d.packageName(), d.optional(), false, d.line());
                    Node itemNode = new Node(item, file, false);
                    itemNode.parentBaseDir = child.parentBaseDir;
                    itemNode.parentPackage = child.parentPackage;
                    itemNode.external = child.external;
                    expand(itemNode, depth + 1);
                    children.add(itemNode);
                }
                continue;
            }
            expand(child, depth + 1);
            children.add(child);
        }
        Collections.reverse(children);
        node.children.addAll(children);
    }

    private void rememberChoice(Node node) {
        String key = node.overrideKey();
        String choice = node.optionList != null ? HydraSyntax.render(node.optionList) : node.option;
        Node previous = knownNodes.get(key);
        GroupChoice append = node.external != null ? node.external : previous == null ? null : previous.external;
        if (append != null && previous != null && previous != node) {
            // Hydra: "multiple values for ..." or "... appears more than once in the final defaults list"
            throw new ChoiceMismatch(append, Mismatch.ALREADY_LISTED, "group '" + append.key()
                    + "' is already in the defaults list: write " + append.key() + "=" + append.text() + " to change it");
        }
        if (knownChoices.containsKey(key) && !Objects.equals(knownChoices.get(key), choice)) {
            throw new HydraConfigException(node.file, node.entry.line(), "multiple values for " + key
                    + " (" + knownChoices.get(key) + " and " + choice + "); to change a choice use 'override "
                    + key + ": " + choice + "'");
        }
        knownChoices.put(key, choice);
        knownNodes.putIfAbsent(key, node);
    }

    private static void addSelfIfMissing(List<DefaultsEntry> defaults, String file) {
        boolean hasSelf = false;
        boolean hasNonOverride = false;
        for (DefaultsEntry d : defaults) {
            if (!d.override()) {
                hasNonOverride = true;
            }
            if (d.kind() == DefaultsEntry.Kind.SELF) {
                if (hasSelf) {
                    throw new HydraConfigException(file, d.line(), "duplicate _self_ in the defaults list");
                }
                hasSelf = true;
            }
        }
        if (!hasSelf && (hasNonOverride || defaults.isEmpty())) {
            defaults.add(DefaultsEntry.self(0)); // Hydra 1.1+: the config's own values come last
        }
    }

    private static void checkOverridesLast(List<DefaultsEntry> defaults, String file) {
        DefaultsEntry lastOverride = null;
        for (DefaultsEntry d : defaults) {
            if (d.kind() == DefaultsEntry.Kind.SELF) {
                continue;
            }
            if (d.override()) {
                lastOverride = d;
            } else if (lastOverride != null) {
                throw new HydraConfigException(file, d.line(), "'override " + lastOverride.name() + ": " + lastOverride.option()
                        + "' (line " + lastOverride.line() + ") comes before '" + d.name()
                        + "'; overrides must be at the end of the defaults list");
            }
        }
    }

    private void checkOverridesUsed() {
        for (Map.Entry<String, OverrideChoice> e : overrides.entrySet()) {
            String key = e.getKey();
            if (e.getValue().used()[0] || key.equals("hydra") || key.startsWith("hydra/")) {
                continue; // overrides of Hydra's own groups (hydra/launcher, ...) target Hydra's defaults
            }
            GroupChoice external = e.getValue().external();
            if (external != null) {
                if (!softSets.contains(external.id())) {
                    throw notListed(external);
                }
                unmatched.add(external);
                continue;
            }
            DefaultsEntry d = e.getValue().entry();
            throw new HydraConfigException(e.getValue().file(), d.line(), "'override " + d.name() + ": " + d.option()
                    + "' has no earlier entry for group '" + key + "' to override");
        }
    }

    private static ChoiceMismatch notListed(GroupChoice choice) {
        return new ChoiceMismatch(choice, Mismatch.NOT_LISTED, "group '" + choice.key()
                + "' is not in the defaults list: write +" + choice.key() + "=" + choice.text() + " to add it");
    }

    private void checkDeletionsUsed() {
        for (Deletion deletion : deletions.values()) {
            if (deletion.used()[0]) {
                continue;
            }
            GroupChoice d = deletion.choice();
            if (d.option() != null && knownChoices.containsKey(d.key())) {
                throw new ChoiceMismatch(d, Mismatch.NOT_DELETABLE, "cannot delete " + d.key() + "=" + d.text()
                        + ": the current option is " + knownChoices.get(d.key()));
            }
            throw new ChoiceMismatch(d, Mismatch.NOT_DELETABLE, knownChoices.containsKey(d.key())
                    ? "cannot delete group '" + d.key() + "': no entry of the defaults list matches"
                    : "cannot delete group '" + d.key() + "': it is not in the defaults list");
        }
    }

    private String notFoundMessage(Node node) {
        String expected = folder.fileFor(node.configPath());
        if (!node.group()) {
            return "config '" + node.configPath() + "' not found (expected " + expected + ")";
        }
        List<String> options = folder.options(node.groupPath());
        return "could not find option '" + node.option + "' of group '" + node.groupPath() + "' (expected " + expected + ")"
                + (options.isEmpty() ? "" : "; options: " + String.join(", ", options));
    }

    // ---------------------------------------------------------------- merging

    private void emit(Node node, Map<String, Object> values) {
        if (node.deleted || node.loaded == null) {
            return;
        }
        if (node.children.isEmpty()) {
            merge(values, node.loaded.content(), node.finalPackage(true));
            return;
        }
        for (Object child : node.children) {
            if (child == SELF) {
                merge(values, node.loaded.content(), node.finalPackage(true));
            } else {
                emit((Node) child, values);
            }
        }
    }

    private static void merge(Map<String, Object> values, Map<String, Object> content, String pkg) {
        Map<String, Object> placed = content;
        if (!pkg.isEmpty()) {
            String[] parts = pkg.split("\\.");
            for (int i = parts.length - 1; i >= 0; i--) {
                Map<String, Object> wrapper = new LinkedHashMap<>();
                wrapper.put(parts[i], placed);
                placed = wrapper;
            }
        }
        deepMerge(values, placed);
    }

    /** OmegaConf's merge: maps merge key by key, everything else replaces, {@code ???} never replaces a value. */
    @SuppressWarnings("unchecked")
    private static void deepMerge(Map<String, Object> dest, Map<String, Object> src) {
        for (Map.Entry<String, Object> e : src.entrySet()) {
            String key = e.getKey();
            Object srcValue = e.getValue();
            if ("???".equals(srcValue) && dest.containsKey(key)) {
                continue;
            }
            Object destValue = dest.get(key);
            if (srcValue instanceof Map<?, ?> srcMap && destValue instanceof Map<?, ?> destMap) {
                Map<String, Object> target = destMap instanceof LinkedHashMap<?, ?> ? (Map<String, Object>) destMap : new LinkedHashMap<>((Map<String, Object>) destMap);
                deepMerge(target, (Map<String, Object>) srcMap);
                dest.put(key, target);
            } else {
                dest.put(key, copy(srcValue));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Object copy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> out.put(k, copy(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(copy(v)));
            return out;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static <T> T freeze(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> out.put(k, freeze(v)));
            return (T) Collections.unmodifiableMap(out);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(freeze(v)));
            return (T) Collections.unmodifiableList(out);
        }
        return value;
    }

    // ---------------------------------------------------------------- groups

    private List<HydraGroup> groups() {
        Map<String, List<String>> byGroup = folder.groupOptions();
        Map<String, String> defaults = new LinkedHashMap<>();
        Set<String> inDefaults = new TreeSet<>();
        for (Map.Entry<String, String> e : knownChoices.entrySet()) {
            int at = e.getKey().indexOf('@');
            String group = at < 0 ? e.getKey() : e.getKey().substring(0, at);
            inDefaults.add(group);
            if (at < 0 || !defaults.containsKey(group)) {
                defaults.put(group, e.getValue());
            }
        }
        List<HydraGroup> groups = new ArrayList<>();
        byGroup.forEach((name, options) -> {
            if (!name.equals("hydra") && !name.startsWith("hydra/")) {
                groups.add(new HydraGroup(name, options, defaults.get(name), inDefaults.contains(name)));
            }
        });
        return groups;
    }
}
