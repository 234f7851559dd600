package io.missioncontrol.base;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Creates the folder of the SQLite database file before the data source opens it: SQLite creates
 * the file but not its folder, and a fresh clone has no {@code data/}. Registered in
 * {@code META-INF/spring.factories} so it runs before any bean exists.
 */
public class SqliteFolderCreator implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    private static final String PREFIX = "jdbc:sqlite:";

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        String url = event.getEnvironment().getProperty("spring.datasource.url");
        Path file = sqliteFile(url);
        if (file == null || file.getParent() == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the folder of the database file " + file, e);
        }
    }

    /** The file a {@code jdbc:sqlite:} URL points at, or null for other databases and in-memory SQLite. */
    static Path sqliteFile(String url) {
        if (url == null || !url.startsWith(PREFIX)) {
            return null;
        }
        String rest = url.substring(PREFIX.length());
        int query = rest.indexOf('?');
        String path = query >= 0 ? rest.substring(0, query) : rest;
        if (path.isEmpty() || path.equals(":memory:") || path.startsWith("file::memory:")) {
            return null;
        }
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
        }
        return Path.of(path);
    }
}
