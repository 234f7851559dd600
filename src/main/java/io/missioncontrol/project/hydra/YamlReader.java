package io.missioncontrol.project.hydra;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.Schema;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads Hydra config files the way OmegaConf does: YAML 1.1 scalars as PyYAML's safe loader types
 * them ({@code yes}/{@code on}/{@code True} are booleans, {@code ~} is null, {@code 1e-3} and
 * {@code .inf} are floats, {@code 0x1F} and {@code 1_000} are ints), timestamps left as strings,
 * aliases and {@code <<} merge keys applied (by the parser), duplicate keys rejected. Interpolations ({@code ${...}}) and
 * {@code ???} stay plain strings.
 *
 * <p>SnakeYAML Engine (the parser under jackson-dataformat-yaml) composes the nodes, with their lines, because
 * Jackson's YAML parser types scalars by the YAML 1.2 JSON schema ({@code True}, {@code ~},
 * {@code yes} would all become strings) and does not resolve aliases. The YAML 1.1 typing and conversion of
 * scalars are SnakeYAML's own ({@link Resolver}, {@link SafeConstructor}); its float rule is OmegaConf's but
 * for a sign before a leading dot.
 */
final class YamlReader {

    private static final int MAX_NODES = 200_000;
    private static final int MAX_FILE_CHARS = 2_000_000;

    /** YAML 1.1 implicit types, as PyYAML's (and so OmegaConf's) resolver gives them. */
    private static final Resolver YAML_11 = new Resolver();
    private static final Tag TIMESTAMP = new Tag(org.yaml.snakeyaml.nodes.Tag.TIMESTAMP.getValue());
    /** SnakeYAML's float also takes {@code -.5} and {@code +.5}; PyYAML and OmegaConf keep them strings. */
    private static final Pattern SIGNED_LEADING_DOT = Pattern.compile("[-+]\\.[0-9_].*");
    /** Converts typed scalars only (its scalar constructors keep no state, so one serves every file). */
    private static final ScalarConstructor SCALARS = new ScalarConstructor();
    private static final Pattern HEADER_LINE = Pattern.compile("^\\s*#\\s*@.*");

    private static final Schema OMEGACONF_SCHEMA = new Schema() {
        @Override
        public ScalarResolver getScalarResolver() {
            return YamlReader::resolve;
        }

        @Override
        public Map<Tag, ConstructNode> getSchemaTagConstructors() {
            return Map.of();
        }
    };

    private final String file;
    private final IdentityHashMap<Node, Boolean> visiting = new IdentityHashMap<>();
    private int nodeCount;

    private YamlReader(String file) {
        this.file = file;
    }

    /**
     * Reads one config file.
     *
     * @param path the file
     * @param displayPath the file's path relative to the project root, for messages
     */
    static ConfigFile read(Path path, String displayPath) {
        String text;
        try {
            if (Files.size(path) > MAX_FILE_CHARS) {
                throw new HydraConfigException(displayPath, 0, "file is too large to be a config (over 2 MB)");
            }
            text = Files.readString(path);
        } catch (CharacterCodingException e) {
            throw new HydraConfigException(displayPath, 0, "not valid UTF-8 text", e);
        } catch (IOException e) {
            throw new HydraConfigException(displayPath, 0, "cannot read the file: " + e.getMessage(), e);
        }
        return parse(text, displayPath);
    }

    /** Parses the text of one config file; {@code displayPath} names it in messages. */
    static ConfigFile parse(String text, String displayPath) {
        return new YamlReader(displayPath).parse(text);
    }

