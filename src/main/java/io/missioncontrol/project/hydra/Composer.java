package io.missioncontrol.project.hydra;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Composes a primary config the way Hydra 1.1+ does without command-line overrides: builds the
 * defaults tree (group choices, nested defaults lists relative to their group, {@code override}
 * entries, {@code optional}, {@code null} and {@code ???} choices, {@code @package} retargets and
 * {@code # @package} headers), then merges every config at its package in defaults-list order, a
 * config's own values at its {@code _self_} (last when {@code _self_} is absent).
 *
 * <p>Follows {@code hydra/_internal/defaults_list.py}: a defaults list is walked last entry first,
 * so an {@code override} registered deeper or later wins over earlier ones, and the first
 * registration of a key wins.
 */
final class Composer {

    private static final int MAX_DEPTH = 8;
    private static final int MAX_DIRS = 2_000;
    private static final Set<String> SKIPPED_DIRS = Set.of(
            "__pycache__", "node_modules", "outputs", "multirun", "wandb", "mlruns", "lightning_logs", "venv", "env");

    private final Path projectRoot;
    private final Path configDir;
    private final String configDirDisplay;
    private final Map<String, Optional<ConfigFile>> cache = new HashMap<>();
    private final Map<String, OverrideChoice> overrides = new LinkedHashMap<>();
    private final Map<String, String> knownChoices = new LinkedHashMap<>();

    private record OverrideChoice(DefaultsEntry entry, String file, boolean[] used) {
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

    Composer(Path projectRoot, Path configDir) {
        this.projectRoot = projectRoot;
        this.configDir = configDir;
        this.configDirDisplay = display(projectRoot.relativize(configDir));
    }

    /** Composes the primary config {@code configName} (relative to the config folder, without {@code .yaml}). */
    HydraConfig compose(String configName) {
        DefaultsEntry primaryEntry = new DefaultsEntry(DefaultsEntry.Kind.CONFIG, configName, null, null, null, false, false, 0);
        Node root = new Node(primaryEntry, null, true);
        if (load(configName).isEmpty()) {
            throw new HydraConfigException(fileFor(configName), 0, "primary config not found");
        }
        expand(root, 0);
        checkOverridesUsed();

        Map<String, Object> values = new LinkedHashMap<>();
        emit(root, values);
        values.remove("hydra");
        return new HydraConfig(configDirDisplay, configName, groups(), freeze(values));
    }

    // ---------------------------------------------------------------- the defaults tree

    private void expand(Node node, int depth) {
        if (depth > 50) {
            throw new HydraConfigException(node.file, node.entry.line(), "defaults lists nest too deep (a cycle?)");
        }
        boolean hasName = node.name() != null && !node.name().equals("???") && !node.name().contains("${");
        if (hasName) {
            load(node.configPath()).ifPresent(f -> node.setPackageHeader(f.packageHeader()));
        }
        if (node.group()) {
            rememberChoice(node);
        }
        if (!hasName) {
            return; // null choice, mandatory choice (???) or an interpolated choice: nothing to load
        }
        Optional<ConfigFile> loaded = load(node.configPath());
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
        if (!defaults.isEmpty()) {
            addSelfIfMissing(defaults, file);
        }
        checkOverridesLast(defaults, file);

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
            if (d.override()) {
                overrides.putIfAbsent(child.overrideKey(), new OverrideChoice(d, file, new boolean[1]));
                continue;
            }
            if (child.group()) {
                OverrideChoice o = overrides.get(child.overrideKey());
                if (o != null) {
                    child.option = o.entry().option();
                    child.optionList = o.entry().optionList();
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
        if (knownChoices.containsKey(key) && !Objects.equals(knownChoices.get(key), choice)) {
            throw new HydraConfigException(node.file, node.entry.line(), "multiple values for " + key
                    + " (" + knownChoices.get(key) + " and " + choice + "); to change a choice use 'override "
                    + key + ": " + choice + "'");
        }
        knownChoices.put(key, choice);
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
        if (!hasSelf && hasNonOverride) {
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
            DefaultsEntry d = e.getValue().entry();
            throw new HydraConfigException(e.getValue().file(), d.line(), "'override " + d.name() + ": " + d.option()
                    + "' has no earlier entry for group '" + key + "' to override");
        }
    }

    private String notFoundMessage(Node node) {
        String expected = fileFor(node.configPath());
        if (!node.group()) {
            return "config '" + node.configPath() + "' not found (expected " + expected + ")";
        }
        List<String> options = options(node.groupPath());
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

    // ---------------------------------------------------------------- files and groups

    private Optional<ConfigFile> load(String configPath) {
        return cache.computeIfAbsent(configPath, p -> {
            Path file = configDir.resolve(p + ".yaml").normalize();
            if (!file.startsWith(configDir) || !Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try {
                if (!file.toRealPath().startsWith(projectRoot)) {
                    throw new HydraConfigException(fileFor(p), 0, "links to a file outside the project");
                }
            } catch (IOException e) {
                return Optional.empty();
            }
            return Optional.of(YamlReader.read(file, fileFor(p)));
        });
    }

    private String fileFor(String configPath) {
        return configDirDisplay.isEmpty() ? configPath + ".yaml" : configDirDisplay + "/" + configPath + ".yaml";
    }

    private List<String> options(String groupPath) {
        Path dir = configDir.resolve(groupPath).normalize();
        if (!dir.startsWith(configDir) || !Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> options = new ArrayList<>();
        try (var files = Files.list(dir)) {
            files.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".yaml"))
                    .map(f -> f.getFileName().toString())
                    .map(n -> n.substring(0, n.length() - ".yaml".length()))
                    .filter(n -> !n.isEmpty())
                    .sorted()
                    .forEach(options::add);
        } catch (IOException e) {
            return List.of();
        }
        return options;
    }

    private List<HydraGroup> groups() {
        Map<String, List<String>> byGroup = new TreeMap<>();
        for (String group : groupFolders()) {
            List<String> options = options(group);
            if (!options.isEmpty()) {
                byGroup.put(group, options);
            }
        }
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

    /** Sub-folders of the config folder (not following links, skipping hidden and output folders), as group paths. */
    private List<String> groupFolders() {
        List<String> groups = new ArrayList<>();
        try {
            Files.walkFileTree(configDir, Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(configDir)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String name = dir.getFileName().toString();
                    if (name.startsWith(".") || SKIPPED_DIRS.contains(name) || groups.size() >= MAX_DIRS) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    groups.add(display(configDir.relativize(dir)));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return groups;
        }
        return groups;
    }

    static String display(Path relative) {
        return relative.toString().replace('\\', '/');
    }
}
