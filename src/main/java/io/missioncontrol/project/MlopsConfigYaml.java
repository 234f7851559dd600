package io.missioncontrol.project;

import io.missioncontrol.project.MlopsConfigException.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * Reads YAML into a small tree that remembers the line of every key and value, so that validation
 * messages can say where the problem is. Built on Jackson's YAML token stream (YAML 1.2: {@code yes} and
 * {@code on} are text, not booleans). Scalars keep the text as written.
 */
final class MlopsConfigYaml {

    private static final YAMLMapper MAPPER = YAMLMapper.builder().build();

    private MlopsConfigYaml() {
    }

    /** A YAML value and the line it starts on. */
    sealed interface Node permits MapNode, ListNode, ScalarNode, NullNode {
        int line();
    }

    /** A mapping; keys in file order. */
    record MapNode(int line, Map<String, Entry> entries) implements Node {
    }

    /** One key of a mapping: the key's line and its value. */
    record Entry(String key, int line, Node value) {
    }

    record ListNode(int line, List<Node> items) implements Node {
    }

    /** A scalar as written ({@code 04:00:00}, {@code 8}, {@code true}, {@code gpu}). */
    record ScalarNode(int line, String text) implements Node {
    }

    /** An empty value ({@code key:}, {@code ~}, {@code null}). */
    record NullNode(int line) implements Node {
    }

    /**
     * Parses one YAML document.
     *
     * @param problems receives non-syntax problems found while reading (duplicate keys, aliases, extra documents)
     * @return the root node, or {@code null} for an empty document
     * @throws MlopsConfigException on a YAML syntax error, naming the line
     */
    static Node parse(String content, List<Problem> problems) {
        try (JsonParser parser = MAPPER.createParser(content)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            Node root = read(parser, first, "", problems);
            if (parser.nextToken() != null) {
                problems.add(new Problem(line(parser), null,
                        "the file holds more than one YAML document (a second '---'); put all settings in one"));
            }
            return root instanceof NullNode ? null : root;
        } catch (JacksonException e) {
            throw syntaxError(e);
        }
    }

    private static Node read(JsonParser parser, JsonToken token, String path, List<Problem> problems) {
        int line = line(parser);
        switch (token) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String key = parser.currentName();
                    int keyLine = line(parser);
                    String keyPath = path.isEmpty() ? key : path + "." + key;
                    Node value = read(parser, parser.nextToken(), keyPath, problems);
                    Entry previous = entries.putIfAbsent(key, new Entry(key, keyLine, value));
                    if (previous != null) {
                        problems.add(new Problem(keyLine, keyPath,
                                keyPath + " is set twice (first on line " + previous.line() + "); keep one"));
                    }
                }
                return new MapNode(line, Collections.unmodifiableMap(entries));
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    items.add(read(parser, t, path + "[" + items.size() + "]", problems));
                }
                return new ListNode(line, List.copyOf(items));
            }
            case VALUE_NULL -> {
                return new NullNode(line);
            }
            default -> {
                String text = parser.getString();
                if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                    problems.add(new Problem(line, path,
                            (path.isEmpty() ? "the file" : path) + " uses the YAML alias '*" + text + "'; aliases are not supported, write the value out"));
                    return new NullNode(line);
                }
                if (token == JsonToken.VALUE_STRING && "~".equals(text)) {
                    return new NullNode(line);
                }
                return new ScalarNode(line, text);
            }
        }
    }

    private static int line(JsonParser parser) {
        return Math.max(0, parser.currentTokenLocation().getLineNr());
    }

    private static MlopsConfigException syntaxError(JacksonException e) {
        int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
        String message = firstLine(e.getOriginalMessage());
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYamlEngineException marked && marked.getProblem() != null) {
                message = firstLine(marked.getProblem());
                line = marked.getProblemMark().map(m -> m.getLine() + 1).orElse(line);
                String context = marked.getContext();
                if (context != null && !context.isBlank()) {
                    int contextLine = marked.getContextMark().map(Mark::getLine).map(l -> l + 1).orElse(0);
                    if (contextLine > 0 && message.contains("end of stream")) {
                        line = contextLine; // an unclosed quote or bracket: where it was opened is the useful line
                    }
                    message += " (" + firstLine(context) + (contextLine > 0 && contextLine != line ? " that starts on line " + contextLine : "") + ")";
                }
                break;
            }
        }
        return new MlopsConfigException(new Problem(line, null, "invalid YAML: " + message), e);
    }

    private static String firstLine(String text) {
        if (text == null || text.isBlank()) {
            return "syntax error";
        }
        String first = text.strip().lines().findFirst().orElse(text).strip();
        return first.replace("\t", "\\t");
    }
}
