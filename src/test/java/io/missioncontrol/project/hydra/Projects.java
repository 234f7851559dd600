package io.missioncontrol.project.hydra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds small project folders for tests and finds the fixtures under src/test/resources/hydra. */
final class Projects {

    private Projects() {
    }

    /** Writes files into {@code root}: pairs of relative path and content. */
    static Path write(Path root, String... pathsAndContents) {
        if (pathsAndContents.length % 2 != 0) {
            throw new IllegalArgumentException("pairs of path and content expected");
        }
        try {
            for (int i = 0; i < pathsAndContents.length; i += 2) {
                Path file = root.resolve(pathsAndContents[i]);
                Files.createDirectories(file.getParent());
                Files.writeString(file, pathsAndContents[i + 1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root;
    }

    /** A fixture project from src/test/resources/hydra/{name}. */
    static Path fixture(String name) {
        try {
            return Path.of(Projects.class.getResource("/hydra/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The composed config of the fixture "vision". */
    static HydraConfig vision() {
        return HydraConfigLoader.load(fixture("vision")).orElseThrow();
    }
}
