package io.missioncontrol.cluster;

import static io.missioncontrol.base.Printable.printable;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.missioncontrol.cluster.slurm.SlurmRules;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads {@code clusters.yaml} into validated {@link ClusterDefinition}s.
 *
 * <p>Never throws for a bad file: every problem becomes one line in {@link ClusterConfigResult#errors()},
 * naming the file, the cluster (by number and, when known, name) and the field, e.g.
 * {@code config/clusters.yaml: cluster #2 'gpu-a': port must be 1-65535, got 0}. A cluster with any error is
 * left out; the others are kept.
 *
 * <p>Relative paths ({@code key_path}, {@code known_hosts}, {@code template}) are resolved against the folder
 * holding the YAML file; a leading {@code ~/} means the home folder of the user running the portal.
 */
public final class ClusterConfigLoader {

    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    public static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_.-]*");
    /** One DNS label: letters, digits, inner hyphens. */
    private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9]+)?");
    private static final Pattern WORKSPACE = Pattern.compile("/[A-Za-z0-9._+@/-]*");
    private static final Pattern HINT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:+-]*");
    private static final int MAX_NAME = 64;
    private static final int MAX_USER = 32;
    private static final int MAX_TEXT = 500;

    static final Set<String> FIELDS = Set.of("name", "display_name", "description", "host", "port", "user",
            "key_path", "known_hosts", "host_key_policy", "workspace", "partitions", "gpu_types", "template",
            "run_as", "account", "qos", "partition_defaults");

    private final YAMLMapper mapper = YAMLMapper.builder().build();
    private final Path home;

    public ClusterConfigLoader() {
        this(Path.of(System.getProperty("user.home")));
    }

    /** @param home what {@code ~} stands for in paths */
    public ClusterConfigLoader(Path home) {
        this.home = home;
    }

    public ClusterConfigResult load(Path file) {
        String where = file.toString();
        if (!Files.exists(file)) {
            return new ClusterConfigResult(List.of(), List.of(), List.of(where
                    + ": not found, so no clusters are configured. Copy config/clusters.yaml.example to "
                    + where + " and fill in your clusters."));
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return new ClusterConfigResult(List.of(), List.of(where + ": not a readable file"));
        }
        JsonNode root;
        try {
            root = mapper.readTree(file.toFile());
        } catch (JacksonException e) {
            return new ClusterConfigResult(List.of(), List.of(where + ": not valid YAML" + location(e) + ": "
                    + e.getOriginalMessage()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new ClusterConfigResult(List.of(), List.of(), List.of(where + ": empty, no clusters configured"));
        }
        if (!root.isObject()) {
            return new ClusterConfigResult(List.of(), List.of(where + ": expected a mapping with a 'clusters' list"
                    + " at the top level"));
        }
        List<String> errors = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String key : root.propertyNames()) {
            if (!key.equals("clusters")) {
                errors.add(where + ": unknown top-level field '" + key + "' (expected 'clusters')");
            }
        }
        JsonNode list = root.get("clusters");
        if (list == null || list.isNull()) {
            notes.add(where + ": no 'clusters' list, no clusters configured");
            return new ClusterConfigResult(List.of(), errors, notes);
        }
        if (!list.isArray()) {
            errors.add(where + ": 'clusters' must be a list of clusters");
            return new ClusterConfigResult(List.of(), errors, notes);
        }
        Path baseDir = file.toAbsolutePath().getParent();
        List<ClusterDefinition> clusters = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Entry entry = new Entry(where, i + 1, list.get(i), baseDir);
            ClusterDefinition def = entry.parse();
            notes.addAll(entry.notes);
            if (def != null && !names.add(def.name())) {
                entry.error("name", "duplicate name; cluster names must be unique");
                def = null;
            }
            errors.addAll(entry.errors);
            if (def != null && entry.errors.isEmpty()) {
                clusters.add(def);
            }
        }
        return new ClusterConfigResult(clusters, errors, notes);
    }

    private static String location(JacksonException e) {
        TokenStreamLocation loc = e.getLocation();
        return loc == null || loc.getLineNr() < 1 ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    /** Validation of one list entry; collects errors instead of stopping at the first. */
    private final class Entry {
        final String where;
        final int number;
        final JsonNode node;
        final Path baseDir;
        final List<String> errors = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        String label;

        Entry(String where, int number, JsonNode node, Path baseDir) {
            this.where = where;
            this.number = number;
            this.node = node;
            this.baseDir = baseDir;
            this.label = "cluster #" + number;
        }

        void error(String field, String message) {
            errors.add(where + ": " + label + ": " + field + " " + message);
        }

        ClusterDefinition parse() {
            if (node == null || !node.isObject()) {
                errors.add(where + ": " + label + ": expected a mapping of fields (name, host, user, ...)");
                return null;
            }
            JsonNode rawName = node.get("name");
            if (rawName != null && (rawName.isString() || rawName.isNumber()) && !rawName.asString().isBlank()) {
                label = "cluster #" + number + " '" + printable(rawName.asString().strip()) + "'";
            }
            String name = text("name", true, s -> {
                if (s.length() > MAX_NAME) {
                    return "must be at most " + MAX_NAME + " characters";
                }
                return NAME.matcher(s).matches() ? null
                        : "must start with a letter or digit and contain only letters, digits, '-' and '_', got '"
                        + printable(s) + "'";
            });
            Set<String> unknown = new LinkedHashSet<>(node.propertyNames());
            unknown.removeAll(FIELDS);
            for (String u : unknown) {
                errors.add(where + ": " + label + ": unknown field '" + printable(u) + "' (known fields: "
                        + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
            }
            String displayName = text("display_name", false, s -> freeText(s));
            String description = text("description", false, s -> freeText(s));
            String host = text("host", true, ClusterConfigLoader::hostProblem);
            int port = port();
            String user = text("user", true, s -> s.length() <= MAX_USER && USER.matcher(s).matches() ? null
                    : "must match [a-z_][a-z0-9_.-]* (at most " + MAX_USER + " characters), got '" + printable(s) + "'");
            Path keyPath = path("key_path", true);
            if (keyPath != null) {
                checkKeyFile(keyPath);
            }
            Path knownHosts = path("known_hosts", false);
            if (knownHosts == null && node.get("known_hosts") == null) {
                knownHosts = home.resolve(".ssh").resolve("known_hosts");
            }
            HostKeyPolicy policy = HostKeyPolicy.STRICT;
            String policyText = text("host_key_policy", false, s -> HostKeyPolicy.fromConfigValue(s).isPresent()
                    ? null : "must be 'strict' or 'accept-new', got '" + printable(s) + "'");
            if (policyText != null) {
                policy = HostKeyPolicy.fromConfigValue(policyText).orElseThrow();
            }
            if (knownHosts != null && policy == HostKeyPolicy.STRICT && !Files.isRegularFile(knownHosts)) {
                error("known_hosts", "file " + knownHosts + " does not exist; with host_key_policy 'strict' the host"
                        + " key must be recorded there (ssh-keyscan -p PORT HOST, then verify the fingerprint)");
            } else if (knownHosts != null && Files.exists(knownHosts) && !Files.isReadable(knownHosts)) {
                error("known_hosts", "file " + knownHosts + " is not readable");
            }
            String workspace = text("workspace", true, ClusterConfigLoader::workspaceProblem);
            String runAsText = text("run_as", false, s -> RunAs.fromConfigValue(s).isPresent() ? null
                    : "must be 'own-key' (each member logs in with their own key) or 'sudo' (the service account"
                    + " runs members' commands with sudo -n -u), got '" + printable(s) + "'");
            RunAs runAs = runAsText == null ? RunAs.OWN_KEY : RunAs.fromConfigValue(runAsText).orElseThrow();
            List<String> partitions = hints("partitions");
            List<String> gpuTypes = hints("gpu_types");
            Path template = path("template", false);
            if (template != null && !Files.isRegularFile(template)) {
                error("template", "file " + template + " does not exist");
            }
            ChargeDefaults charge = chargeDefaults();
            if (!errors.isEmpty() || name == null || host == null || user == null || keyPath == null
                    || knownHosts == null || workspace == null || port < 0) {
                if (errors.isEmpty()) {
                    errors.add(where + ": " + label + ": incomplete definition");
                }
                return null;
            }
            return new ClusterDefinition(name, displayName, description, host, port, user, keyPath, knownHosts,
                    policy, workspace, partitions, gpuTypes, template, charge, runAs, ClusterLogin.SERVICE_ACCOUNT);
        }

        // ---- charge defaults: account, qos, partition_defaults

        /** {@code account:}, {@code qos:} and {@code partition_defaults: {<partition>: {account, qos}}}. */
        private ChargeDefaults chargeDefaults() {
            String account = text("account", false, s -> got(SlurmRules.account(s).complaint(), s));
            String qos = text("qos", false, s -> got(SlurmRules.qos(s).complaint(), s));
            JsonNode byPartition = node.get("partition_defaults");
            Map<String, ChargeDefaults> partitions = new LinkedHashMap<>();
            if (byPartition != null && !byPartition.isNull() && !byPartition.isObject()) {
                error("partition_defaults", "must be a mapping of partition names to {account, qos}, e.g. "
                        + "{gpu: {account: vision, qos: high}}");
            } else if (byPartition != null && byPartition.isObject()) {
                for (String partition : byPartition.propertyNames()) {
                    String field = "partition_defaults." + printable(partition);
                    String problem = SlurmRules.partition(partition).complaint();
                    JsonNode entry = byPartition.get(partition);
                    if (problem != null) {
                        error("partition_defaults", "key '" + printable(partition) + "' " + problem);
                    } else if (entry == null || !entry.isObject()) {
                        error(field, "must be a mapping with account and/or qos");
                    } else {
                        for (String k : entry.propertyNames()) {
                            if (!k.equals("account") && !k.equals("qos")) {
                                errors.add(where + ": " + label + ": " + field + ": unknown field '" + printable(k)
                                        + "' (known fields: account, qos)");
                            }
                        }
                        partitions.put(partition, new ChargeDefaults(chargeName(entry, field, "account"),
                                chargeName(entry, field, "qos"), Map.of()));
                    }
                }
            }
            return new ChargeDefaults(account, qos, partitions);
        }

        private String chargeName(JsonNode entry, String field, String key) {
            JsonNode value = entry.get(key);
            if (value == null || value.isNull()) {
                return null;
            }
            String s = value.isString() ? value.asString().strip() : null;
            String problem = s == null ? "must be a text value"
                    : key.equals("account") ? SlurmRules.account(s).complaint() : SlurmRules.qos(s).complaint();
            if (problem != null) {
                error(field + "." + key, s == null ? problem : got(problem, s));
                return null;
            }
            return s;
        }

        private static String got(String problem, String value) {
            return problem == null ? null : problem + ", got '" + printable(value) + "'";
        }

        private String text(String field, boolean required, Function<String, String> check) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                if (required) {
                    error(field, "is required");
                }
                return null;
            }
            if (!value.isString() && !value.isNumber()) {
                error(field, "must be a text value");
                return null;
            }
            String s = value.asString().strip();
            if (s.isEmpty()) {
                if (required) {
                    error(field, "must not be empty");
                }
                return null;
            }
            String problem = check.apply(s);
            if (problem != null) {
                error(field, problem);
                return null;
            }
            return s;
        }

        private int port() {
            JsonNode value = node.get("port");
            if (value == null || value.isNull()) {
                return ClusterDefinition.DEFAULT_PORT;
            }
            long port;
            if (value.isIntegralNumber()) {
                port = value.asLong();
            } else if (value.isString() && value.stringValue().strip().matches("\\d{1,9}")) {
                port = Long.parseLong(value.stringValue().strip());
            } else {
                error("port", "must be a number 1-65535, got '" + printable(value.asString()) + "'");
                return -1;
            }
            if (port < 1 || port > 65535) {
                error("port", "must be 1-65535, got " + port);
                return -1;
            }
            return (int) port;
        }

        private Path path(String field, boolean required) {
            String s = text(field, required, v -> v.indexOf('\0') >= 0 ? "must not contain NUL" : null);
            if (s == null) {
                return null;
            }
            try {
                Path p;
                if (s.equals("~")) {
                    p = home;
                } else if (s.startsWith("~/")) {
                    p = home.resolve(s.substring(2));
                } else {
                    p = Path.of(s);
                }
                return (p.isAbsolute() ? p : baseDir.resolve(p)).normalize();
            } catch (InvalidPathException e) {
                error(field, "is not a valid path: " + e.getReason());
                return null;
            }
        }

        private void checkKeyFile(Path key) {
            if (!Files.exists(key)) {
                error("key_path", "file " + key + " does not exist");
            } else if (!Files.isRegularFile(key)) {
                error("key_path", key + " is not a file");
            } else if (!Files.isReadable(key)) {
                error("key_path", "file " + key + " is not readable by the portal");
            } else {
                try {
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(key);
                    if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                        notes.add(where + ": " + label + ": key_path " + key
                                + " is readable by other users; restrict it with chmod 600");
                    }
                } catch (UnsupportedOperationException | java.io.IOException ignored) {
                    // not a POSIX file system: nothing to check
                }
            }
        }

        private List<String> hints(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return List.of();
            }
            if (!value.isArray()) {
                error(field, "must be a list, e.g. [gpu, debug]");
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                String s = item.isString() || item.isNumber() ? item.asString().strip() : null;
                if (s == null || !HINT.matcher(s).matches() || s.length() > MAX_NAME) {
                    error(field, "entry #" + (i + 1) + " must be a plain name (letters, digits, '_', '-', '.', ':', '+'),"
                            + " got '" + printable(item.asString()) + "'");
                } else if (!out.contains(s)) {
                    out.add(s);
                }
            }
            return out;
        }
    }

    private static String freeText(String s) {
        if (s.length() > MAX_TEXT) {
            return "must be at most " + MAX_TEXT + " characters";
        }
        return s.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')
                ? "must not contain control characters" : null;
    }

    static String hostProblem(String host) {
        if (host.length() > 253) {
            return "is too long (at most 253 characters)";
        }
        if (host.contains(":")) {
            return IPV6.matcher(host).matches() ? null
                    : "must be a hostname or IP address, got '" + printable(host) + "'";
        }
        String[] labels = host.split("\\.", -1);
        for (String label : labels) {
            if (!HOST_LABEL.matcher(label).matches()) {
                return "must be a hostname or IP address (letters, digits, '-' and '.', no spaces or shell"
                        + " characters), got '" + printable(host) + "'";
            }
        }
        return null;
    }

    /**
     * What is wrong with a {@code workspace}, or {@code null}. It may contain {@code {user}} (the Unix account an
     * identity acts as); the rest must be an absolute path of plain characters.
     */
    static String workspaceProblem(String template) {
        String ws = template.replace(ClusterDefinition.USER_PLACEHOLDER, "user");
        if (ws.indexOf('{') >= 0 || ws.indexOf('}') >= 0) {
            return "may contain '{user}' as its only placeholder (replaced by each member's Unix account), got '"
                    + printable(template) + "'";
        }
        if (!ws.startsWith("/")) {
            return "must be an absolute path (starting with '/'), got '" + printable(template) + "'";
        }
        if (!WORKSPACE.matcher(ws).matches()) {
            return "may contain only letters, digits, . _ + @ - / and '{user}', got '" + printable(template) + "'";
        }
        for (String part : ws.split("/")) {
            if (part.equals("..") || part.equals(".")) {
                return "must not contain '.' or '..' segments, got '" + printable(template) + "'";
            }
        }
        return null;
    }
}