    private ConfigFile parse(String text) {
        String header = packageHeader(text);
        Optional<Node> root;
        try {
            LoadSettings settings = LoadSettings.builder()
                    .setLabel(file)
                    .setSchema(OMEGACONF_SCHEMA)
                    .setAllowDuplicateKeys(true) // checked below, with the line
                    .setMaxAliasesForCollections(100)
                    .setCodePointLimit(MAX_FILE_CHARS)
                    .build();
            root = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            String context = e.getContext() == null ? "" : e.getContext() + ": ";
            String problem = "broken YAML: " + context + e.getProblem();
            if (mark != null) {
                problem += " (column " + (mark.getColumn() + 1) + ")";
            }
            throw new HydraConfigException(file, mark == null ? 0 : mark.getLine() + 1, problem, e);
        } catch (YamlEngineException e) {
            throw new HydraConfigException(file, 0, "broken YAML: " + e.getMessage(), e);
        }
        if (root.isEmpty()) {
            return new ConfigFile(file, header, new LinkedHashMap<>(), List.of());
        }
        Node node = root.get();
        if (node instanceof ScalarNode scalar && toValue(scalar) == null) {
            return new ConfigFile(file, header, new LinkedHashMap<>(), List.of());
        }
        if (!(node instanceof MappingNode mapping)) {
            throw new HydraConfigException(file, line(node), "a config file must hold a mapping (key: value lines) at the top");
        }
        List<DefaultsEntry> defaults = List.of();
        boolean sawDefaults = false;
        Map<String, Object> content = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = key(tuple.getKeyNode());
            if (content.containsKey(key) || (key.equals("defaults") && sawDefaults)) {
                throw new HydraConfigException(file, line(tuple.getKeyNode()), "duplicate key '" + key + "'");
            }
            if (key.equals("defaults")) {
                sawDefaults = true;
                defaults = defaults(tuple.getValueNode());
            } else {
                content.put(key, toValue(tuple.getValueNode()));
            }
        }
        return new ConfigFile(file, header, content, List.copyOf(defaults));
    }

    // ---------------------------------------------------------------- package header

    /** Hydra's rule: header lines ({@code # @key value}) at the very top; any other line ends the header. */
    private String packageHeader(String text) {
        String result = null;
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (!HEADER_LINE.matcher(line).matches()) {
                break;
            }
            String body = line.replaceFirst("^#+", "").strip();
            String[] parts = body.split(" +");
            if (parts.length < 2) {
                throw new HydraConfigException(file, i + 1, "expected a header like '# @package foo.bar', got '" + line + "'");
            }
            if (parts.length > 2) {
                throw new HydraConfigException(file, i + 1, "too many parts in header '" + line + "'");
            }
            if (parts[0].equals("@package")) {
                result = parts[1];
            }
        }
        return result;
    }

    // ---------------------------------------------------------------- defaults list

    private List<DefaultsEntry> defaults(Node node) {
        if (node instanceof ScalarNode scalar && toValue(scalar) == null) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            throw new HydraConfigException(file, line(node), "the defaults list must be a list (lines starting with '- ')");
        }
        List<DefaultsEntry> entries = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            entries.add(entry(item));
        }
        return entries;
    }

    private DefaultsEntry entry(Node item) {
        int line = line(item);
        if (item instanceof ScalarNode scalar) {
            Object value = toValue(scalar);
            if (!(value instanceof String text) || text.isBlank()) {
                throw new HydraConfigException(file, line, "unsupported defaults entry '" + scalar.getValue()
                        + "': write a config name or 'group: option'");
            }
            text = text.strip();
            if (text.equals(DefaultsEntry.SELF_NAME)) {
                return DefaultsEntry.self(line);
            }
            String[] split = splitPackage(text);
            checkPath(split[0], line, "config");
            return new DefaultsEntry(DefaultsEntry.Kind.CONFIG, split[0], null, null, split[1], false, false, line);
        }
        if (!(item instanceof MappingNode mapping)) {
            throw new HydraConfigException(file, line, "unsupported defaults entry: write a config name or 'group: option'");
        }
        List<NodeTuple> tuples = mapping.getValue();
        if (tuples.size() != 1) {
            throw new HydraConfigException(file, line, tuples.isEmpty()
                    ? "empty defaults entry: write 'group: option'"
                    : "a defaults entry must have exactly one 'group: option', found " + tuples.size());
        }
        String key = key(tuples.get(0).getKeyNode());
        String[] split = splitPackage(key);
        String[] words = split[0].strip().split("\\s+");
        if (words.length == 0 || words[words.length - 1].isEmpty()) {
            throw new HydraConfigException(file, line, "missing group name in defaults entry '" + key + "'");
        }
        boolean optional = false;
        boolean override = false;
        for (int i = 0; i < words.length - 1; i++) {
            switch (words[i]) {
                case "optional" -> optional = true;
                case "override" -> override = true;
                default -> throw new HydraConfigException(file, line,
                        "unsupported keyword '" + words[i] + "' in defaults entry '" + key + "' (expected optional or override)");
            }
        }
        String group = words[words.length - 1];
        checkPath(group, line, "config group");
        Node valueNode = tuples.get(0).getValueNode();
        String option = null;
        List<String> optionList = null;
        if (valueNode instanceof SequenceNode list) {
            optionList = new ArrayList<>();
            for (Node element : list.getValue()) {
                if (!(element instanceof ScalarNode s) || !(toValue(s) instanceof String name)) {
                    throw new HydraConfigException(file, line(element), "options listed for group '" + group + "' must be names");
                }
                checkPath(name, line(element), "config option");
                optionList.add(name);
            }
        } else if (valueNode instanceof ScalarNode scalar) {
            Object value = toValue(scalar);
            if (value != null) {
                if (!(value instanceof String)) {
                    throw new HydraConfigException(file, line(valueNode), "the option for group '" + group
                            + "' must be a name or null, got " + scalar.getValue());
                }
                option = (String) value;
                // Hydra's shorthand: `model: optimizer/adam` selects adam from model/optimizer.
                if (option.contains("/") && !option.contains("${") && !option.equals("???")) {
                    checkPath(option, line(valueNode), "config option");
                    int slash = option.lastIndexOf('/');
                    group = group + "/" + option.substring(0, slash);
                    option = option.substring(slash + 1);
                }
                checkPath(option, line(valueNode), "config option");
            }
        } else {
            throw new HydraConfigException(file, line(valueNode), "the option for group '" + group + "' must be a name, a list of names or null");
        }
        return new DefaultsEntry(DefaultsEntry.Kind.GROUP, group, option, optionList, split[1], optional, override, line);
    }

    /** {@code group@package} → [group, package or null]; {@code _here_} is the empty package. */
    private static String[] splitPackage(String text) {
        int at = text.indexOf('@');
        if (at < 0) {
            return new String[] {text, null};
        }
        String pkg = text.substring(at + 1).strip();
        int colon = pkg.indexOf(':'); // Hydra 1.0 rename syntax pkg1:pkg2 keeps the first
        if (colon >= 0) {
            pkg = pkg.substring(0, colon);
        }
        return new String[] {text.substring(0, at).strip(), pkg.equals("_here_") ? "" : pkg};
    }

    private void checkPath(String path, int line, String what) {
        if (path.contains("\\")) {
            throw new HydraConfigException(file, line, "backslash in " + what + " '" + path + "': use '/' between group names");
        }
        for (String part : path.split("/", -1)) {
            if (part.equals("..")) {
                throw new HydraConfigException(file, line, "'..' in " + what + " '" + path + "' is not supported");
            }
        }
    }

    // ---------------------------------------------------------------- values

    private static Tag resolve(String value, Boolean implicit) {
        org.yaml.snakeyaml.nodes.Tag tag = YAML_11.resolve(NodeId.scalar, value, Boolean.TRUE.equals(implicit));
        if (tag.equals(org.yaml.snakeyaml.nodes.Tag.FLOAT) && SIGNED_LEADING_DOT.matcher(value).matches()) {
            return Tag.STR;
        }
        return new Tag(tag.getValue());
    }

    private Object toValue(Node node) {
        if (++nodeCount > MAX_NODES) {
            throw new HydraConfigException(file, line(node), "the file expands to too many values (aliases?)");
        }
        if (visiting.containsKey(node)) {
            throw new HydraConfigException(file, line(node), "recursive YAML aliases are not supported");
        }
        visiting.put(node, Boolean.TRUE);
        try {
            return switch (node) {
                case ScalarNode scalar -> scalar(scalar);
                case SequenceNode sequence -> {
                    List<Object> list = new ArrayList<>(sequence.getValue().size());
                    for (Node element : sequence.getValue()) {
                        list.add(toValue(element));
                    }
                    yield list;
                }
                case MappingNode mapping -> {
                    Map<String, Object> map = new LinkedHashMap<>();
                    for (NodeTuple tuple : mapping.getValue()) {
                        String key = key(tuple.getKeyNode());
                        if (map.containsKey(key)) {
                            throw new HydraConfigException(file, line(tuple.getKeyNode()), "duplicate key '" + key + "'");
                        }
                        map.put(key, toValue(tuple.getValueNode()));
                    }
                    yield map;
                }
                default -> throw new HydraConfigException(file, line(node), "unsupported YAML node");
            };
        } finally {
            visiting.remove(node);
        }
    }

    private String key(Node keyNode) {
        if (!(keyNode instanceof ScalarNode scalar)) {
            throw new HydraConfigException(file, line(keyNode), "keys must be plain names, not lists or mappings");
        }
        Object key = scalar(scalar);
        return key == null ? "null" : key instanceof Boolean b ? (b ? "True" : "False") : String.valueOf(key);
    }

    private Object scalar(ScalarNode node) {
        String text = node.getValue();
        Tag tag = node.getTag();
        if (Tag.STR.equals(tag) || Tag.MERGE.equals(tag) || TIMESTAMP.equals(tag)) {
            return text; // OmegaConf drops PyYAML's timestamp resolver: dates stay strings
        }
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        if (Tag.BOOL.equals(tag) || Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
            Object value;
            try {
                value = SCALARS.construct(tag, text);
            } catch (RuntimeException e) {
                value = null;
            }
            if (value == null) {
                throw new HydraConfigException(file, line(node), "'" + text + "' is not a valid "
                        + tag.getValue().replace(Tag.PREFIX, ""));
            }
            return value;
        }
        throw new HydraConfigException(file, line(node), "unsupported YAML tag " + tag.getValue().replace(Tag.PREFIX, "!!"));
    }

    private static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    /** SnakeYAML's YAML 1.1 conversions of bool, int (octal, hex, binary, base 60) and float scalars. */
    private static final class ScalarConstructor extends SafeConstructor {

        ScalarConstructor() {
            super(new LoaderOptions());
        }

        /** The value of a plain scalar of {@code tag}; null for a bool that is none. */
        Object construct(Tag tag, String text) {
            org.yaml.snakeyaml.nodes.ScalarNode node = new org.yaml.snakeyaml.nodes.ScalarNode(
                    new org.yaml.snakeyaml.nodes.Tag(tag.getValue()), text, null, null, DumperOptions.ScalarStyle.PLAIN);
            return getConstructor(node).construct(node);
        }
    }
}
