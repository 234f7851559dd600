package io.missioncontrol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * The Spring tests' PostgreSQL run (Surefire execution {@code postgres} in pom.xml): every Spring context gets a
 * database of its own, as every context gets a fresh SQLite file in the SQLite run. Switched on by the system
 * property {@value #ENV_FILE_PROPERTY} (the {@code postgres.env} that {@code scripts/dev-postgres.sh up} writes)
 * together with the profile {@code postgres}; without that property it does nothing, so processes that tests
 * start with their own database settings keep them.
 *
 * <p>The first context of a test JVM also drops the {@code mc_test_*} databases of earlier runs that nobody is
 * connected to (PostgreSQL refuses to drop a database in use, so a run going on beside this one keeps its own).
 */
public class FreshPostgresDatabase implements EnvironmentPostProcessor, Ordered {

    /** Path of the env file with SPRING_DATASOURCE_URL / _USERNAME / _PASSWORD of a role that may create databases. */
    public static final String ENV_FILE_PROPERTY = "missioncontrol.test.postgres-env";
    static final String PREFIX = "mc_test_";

    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/?]+/)([^?]*)(\\?.*)?$");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The databases this JVM made: never dropped by its own clean-up. */
    private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();
    private static volatile boolean cleanedUp;

    private final Log log;

    public FreshPostgresDatabase(DeferredLogFactory logs) {
        this.log = logs.getLog(FreshPostgresDatabase.class);
    }

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1; // once the profiles and config files are known
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String envFile = environment.getProperty(ENV_FILE_PROPERTY);
        if (envFile == null || envFile.isBlank()) {
            return;
        }
        if (!environment.acceptsProfiles(Profiles.of("postgres"))) {
            throw new IllegalStateException(ENV_FILE_PROPERTY + " is set, but the profile 'postgres' is not active: "
                    + "the PostgreSQL test run sets spring.profiles.active=postgres");
        }
        Map<String, String> admin = readEnvFile(Path.of(envFile));
        String adminUrl = admin.get("SPRING_DATASOURCE_URL");
        Matcher url = URL.matcher(adminUrl == null ? "" : adminUrl);
        if (!url.matches()) {
            throw new IllegalStateException("SPRING_DATASOURCE_URL in " + envFile
                    + " is not a jdbc:postgresql://host:port/database URL: " + adminUrl);
        }
        String user = admin.get("SPRING_DATASOURCE_USERNAME");
        String password = admin.get("SPRING_DATASOURCE_PASSWORD");
        String database = PREFIX + HexFormat.of().formatHex(randomBytes());
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = connection.createStatement()) {
            if (!cleanedUp) {
                cleanedUp = true;
                dropUnusedTestDatabases(statement);
            }
            // a fresh name of hex digits only: nothing to quote
            statement.execute("CREATE DATABASE " + database);
            CREATED.add(database);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the test database on " + adminUrl + " as " + user
                    + " (is the dev PostgreSQL up? bash scripts/dev-postgres.sh up): " + e.getMessage(), e);
        }
        String testUrl = url.group(1) + database + (url.group(3) == null ? "" : url.group(3));
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.datasource.url", testUrl);
        properties.put("spring.datasource.username", user);
        properties.put("spring.datasource.password", password);
        environment.getPropertySources().addFirst(new MapPropertySource("freshPostgresDatabase", properties));
        log.info("Spring context on the fresh PostgreSQL database " + testUrl);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private void dropUnusedTestDatabases(Statement statement) throws SQLException {
        List<String> old = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(
                "select datname from pg_database where datname like 'mc\\_test\\_%'")) {
            while (rows.next()) {
                old.add(rows.getString(1));
            }
        }
        for (String name : old) {
            if (CREATED.contains(name) || !name.matches("mc_test_[0-9a-f]+")) {
                continue;
            }
            try {
                statement.execute("DROP DATABASE IF EXISTS " + name);
            } catch (SQLException inUse) {
                log.info("Kept the test database " + name + ": " + inUse.getMessage());
            }
        }
    }

    /** The variables of a {@code postgres.env} written by {@code scripts/dev-postgres.sh}. */
    public static Map<String, String> readEnvFile(Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("The PostgreSQL test run needs the dev PostgreSQL, and " + file
                    + " is missing: run bash scripts/dev-postgres.sh up (./mvnw verify does it through"
                    + " scripts/test-env.sh)");
        }
        Map<String, String> values = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int equals = line.indexOf('=');
                if (equals > 0 && !line.startsWith("#")) {
                    values.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }
}
