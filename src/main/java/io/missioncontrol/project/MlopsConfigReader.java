package io.missioncontrol.project;

import static io.missioncontrol.base.Printable.printable;

import io.missioncontrol.base.SafeNames;
import io.missioncontrol.cluster.slurm.SlurmRules;
import io.missioncontrol.project.MlopsConfig.HydraLocation;
import io.missioncontrol.project.MlopsConfig.PythonEnv;
import io.missioncontrol.project.MlopsConfig.Resources;
import io.missioncontrol.project.MlopsConfig.Wandb;
import io.missioncontrol.project.hydra.Suggestions;
import io.missioncontrol.project.MlopsConfigException.Problem;
import io.missioncontrol.project.MlopsConfigYaml.Entry;
import io.missioncontrol.project.MlopsConfigYaml.ListNode;
import io.missioncontrol.project.MlopsConfigYaml.MapNode;
import io.missioncontrol.project.MlopsConfigYaml.Node;
import io.missioncontrol.project.MlopsConfigYaml.NullNode;
import io.missioncontrol.project.MlopsConfigYaml.ScalarNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.regex.Pattern;

/**
 * Reads and validates a project's {@code .mlops-config.yaml} into an {@link MlopsConfig}.
 * The keys are documented in {@code docs/mlops-config.md}.
 *
 * <ul>
 *   <li>No file: {@link MlopsConfig#defaults()}.</li>
 *   <li>Unknown keys: listed in {@link MlopsConfig#warnings()} (with a "did you mean" when one is close), not fatal.</li>
 *   <li>Bad YAML, a wrong type or a bad value: {@link MlopsConfigException} listing every problem with its line.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public class MlopsConfigReader {

    /** Largest file read; anything bigger is certainly not a settings file. */
    public static final int MAX_FILE_BYTES = 256 * 1024;

    static final String ALTERNATIVE_FILE_NAME = ".mlops-config.yml";

    private static final Pattern CONDA_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._+-]{0,99}");
    private static final Pattern ABSOLUTE_PATH = Pattern.compile("/[A-Za-z0-9._+@=,/-]*");
    private static final Pattern MODULE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._+@:/-]*");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]+");
    private static final String WANDB_FORBIDDEN = "/\\#?%:";

    /** Known keys per section ("" = top level), in documentation order. */
    private static final Map<String, List<String>> KNOWN_KEYS = Map.of(
            "", List.of("python", "train_script", "setup_commands", "env", "resources", "wandb", "hydra"),
            "python", List.of("conda_env", "venv", "module_loads"),
            "resources", List.of("partition", "time_limit", "cpus_per_task", "memory", "gpus_per_node", "nodes", "gpu_type",
                    "account", "qos", "constraint"),
            "wandb", List.of("project", "entity"),
            "hydra", List.of("config_path", "config_name"));

    /**
     * Reads {@code <projectRoot>/.mlops-config.yaml}. Besides the file's own warnings, warns when the train
     * script does not exist in the directory and when the file was misnamed {@code .mlops-config.yml}.
     *
     * @param projectRoot the project's work tree root
     * @return the configuration, or the defaults when there is no file
     * @throws MlopsConfigException when the file is unreadable, too large, not UTF-8, a symbolic link out of
     *                              the project, not valid YAML, or holds invalid settings
     */
    public MlopsConfig read(Path projectRoot) {
        Path file = projectRoot.resolve(MlopsConfig.FILE_NAME);
        MlopsConfig config;
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            config = parse(readFile(projectRoot, file));
        } else {
            config = MlopsConfig.defaults();
            if (Files.exists(projectRoot.resolve(ALTERNATIVE_FILE_NAME))) {
                config = config.withWarnings(List.of(ALTERNATIVE_FILE_NAME + " is not read: rename it to " + MlopsConfig.FILE_NAME));
            }
        }
        if (!Files.isRegularFile(projectRoot.resolve(config.trainScript()))) {
            config = config.withWarnings(List.of(MlopsConfig.FILE_NAME + ": train_script '" + config.trainScript() + "'"
                    + (config.trainScript().equals(MlopsConfig.DEFAULT_TRAIN_SCRIPT) ? " (the default)" : "")
                    + " does not exist in the project directory"));
        }
        return config;
    }

    /**
     * Parses the content of a {@code .mlops-config.yaml}, e.g. as read from a commit. Blank content
     * (or only comments) gives the defaults.
     *
     * @throws MlopsConfigException when the YAML is invalid or holds invalid settings
     */
    public MlopsConfig parse(String content) {
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        List<Problem> problems = new ArrayList<>();
        Node root = MlopsConfigYaml.parse(text, problems);
        Interpreter interpreter = new Interpreter(problems);
        MlopsConfig config = interpreter.interpret(root);
        if (!problems.isEmpty()) {
            problems.sort((a, b) -> Integer.compare(a.line(), b.line()));
            throw new MlopsConfigException(problems);
        }
        return config;
    }

    private static String readFile(Path projectRoot, Path file) {
        try {
            Path real = file.toRealPath();
            if (!real.startsWith(projectRoot.toRealPath())) {
                throw fileProblem("is a symbolic link to '" + real + "', outside the project; make it a regular file");
            }
            if (!Files.isRegularFile(real)) {
                throw fileProblem("is not a regular file");
            }
            if (Files.size(real) > MAX_FILE_BYTES) {
                throw fileProblem("is larger than " + MAX_FILE_BYTES / 1024 + " KiB");
            }
            byte[] bytes = Files.readAllBytes(real);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (NoSuchFileException e) {
            throw new MlopsConfigException(new Problem(0, null, "is a broken symbolic link"), e);
        } catch (CharacterCodingException e) {
            throw new MlopsConfigException(new Problem(0, null, "is not UTF-8 text"), e);
        } catch (IOException e) {
            throw new MlopsConfigException(new Problem(0, null, "cannot be read: " + e.getMessage()), e);
        }
    }

    private static MlopsConfigException fileProblem(String message) {
        return new MlopsConfigException(List.of(new Problem(0, null, message)));
    }

    /** Turns the YAML tree into the record tree, collecting every problem and warning on the way. */
    private static final class Interpreter {

        private final List<Problem> problems;
        private final List<String> warnings = new ArrayList<>();

        Interpreter(List<Problem> problems) {
            this.problems = problems;
        }

        MlopsConfig interpret(Node root) {
            if (root == null) {
                return MlopsConfig.defaults();
            }
            if (!(root instanceof MapNode top)) {
                problem(root.line(), null, "the file must be a mapping of settings (key: value lines), got " + describe(root));
                return MlopsConfig.defaults();
            }
            warnUnknownKeys("", top);
            Map<String, Entry> e = top.entries();
            return new MlopsConfig(
                    python(e.get("python")),
                    trainScript(e.get("train_script")),
                    commandList(e.get("setup_commands")),
                    env(e.get("env")),
                    resources(e.get("resources")),
                    wandb(e.get("wandb")),
                    hydra(e.get("hydra")),
                    warnings);
        }

        // ---- sections

        private PythonEnv python(Entry entry) {
            MapNode section = section(entry, "python");
            if (section == null) {
                return PythonEnv.NONE;
            }
            Map<String, Entry> e = section.entries();
            String conda = text(e.get("conda_env"), "python.conda_env", value ->
                    CONDA_NAME.matcher(value).matches() || (ABSOLUTE_PATH.matcher(value).matches() && !hasDotDot(value)) ? null
                            : "must be a conda environment name (letters, digits, '.', '_', '-', '+') or the absolute path of one");
            String venv = text(e.get("venv"), "python.venv", MlopsConfigReader::checkVenv);
            List<String> modules = textList(e.get("module_loads"), "python.module_loads", value ->
                    MODULE_NAME.matcher(value).matches() ? null : "must be one module name (like cuda/12.1) per item, without spaces");
            if (conda != null && venv != null) {
                problem(e.get("venv").line(), "python", "python: set either conda_env or venv, not both");
            }
            return new PythonEnv(conda, venv, modules);
        }

        private String trainScript(Entry entry) {
            String script = text(entry, "train_script", MlopsConfigReader::checkRelativePath);
            return script == null ? MlopsConfig.DEFAULT_TRAIN_SCRIPT : script;
        }

        private Map<String, String> env(Entry entry) {
            MapNode section = section(entry, "env");
            if (section == null) {
                return Map.of();
            }
            Map<String, String> env = new LinkedHashMap<>();
            for (Entry variable : section.entries().values()) {
                String key = "env." + variable.key();
                if (!SafeNames.ENV_NAME.matcher(variable.key()).matches()) {
                    problem(variable.line(), key, "env: '" + printable(variable.key())
                            + "' is not a valid environment variable name (letters, digits and _, not starting with a digit)");
                    continue;
                }
                if (variable.value() instanceof NullNode) {
                    problem(variable.line(), key, key + " has no value; write " + variable.key() + ": \"\" for an empty one");
                    continue;
                }
                String value = text(variable, key, v -> null, true);
                if (value != null) {
                    env.put(variable.key(), value);
                }
            }
            return env;
        }

        private Resources resources(Entry entry) {
            MapNode section = section(entry, "resources");
            if (section == null) {
                return Resources.NONE;
            }
            Map<String, Entry> e = section.entries();
            // SLURM's rule book decides, as for the launch form and service; only the framing is this file's
            String partition = text(e.get("partition"), "resources.partition", v -> SlurmRules.partition(v).complaint());
            String timeLimit = text(e.get("time_limit"), "resources.time_limit", v -> SlurmRules.timeLimit(v).complaint());
            Integer cpus = wholeNumber(e.get("cpus_per_task"), "resources.cpus_per_task", SlurmRules::cpusPerTask);
            String memory = text(e.get("memory"), "resources.memory", v -> SlurmRules.memory(v).complaint());
            Integer gpus = wholeNumber(e.get("gpus_per_node"), "resources.gpus_per_node", SlurmRules::gpusPerNode);
            Integer nodes = wholeNumber(e.get("nodes"), "resources.nodes", SlurmRules::nodes);
            String gpuType = text(e.get("gpu_type"), "resources.gpu_type", v -> SlurmRules.gpuType(v).complaint());
            String account = text(e.get("account"), "resources.account", v -> SlurmRules.account(v).complaint());
            String qos = text(e.get("qos"), "resources.qos", v -> SlurmRules.qos(v).complaint());
            String constraint = text(e.get("constraint"), "resources.constraint",
                    v -> SlurmRules.constraint(v).complaint());
            return new Resources(partition, timeLimit, cpus,
                    memory == null ? null : SlurmRules.memory(memory).orThrow().text(), // 32g is 32G
                    gpus, nodes, gpuType, account, qos, constraint);
        }

        private Wandb wandb(Entry entry) {
            MapNode section = section(entry, "wandb");
            if (section == null) {
                return Wandb.NONE;
            }
            Map<String, Entry> e = section.entries();
            return new Wandb(
                    text(e.get("project"), "wandb.project", MlopsConfigReader::checkWandbName),
                    text(e.get("entity"), "wandb.entity", MlopsConfigReader::checkWandbName));
        }

        private HydraLocation hydra(Entry entry) {
            MapNode section = section(entry, "hydra");
            if (section == null) {
                return HydraLocation.NONE;
            }
            Map<String, Entry> e = section.entries();
            return new HydraLocation(
                    text(e.get("config_path"), "hydra.config_path", MlopsConfigReader::checkRelativePath),
                    text(e.get("config_name"), "hydra.config_name", MlopsConfigReader::checkRelativePath));
        }

        // ---- typed values

        /** The section's mapping, or null when absent or empty; a problem when it is not a mapping. */
        private MapNode section(Entry entry, String key) {
            if (entry == null || entry.value() instanceof NullNode) {
                return null;
            }
            if (entry.value() instanceof MapNode map) {
                if (KNOWN_KEYS.containsKey(key)) {  // env's keys are the user's own
                    warnUnknownKeys(key, map);
                }
                return map;
            }
            problem(entry.line(), key, key + " must be a mapping (indented key: value lines), got " + describe(entry.value()));
            return null;
        }

        private String text(Entry entry, String key, Function<String, String> check) {
            return text(entry, key, check, false);
        }

        /**
         * A single-line scalar's text, or null when absent (or a problem was recorded).
         *
         * @param check returns a problem description ("must be …") or null when the value is fine
         */
        private String text(Entry entry, String key, Function<String, String> check, boolean emptyAllowed) {
            if (entry == null || entry.value() instanceof NullNode) {
                return null;
            }
            return scalarText(entry.value(), key, check, emptyAllowed);
        }

        private String scalarText(Node node, String key, Function<String, String> check, boolean emptyAllowed) {
            if (!(node instanceof ScalarNode scalar)) {
                problem(node.line(), key, key + " must be a single value, got " + describe(node));
                return null;
            }
            String value = scalar.text();
            if (!emptyAllowed && value.isBlank()) {
                problem(node.line(), key, key + " must not be empty");
                return null;
            }
            if (hasControlCharacter(value)) {
                problem(node.line(), key, key + " must be a single line of text (no line breaks or control characters), got " + describe(node));
                return null;
            }
            String complaint = check.apply(value);
            if (complaint != null) {
                problem(node.line(), key, key + " " + complaint + ", got " + describe(node));
                return null;
            }
            return value;
        }

        /** A list of single-line texts; a single text is taken as a list of one. */
        private List<String> textList(Entry entry, String key, Function<String, String> check) {
            if (entry == null || entry.value() instanceof NullNode) {
                return List.of();
            }
            if (entry.value() instanceof ScalarNode) {
                String single = scalarText(entry.value(), key, check, false);
                return single == null ? List.of() : List.of(single);
            }
            if (!(entry.value() instanceof ListNode list)) {
                problem(entry.line(), key, key + " must be a list (lines starting with '- '), got " + describe(entry.value()));
                return List.of();
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < list.items().size(); i++) {
                Node item = list.items().get(i);
                String itemKey = key + "[" + i + "]";
                if (item instanceof MapNode) {
                    problem(item.line(), itemKey, itemKey + " must be text, got a mapping; quote the whole item if it contains ': '");
                    continue;
                }
                String value = item instanceof NullNode ? null : scalarText(item, itemKey, check, false);
                if (item instanceof NullNode) {
                    problem(item.line(), itemKey, itemKey + " is empty; remove the '-' line or write something after it");
                }
                if (value != null) {
                    values.add(value);
                }
            }
            return values;
        }

        private List<String> commandList(Entry entry) {
            return textList(entry, "setup_commands", value -> null);
        }

        private Integer wholeNumber(Entry entry, String key, LongFunction<SlurmRules.Checked<Integer>> rule) {
            if (entry == null || entry.value() instanceof NullNode) {
                return null;
            }
            Node node = entry.value();
            String text = node instanceof ScalarNode scalar ? scalar.text().strip() : null;
            if (text == null || !WHOLE_NUMBER.matcher(text).matches()) {
                problem(node.line(), key, key + " must be a whole number, got " + describe(node));
                return null;
            }
            long value = text.length() > 12 ? (text.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE) : Long.parseLong(text);
            SlurmRules.Checked<Integer> checked = rule.apply(value);
            if (!checked.isAccepted()) {
                problem(node.line(), key, key + " " + checked.complaint() + ", got " + describe(node));
                return null;
            }
            return checked.value();
        }

        // ---- unknown keys

        private void warnUnknownKeys(String section, MapNode map) {
            List<String> known = KNOWN_KEYS.get(section);
            for (Entry entry : map.entries().values()) {
                if (known.contains(entry.key())) {
                    continue;
                }
                String path = section.isEmpty() ? entry.key() : section + "." + entry.key();
                String suggestion = suggest(section, entry.key());
                warnings.add(MlopsConfig.FILE_NAME + " line " + entry.line() + ": unknown key '" + printable(path) + "' is ignored"
                        + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?"));
            }
        }

        private void problem(int line, String key, String message) {
            problems.add(new Problem(line, key, message));
        }
    }

    // ---- value checks: each returns null when fine, or what the value must be

    private static String checkRelativePath(String value) {
        if (value.startsWith("/") || value.startsWith("~") || value.contains("\\")) {
            return "must be a path relative to the project root, with / separators";
        }
        if (hasDotDot(value)) {
            return "must stay inside the project (no '..')";
        }
        return null;
    }

    private static String checkVenv(String value) {
        if (value.startsWith("~")) {
            return "must be relative to the checkout or absolute ('~' is not expanded; write the full path)";
        }
        return null;
    }

    private static String checkWandbName(String value) {
        if (value.length() > 128) {
            return "must be at most 128 characters";
        }
        for (char c : WANDB_FORBIDDEN.toCharArray()) {
            if (value.indexOf(c) >= 0) {
                return "must not contain any of / \\ # ? % :";
            }
        }
        return null;
    }

    private static boolean hasDotDot(String path) {
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\t' && (Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
                return true;
            }
        }
        return false;
    }

    // ---- messages

    private static String describe(Node node) {
        return switch (node) {
            case MapNode ignored -> "a mapping";
            case ListNode ignored -> "a list";
            case NullNode ignored -> "nothing";
            case ScalarNode scalar -> "'" + printable(scalar.text()) + "'";
        };
    }

    /** A known key close to the unknown one: same letters ignoring case and separators, a typo, or the same key in another section. */
    private static String suggest(String section, String unknown) {
        String normalized = normalize(unknown);
        List<String> here = KNOWN_KEYS.get(section);
        for (String key : here) {
            if (normalize(key).equals(normalized)) {
                return qualified(section, key);
            }
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String key : here) {
            int distance = Suggestions.distance(normalized, normalize(key));
            if (distance < bestDistance && distance <= Math.max(1, Math.min(2, key.length() / 4))) {
                best = key;
                bestDistance = distance;
            }
        }
        if (best != null) {
            return qualified(section, best);
        }
        for (var other : KNOWN_KEYS.entrySet()) {
            if (!other.getKey().equals(section)) {
                for (String key : other.getValue()) {
                    if (normalize(key).equals(normalized)) {
                        return qualified(other.getKey(), key);
                    }
                }
            }
        }
        return null;
    }

    private static String qualified(String section, String key) {
        return section.isEmpty() ? key : section + "." + key;
    }

    private static String normalize(String key) {
        return key.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }
}
