package io.missioncontrol.project.hydra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Real Hydra, the test oracle: {@code MISSIONCONTROL_HYDRA_ORACLE} (its {@code src} folder), or a
 * {@code shared/reference/hydra/src} folder beside the checkout or one of its parents, run with the system Python
 * (which sees Debian's packages; its {@code setup.sh} installs them, scripts/test-env.sh runs it). A test without
 * the oracle is skipped with the reason.
 */
public final class HydraOracle {

    private HydraOracle() {
    }

    /**
     * Runs one of the oracle scripts in src/test/resources/hydra-oracle on a config folder: one Python process for
     * all cases, one JSON answer per case.
     */
    public static List<JsonNode> ask(String script, Path configDir, String configName, List<List<String>> cases) {
        Path hydraSrc = sourceFolder();
        ObjectMapper json = new ObjectMapper();
        try {
            Path file = Path.of(HydraOracle.class.getResource("/hydra-oracle/" + script).toURI());
            String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
            ProcessBuilder builder = new ProcessBuilder(python, "-W", "ignore", file.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().put("PYTHONPATH", hydraSrc.toString());
            Process process = builder.start();
            process.getOutputStream().write(json.writeValueAsBytes(Map.of("config_dir", configDir.toString(),
                    "config_name", configName, "cases", cases)));
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("the Hydra oracle at " + hydraSrc + " ran").isZero();
            List<JsonNode> answers = new ArrayList<>();
            json.readTree(new String(out, StandardCharsets.UTF_8)).forEach(answers::add);
            assertThat(answers).hasSize(cases.size());
            return answers;
        } catch (java.io.IOException | URISyntaxException e) {
            throw new IllegalStateException("could not run the Hydra oracle " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Path sourceFolder() {
        Optional<Path> found = Optional.ofNullable(System.getenv("MISSIONCONTROL_HYDRA_ORACLE")).map(Path::of);
        for (Path dir = Path.of("").toAbsolutePath(); found.isEmpty() && dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("shared/reference/hydra/src/hydra"))) {
                found = Optional.of(dir.resolve("shared/reference/hydra/src"));
            }
        }
        Assumptions.assumeTrue(found.isPresent(), "the Hydra oracle (shared/reference/hydra) is not beside this "
                + "checkout and MISSIONCONTROL_HYDRA_ORACLE is not set");
        return found.get();
    }
}
