package io.missioncontrol.base.copy;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.sqlite.SQLiteConfig;

/**
 * Copies every row of a portal's SQLite file into an empty PostgreSQL database that this command first migrates
 * with the portal's own Flyway scripts. Tables are discovered from the SQLite schema (all but Flyway's history and
 * Quartz's qrtz_* tables, which the target gets from its own migration), copied parents first in one transaction.
 */
public final class SqliteToPostgresCopy {

    public static final String COMMAND = "copy-sqlite-to-postgres";
    private static final int BATCH = 500;
    private static final DateTimeFormatter SQLITE_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSSSSS][.SSSSSS][.SSS]");

    /** A problem that stops the copy; its message is meant for the operator. */
    /** Table and column names go into SQL unquoted: only the plain names the portal's migrations use pass. */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    public static final class CopyRefused extends RuntimeException {
        CopyRefused(String message) {
            super(message);
        }
    }

    private final Path sqliteFile;
    private final String targetUrl;
    private final String targetUser;
    private final String targetPassword;
    private final PrintStream out;

    public SqliteToPostgresCopy(Path sqliteFile, String targetUrl, String targetUser, String targetPassword,
            PrintStream out) {
        this.sqliteFile = sqliteFile;
        this.targetUrl = targetUrl;
        this.targetUser = targetUser;
        this.targetPassword = targetPassword;
        this.out = out;
    }

    /** Entry point from Application.main: {@code copy-sqlite-to-postgres --from=<file>}, target from SPRING_DATASOURCE_*. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String from = null;
        for (String arg : args) {
            if (arg.startsWith("--from=")) {
                from = arg.substring("--from=".length());
            } else if (!arg.equals(COMMAND)) {
                err.println("unknown argument: " + arg + " (usage: " + COMMAND + " --from=<sqlite file>)");
                return 2;
            }
        }
        if (from == null || from.isBlank()) {
            err.println("--from is required: the portal's SQLite file, e.g. --from=data/missioncontrol.db");
            return 2;
        }
        String url = env.get("SPRING_DATASOURCE_URL");
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            err.println("SPRING_DATASOURCE_URL must name the target PostgreSQL database (jdbc:postgresql://…)");
            return 2;
        }
        try {
            new SqliteToPostgresCopy(Path.of(from), url, env.get("SPRING_DATASOURCE_USERNAME"),
                    env.get("SPRING_DATASOURCE_PASSWORD"), out).copy();
            return 0;
        } catch (CopyRefused e) {
            err.println("copy refused: " + e.getMessage());
            return 1;
        } catch (SQLException | RuntimeException e) {
            err.println("copy failed, nothing was written to the target: " + e.getMessage());
            return 1;
        }
    }

    /** Copies and returns the rows copied per table, in copy order. */
    public Map<String, Long> copy() throws SQLException {
        if (!Files.isRegularFile(sqliteFile)) {
            throw new CopyRefused("no SQLite file at " + sqliteFile);
        }
        long started = System.nanoTime();
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        readOnly.enforceForeignKeys(false);
        try (Connection source = DriverManager.getConnection("jdbc:sqlite:" + sqliteFile, readOnly.toProperties())) {
            String sourceVersion = flywayVersion(source);
            Flyway flyway = Flyway.configure()
                    .dataSource(targetUrl, targetUser, targetPassword)
                    .locations("classpath:db/migration/postgresql")
                    .load();
            // both refusals come before anything is written to the target, so a refused copy changes nothing there
            String targetVersion = latestVersion(flyway);
            if (MigrationVersion.fromVersion(sourceVersion).compareTo(MigrationVersion.fromVersion(targetVersion)) > 0) {
                throw new CopyRefused("the SQLite file is at schema version " + sourceVersion + ", newer than this "
                        + "portal's " + targetVersion + ": copy with the portal version that last ran on it");
            }
            if (!targetVersion.equals(sourceVersion)) {
                throw new CopyRefused("the SQLite file is at schema version " + sourceVersion + ", this portal's is "
                        + targetVersion + ": start the portal once on the SQLite file to upgrade it, then copy again");
            }
            List<String> tables = tablesInForeignKeyOrder(source);
            Properties props = new Properties();
            if (targetUser != null) props.setProperty("user", targetUser);
            if (targetPassword != null) props.setProperty("password", targetPassword);
            try (Connection target = DriverManager.getConnection(targetUrl, props)) {
                for (String table : existingTables(target, tables)) {
                    if (hasRows(target, table)) {
                        throw new CopyRefused("the target database is not empty (table " + table
                                + " has rows): copy into a fresh database only");
                    }
                }
                flyway.migrate();
                target.setAutoCommit(false);
                Map<String, Long> copied = new LinkedHashMap<>();
                try {
                    for (String table : tables) {
                        copied.put(table, copyTable(source, target, table));
                    }
                    resetIdentities(target, tables);
                    for (String table : tables) {
                        long inTarget = count(target, table);
                        long inSource = count(source, table);
                        if (inTarget != inSource || inTarget != copied.get(table)) {
                            throw new IllegalStateException("table " + table + ": " + inSource + " rows in SQLite, "
                                    + inTarget + " in PostgreSQL");
                        }
                    }
                    target.commit();
                } catch (SQLException | RuntimeException e) {
                    target.rollback();
                    throw e;
                }
                long total = 0;
                for (var entry : copied.entrySet()) {
                    out.printf("%-24s %8d rows%n", entry.getKey(), entry.getValue());
                    total += entry.getValue();
                }
                out.printf("copied %d rows in %d tables in %d ms (schema version %s)%n", total, copied.size(),
                        (System.nanoTime() - started) / 1_000_000, targetVersion);
                return copied;
            }
        }
    }

    private static String flywayVersion(Connection source) throws SQLException {
        try (Statement st = source.createStatement();
                ResultSet rs = st.executeQuery("SELECT version FROM flyway_schema_history WHERE success = 1 AND version IS NOT NULL")) {
            MigrationVersion best = null;
            while (rs.next()) {
                MigrationVersion v = MigrationVersion.fromVersion(rs.getString(1));
                if (best == null || v.compareTo(best) > 0) best = v;
            }
            if (best == null) throw new CopyRefused("the SQLite file has no applied migrations: is it the portal's?");
            return best.getVersion();
        } catch (SQLException e) {
            throw new CopyRefused("the SQLite file has no flyway_schema_history table: is it the portal's database?");
        }
    }

    /** The portal's tables, each after the tables it references. */
    static List<String> tablesInForeignKeyOrder(Connection source) throws SQLException {
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        try (Statement st = source.createStatement();
                ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
            while (rs.next()) {
                String name = rs.getString(1);
                String lower = name.toLowerCase();
                if (lower.startsWith("sqlite_") || lower.equals("flyway_schema_history") || lower.startsWith("qrtz_")) {
                    continue;
                }
                parents.put(plainName(name, "table"), new LinkedHashSet<>());
            }
        }
        for (String table : parents.keySet()) {
            try (Statement st = source.createStatement();
                    ResultSet rs = st.executeQuery("PRAGMA foreign_key_list(\"" + table + "\")")) {
                while (rs.next()) {
                    String parent = rs.getString("table");
                    if (!parent.equals(table)) parents.get(table).add(parent);
                }
            }
        }
        List<String> order = new ArrayList<>();
        while (order.size() < parents.size()) {
            boolean progressed = false;
            for (var entry : parents.entrySet()) {
                if (!order.contains(entry.getKey()) && order.containsAll(entry.getValue().stream()
                        .filter(parents::containsKey).toList())) {
                    order.add(entry.getKey());
                    progressed = true;
                }
            }
            if (!progressed) throw new IllegalStateException("foreign keys form a cycle among " + parents.keySet());
        }
        return order;
    }

    private static String plainName(String name, String what) {
        if (!PLAIN_NAME.matcher(name).matches()) {
            throw new CopyRefused("the SQLite file has a " + what + " named '" + name + "', which no portal migration "
                    + "makes: is it a Mission Control database?");
        }
        return name;
    }

    private long copyTable(Connection source, Connection target, String table) throws SQLException {
        Map<String, Integer> targetTypes = new LinkedHashMap<>();
        DatabaseMetaData meta = target.getMetaData();
        try (ResultSet rs = meta.getColumns(null, target.getSchema(), table, null)) {
            while (rs.next()) targetTypes.put(rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE"));
        }
        if (targetTypes.isEmpty()) {
            throw new IllegalStateException("table " + table + " is in the SQLite file but not in PostgreSQL's schema");
        }
        long rows = 0;
        try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM \"" + table + "\"")) {
            int n = rs.getMetaData().getColumnCount();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                String column = plainName(rs.getMetaData().getColumnName(i), "column of " + table);
                if (!targetTypes.containsKey(column)) {
                    throw new IllegalStateException("column " + table + "." + column + " is not in PostgreSQL's schema");
                }
                columns.add(column);
            }
            String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                    + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
            try (PreparedStatement insert = target.prepareStatement(sql)) {
                while (rs.next()) {
                    for (int i = 1; i <= n; i++) {
                        String column = columns.get(i - 1);
                        bind(insert, i, rs.getObject(i), targetTypes.get(column), table + "." + column);
                    }
                    insert.addBatch();
                    if (++rows % BATCH == 0) insert.executeBatch();
                }
                insert.executeBatch();
            }
        }
        return rows;
    }

    /** SQLite keeps timestamps as epoch milliseconds (or text), booleans as 0/1, JSON as text. */
    static void bind(PreparedStatement insert, int index, Object value, int targetType, String column)
            throws SQLException {
        if (value == null) {
            insert.setNull(index, targetType);
            return;
        }
        switch (targetType) {
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE ->
                    insert.setObject(index, instant(value, column).atOffset(ZoneOffset.UTC));
            case Types.BOOLEAN, Types.BIT -> insert.setBoolean(index, bool(value, column));
            case Types.INTEGER, Types.SMALLINT -> insert.setInt(index, ((Number) value).intValue());
            case Types.BIGINT -> insert.setLong(index, ((Number) value).longValue());
            case Types.OTHER -> insert.setObject(index, value.toString(), Types.OTHER); // json/jsonb
            default -> insert.setObject(index, value);
        }
    }

    static Instant instant(Object value, String column) {
        if (value instanceof Number n) return Instant.ofEpochMilli(n.longValue());
        String text = value.toString().trim();
        if (text.matches("-?\\d+")) return Instant.ofEpochMilli(Long.parseLong(text));
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text, SQLITE_TEXT).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new IllegalStateException(column + ": not a timestamp: " + text);
            }
        }
    }

    static boolean bool(Object value, String column) {
        if (value instanceof Number n) return n.intValue() != 0;
        return switch (value.toString().trim().toLowerCase()) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw new IllegalStateException(column + ": not a boolean: " + value);
        };
    }

    private static void resetIdentities(Connection target, List<String> tables) throws SQLException {
        for (String table : tables) {
            List<String> identity = new ArrayList<>();
            try (PreparedStatement ps = target.prepareStatement("SELECT column_name FROM information_schema.columns "
                    + "WHERE table_schema = current_schema() AND table_name = ? "
                    + "AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) identity.add(rs.getString(1));
                }
            }
            for (String column : identity) {
                try (Statement st = target.createStatement()) {
                    st.execute("SELECT setval(pg_get_serial_sequence('" + table + "', '" + column + "'), "
                            + "COALESCE((SELECT MAX(" + column + ") FROM " + table + "), 0) + 1, false)");
                }
            }
        }
    }

    /** The newest version among this portal's PostgreSQL migrations (what migrate brings the target to). */
    private static String latestVersion(Flyway flyway) {
        MigrationVersion best = null;
        for (var migration : flyway.info().all()) {
            MigrationVersion v = migration.getVersion();
            if (v != null && (best == null || v.compareTo(best) > 0)) best = v;
        }
        if (best == null) throw new IllegalStateException("no PostgreSQL migrations on the classpath");
        return best.getVersion();
    }

    /** Those of the tables the target already has (a fresh database has none of them). */
    private static List<String> existingTables(Connection target, List<String> tables) throws SQLException {
        List<String> existing = new ArrayList<>();
        for (String table : tables) {
            try (ResultSet rs = target.getMetaData().getTables(null, target.getSchema(), table, new String[] {"TABLE"})) {
                if (rs.next()) existing.add(table);
            }
        }
        return existing;
    }

    private static boolean hasRows(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1 FROM " + table + " LIMIT 1")) {
            return rs.next();
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM \"" + table + "\"")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
