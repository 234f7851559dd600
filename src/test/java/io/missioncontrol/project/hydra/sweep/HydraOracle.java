package io.missioncontrol.project.hydra.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Where real Hydra, the test oracle, is: {@code MISSIONCONTROL_HYDRA_ORACLE} (its {@code src} folder), or a
 * {@code shared/reference/hydra/src} folder beside the checkout or one of its parents. Run with the system Python,
 * which sees Debian's packages (its {@code setup.sh} installs them; scripts/test-env.sh runs it).
 */
final class HydraOracle {

    private HydraOracle() {
    }

    static Path sourceFolder() {
        Optional<Path> found = Optional.ofNullable(System.getenv("MISSIONCONTROL_HYDRA_ORACLE")).map(Path::of);
        if (found.isEmpty()) {
            for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("shared/reference/hydra/src");
                if (Files.isDirectory(candidate.resolve("hydra"))) {
                    found = Optional.of(candidate);
                    break;
                }
            }
        }
        Assumptions.assumeTrue(found.isPresent(), "the Hydra oracle (shared/reference/hydra) is not beside this "
                + "checkout and MISSIONCONTROL_HYDRA_ORACLE is not set");
        return found.get();
    }

    static ProcessBuilder python(Path script) {
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        ProcessBuilder builder = new ProcessBuilder(python, script.toString());
        builder.environment().put("PYTHONPATH", sourceFolder().toString());
        return builder;
    }
}
