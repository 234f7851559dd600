package io.missioncontrol.job.multi;

import static org.assertj.core.api.Assertions.fail;

import io.missioncontrol.FreshPostgresDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The dev PostgreSQL of {@code scripts/dev-postgres.sh up}, read from its {@code data/dev-postgres/postgres.env}: a
 * missing file fails the test with what to run. Tests make a fresh database each and drop it afterwards.
 */
final class DevPostgres {

    static final Path ENV_FILE = Path.of("data/dev-postgres/postgres.env");

    final String url;
    final String user;
    final String password;

    private DevPostgres(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    static DevPostgres fromEnvFile() {
        if (!Files.isRegularFile(ENV_FILE)) {
            fail("The dev PostgreSQL's " + ENV_FILE.toAbsolutePath() + " does not exist: start it with "
                    + "`scripts/dev-postgres.sh up`");
        }
        Map<String, String> env = FreshPostgresDatabase.readEnvFile(ENV_FILE);
        return new DevPostgres(env.get("SPRING_DATASOURCE_URL"), env.get("SPRING_DATASOURCE_USERNAME"),
                env.get("SPRING_DATASOURCE_PASSWORD"));
    }

    /** The URL of {@code database} on the same server. */
    String urlOf(String database) {
        return url.substring(0, url.lastIndexOf('/') + 1) + database;
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(urlOf(database), user, password);
    }

    /** {@code name}: letters, digits and underscores only (it is not quoted). */
    void createDatabase(String name) throws SQLException {
        execute("create database " + requireName(name));
    }

    void dropDatabase(String name) throws SQLException {
        execute("drop database if exists " + requireName(name) + " with (force)");
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String requireName(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        return name;
    }
}
