package io.missioncontrol.project.hydra;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A project's Hydra config folder as compositions read it: each config file parsed once, on first
 * use, and the group folders listed once. Shared by every composition of one loaded config, so
 * composing again with other group choices reads only the files not read yet. Thread-safe.
 */
final class ConfigFolder {

    private static final int MAX_DEPTH = 8;
    private static final int MAX_DIRS = 2_000;
    private static final Set<String> SKIPPED_DIRS = Set.of(
            "__pycache__", "node_modules", "outputs", "multirun", "wandb", "mlruns", "lightning_logs", "venv", "env");

    private final Path projectRoot;
    private final Path configDir;
    private final String display;
    private final Map<String, Optional<ConfigFile>> files = new ConcurrentHashMap<>();
    private volatile Map<String, List<String>> groupOptions;

    /**
     * @param projectRoot the project folder, a real path
     * @param configDir the config folder inside it, a real path
     */
    ConfigFolder(Path projectRoot, Path configDir) {
        this.projectRoot = projectRoot;
        this.configDir = configDir;
        this.display = display(projectRoot.relativize(configDir));
    }

    /** The config folder relative to the project root ({@code configs}; {@code ""} for the root itself). */
    String display() {
        return display;
    }

    /** The config at {@code configPath} (relative to the config folder, without {@code .yaml}), or empty if there is none. */
    Optional<ConfigFile> load(String configPath) {
        return files.computeIfAbsent(configPath, p -> {
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

    /** The file of a config path, for messages: relative to the project root. */
    String fileFor(String configPath) {
        return display.isEmpty() ? configPath + ".yaml" : display + "/" + configPath + ".yaml";
    }

    /** The options of a group folder (file names without {@code .yaml}), sorted; empty when it is no folder. */
    List<String> options(String groupPath) {
        List<String> known = groupOptions().get(groupPath);
        return known != null ? known : listOptions(groupPath);
    }

    /** Every group folder holding at least one option → its options, sorted by group path. */
    Map<String, List<String>> groupOptions() {
        Map<String, List<String>> result = groupOptions;
        if (result == null) {
            Map<String, List<String>> byGroup = new TreeMap<>();
            for (String group : groupFolders()) {
                List<String> options = listOptions(group);
                if (!options.isEmpty()) {
                    byGroup.put(group, options);
                }
            }
            result = Collections.unmodifiableMap(byGroup);
            groupOptions = result;
        }
        return result;
    }

    private List<String> listOptions(String groupPath) {
        Path dir = configDir.resolve(groupPath).normalize();
        if (!dir.startsWith(configDir) || !Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> options = new ArrayList<>();
        try (var list = Files.list(dir)) {
            list.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".yaml"))
                    .map(f -> f.getFileName().toString())
                    .map(n -> n.substring(0, n.length() - ".yaml".length()))
                    .filter(n -> !n.isEmpty())
                    .sorted()
                    .forEach(options::add);
        } catch (IOException e) {
            return List.of();
        }
        return List.copyOf(options);
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
