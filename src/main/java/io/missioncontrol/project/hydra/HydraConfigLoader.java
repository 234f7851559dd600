package io.missioncontrol.project.hydra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds and composes the primary Hydra config of a project folder.
 *
 * <p>Where: the {@code config_path}/{@code config_name} given by the caller (from the project's
 * {@code .mlops-config.yaml}, {@code config_path} relative to the project root), or else the
 * common layouts {@link #COMMON_LAYOUTS}, first found wins.
 */
public final class HydraConfigLoader {

    /** Where a primary config is looked for when the project does not say, in this order. */
    public static final List<String> COMMON_LAYOUTS = List.of(
            "configs/train.yaml", "configs/config.yaml", "conf/config.yaml", "config/config.yaml", "conf/train.yaml");

    private static final List<String> COMMON_DIRS = List.of("configs", "conf", "config");
    private static final List<String> COMMON_NAMES = List.of("train", "config");

    private HydraConfigLoader() {
    }

    /** Loads the config found in the common layouts. */
    public static HydraLoadResult load(Path projectRoot) {
        return load(projectRoot, null, null);
    }

    /**
     * Loads a project's primary config.
     *
     * @param projectRoot the project's folder (a checkout)
     * @param configPath the config folder relative to the project root ({@code configs}), or
     *     {@code null}/blank to try {@code configs}, {@code conf}, {@code config}
     * @param configName the primary config's name, with or without {@code .yaml}, or
     *     {@code null}/blank to try {@code train} and {@code config}
     * @return {@link HydraLoadResult.Loaded}, {@link HydraLoadResult.NotFound} (with the files
     *     looked at) or {@link HydraLoadResult.Invalid} (broken YAML, bad defaults list, a path
     *     outside the project), never an exception for those
     */
    public static HydraLoadResult load(Path projectRoot, String configPath, String configName) {
        try {
            return doLoad(projectRoot, blankToNull(configPath), blankToNull(configName));
        } catch (HydraConfigException e) {
            return new HydraLoadResult.Invalid(e);
        }
    }

    /**
     * Loads a project's primary config and composes it with other group choices, as Hydra does for
     * {@code python train.py model=mlp ...}: see {@link HydraConfig#withChoices}.
     *
     * @param groupChoices group → option ({@code model → mlp}, {@code model/optimizer → sgd});
     *     empty for the defaults
     * @return as {@link #load(Path, String, String)}, and {@link HydraLoadResult.Invalid} when a
     *     group or option does not exist, with the messages validation gives
     */
    public static HydraLoadResult load(Path projectRoot, String configPath, String configName, Map<String, String> groupChoices) {
        HydraLoadResult loaded = load(projectRoot, configPath, configName);
        if (loaded instanceof HydraLoadResult.Loaded l && groupChoices != null && !groupChoices.isEmpty()) {
            return l.config().withChoices(groupChoices);
        }
        return loaded;
    }

    private static HydraLoadResult doLoad(Path projectRoot, String configPath, String configName) {
        Path root;
        try {
            root = projectRoot.toRealPath();
        } catch (IOException e) {
            throw new HydraConfigException(null, 0, "project folder " + projectRoot + " cannot be read");
        }
        if (!Files.isDirectory(root)) {
            throw new HydraConfigException(null, 0, "project folder " + projectRoot + " is not a folder");
        }
        String name = configName == null ? null : stripYaml(configName.strip());
        String dir = configPath == null ? null : normalizeDir(configPath);
        if (name != null) {
            checkRelative(name, "config_name");
        }

        List<String[]> candidates = new ArrayList<>(); // {dir, name}
        if (dir != null && name != null) {
            candidates.add(new String[] {dir, name});
        } else if (dir != null) {
            COMMON_NAMES.forEach(n -> candidates.add(new String[] {dir, n}));
        } else if (name != null) {
            COMMON_DIRS.forEach(d -> candidates.add(new String[] {d, name}));
        } else {
            for (String layout : COMMON_LAYOUTS) {
                int slash = layout.lastIndexOf('/');
                candidates.add(new String[] {layout.substring(0, slash), stripYaml(layout.substring(slash + 1))});
            }
        }

        List<String> lookedAt = new ArrayList<>();
        for (String[] candidate : candidates) {
            String display = (candidate[0].isEmpty() ? "" : candidate[0] + "/") + candidate[1] + ".yaml";
            lookedAt.add(display);
            Path configDir = resolveInside(root, candidate[0], "config_path");
            Path file = resolveInside(configDir, candidate[1] + ".yaml", "config_name");
            if (!Files.isRegularFile(file)) {
                continue;
            }
            Path realDir;
            try {
                realDir = configDir.toRealPath();
            } catch (IOException e) {
                continue;
            }
            if (!realDir.startsWith(root)) {
                throw new HydraConfigException(display, 0, "config folder links outside the project");
            }
            return new HydraLoadResult.Loaded(Composer.compose(new ConfigFolder(root, realDir), candidate[1]));
        }
        return new HydraLoadResult.NotFound(lookedAt);
    }

    private static Path resolveInside(Path base, String relative, String what) {
        try {
            Path resolved = base.resolve(relative).normalize();
            if (!resolved.startsWith(base)) {
                throw new HydraConfigException(null, 0, what + " '" + relative + "' must stay inside the project");
            }
            return resolved;
        } catch (InvalidPathException e) {
            throw new HydraConfigException(null, 0, what + " '" + relative + "' is not a valid path");
        }
    }

    private static String normalizeDir(String configPath) {
        String p = configPath.strip().replace('\\', '/');
        checkRelative(p, "config_path");
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.equals(".") ? "" : p;
    }

    private static void checkRelative(String p, String what) {
        HydraSyntax.controlCharacterProblem(p).ifPresent(problem -> {
            throw new HydraConfigException(null, 0, what + " " + problem);
        });
        if (p.startsWith("/") || p.matches("^[A-Za-z]:.*") || List.of(p.split("[/\\\\]")).contains("..")) {
            throw new HydraConfigException(null, 0, what + " '" + p + "' must be a relative path inside the project");
        }
    }

    private static String stripYaml(String name) {
        return name.endsWith(".yaml") ? name.substring(0, name.length() - ".yaml".length()) : name;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
