package io.missioncontrol.project.hydra;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
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

/**
 * Reads Hydra config files the way OmegaConf does: YAML 1.1 scalars as PyYAML's safe loader types
 * them ({@code yes}/{@code on}/{@code True} are booleans, {@code ~} is null, {@code 1e-3} and
 * {@code .inf} are floats, {@code 0x1F} and {@code 1_000} are ints), timestamps left as strings,
 * aliases and {@code <<} merge keys applied (by the parser), duplicate keys rejected. Interpolations ({@code ${...}}) and
 * {@code ???} stay plain strings.
 *
 * <p>It uses SnakeYAML Engine (the parser under jackson-dataformat-yaml) at the node level, because
 * Jackson's YAML parser types scalars by the YAML 1.2 JSON schema ({@code True}, {@code ~},
 * {@code yes} would all become strings) and does not resolve aliases.
 */
final class YamlReader {

    private static final int MAX_NODES = 200_000;
    private static final int MAX_FILE_CHARS = 2_000_000;

    private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
    private static final Pattern BOOL = Pattern.compile(
            "yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF");
    private static final Pattern INT = Pattern.compile(
            "[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
                    + "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+");
    // PyYAML's float resolver plus the one OmegaConf adds (1e-3, 1_000.5, ...).
    private static final Pattern FLOAT = Pattern.compile(
            "[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
                    + "|\\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?"
                    + "|[-+]?[0-9]+(?:_[0-9]+)*(?:[eE][-+]?[0-9]+)"
                    + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
                    + "|[-+]?\\.(?:inf|Inf|INF)"
                    + "|\\.(?:nan|NaN|NAN)");
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
        if (implicit == null || !implicit) {
            return Tag.STR;
        }
        if (NULL.matcher(value).matches()) {
            return Tag.NULL;
        }
        if (BOOL.matcher(value).matches()) {
            return Tag.BOOL;
        }
        if (INT.matcher(value).matches()) {
            return Tag.INT;
        }
        if (FLOAT.matcher(value).matches()) {
            return Tag.FLOAT;
        }
        if (value.equals("<<")) {
            return Tag.MERGE;
        }
        return Tag.STR;
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
        try {
            if (Tag.STR.equals(tag)) {
                return text;
            }
            if (Tag.NULL.equals(tag)) {
                return null;
            }
            if (Tag.BOOL.equals(tag)) {
                return parseBool(text);
            }
            if (Tag.INT.equals(tag)) {
                return parseInt(text);
            }
            if (Tag.FLOAT.equals(tag)) {
                return parseFloat(text);
            }
        } catch (NumberFormatException e) {
            throw new HydraConfigException(file, line(node), "'" + text + "' is not a valid " + tag.getValue().replace(Tag.PREFIX, ""));
        }
        if (Tag.MERGE.equals(tag)) {
            return text;
        }
        throw new HydraConfigException(file, line(node), "unsupported YAML tag " + tag.getValue().replace(Tag.PREFIX, "!!"));
    }

    private static Boolean parseBool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "yes", "true", "on" -> Boolean.TRUE;
            case "no", "false", "off" -> Boolean.FALSE;
            default -> throw new NumberFormatException(text);
        };
    }

    static Object parseInt(String text) {
        String s = text.replace("_", "");
        int sign = 1;
        if (s.startsWith("-") || s.startsWith("+")) {
            sign = s.charAt(0) == '-' ? -1 : 1;
            s = s.substring(1);
        }
        BigInteger value;
        if (s.contains(":")) {
            value = BigInteger.ZERO;
            for (String part : s.split(":")) {
                value = value.multiply(BigInteger.valueOf(60)).add(new BigInteger(part));
            }
        } else if (s.startsWith("0b")) {
            value = new BigInteger(s.substring(2), 2);
        } else if (s.startsWith("0x")) {
            value = new BigInteger(s.substring(2), 16);
        } else if (s.length() > 1 && s.startsWith("0")) {
            value = new BigInteger(s.substring(1), 8);
        } else {
            value = new BigInteger(s);
        }
        return narrow(sign < 0 ? value.negate() : value);
    }

    static Object narrow(BigInteger value) {
        if (value.bitLength() < 32) {
            return value.intValue();
        }
        if (value.bitLength() < 64) {
            return value.longValue();
        }
        return value;
    }

    static Double parseFloat(String text) {
        String s = text.replace("_", "");
        String lower = s.toLowerCase(Locale.ROOT);
        switch (lower) {
            case ".inf", "+.inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-.inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case ".nan" -> {
                return Double.NaN;
            }
            default -> {
                // fall through to the number forms below
            }
        }
        Matcher sexagesimal = Pattern.compile("([-+]?)([0-9:]+)(\\.[0-9]*)").matcher(s);
        if (s.contains(":") && sexagesimal.matches()) {
            double value = 0;
            for (String part : sexagesimal.group(2).split(":")) {
                value = value * 60 + Long.parseLong(part);
            }
            value += Double.parseDouble("0" + sexagesimal.group(3));
            return sexagesimal.group(1).equals("-") ? -value : value;
        }
        return Double.parseDouble(s);
    }

    private static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }
}
