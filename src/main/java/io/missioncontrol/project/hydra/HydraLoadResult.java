package io.missioncontrol.project.hydra;

import java.util.List;
import java.util.Objects;

/**
 * What {@link HydraConfigLoader#load} found: a composed config, no config at all, or a config that
 * cannot be read. Never an exception, so a page can show any of the three.
 */
public sealed interface HydraLoadResult {

    /** A line for the user: what was found or what is wrong. */
    String message();

    /** The config, or a {@link HydraConfigException} with the message of the other outcomes. */
    HydraConfig orElseThrow();

    /** The primary config was found and composed. */
    record Loaded(HydraConfig config) implements HydraLoadResult {
        public Loaded {
            Objects.requireNonNull(config, "config");
        }

        @Override
        public String message() {
            String dir = config.configPath().isEmpty() ? "" : config.configPath() + "/";
            return "Hydra config " + dir + config.configName() + ".yaml";
        }

        @Override
        public HydraConfig orElseThrow() {
            return config;
        }
    }

    /**
     * No primary config: the project has no Hydra config where it was looked for.
     *
     * @param lookedAt the files looked at, relative to the project root, in order
     */
    record NotFound(List<String> lookedAt) implements HydraLoadResult {
        public NotFound {
            lookedAt = List.copyOf(lookedAt);
        }

        @Override
        public String message() {
            return "no Hydra config found (looked at " + String.join(", ", lookedAt) + ")";
        }

        @Override
        public HydraConfig orElseThrow() {
            throw new HydraConfigException(null, 0, message());
        }
    }

    /** The config exists but cannot be read or composed; the error names the file and line. */
    record Invalid(HydraConfigException error) implements HydraLoadResult {
        public Invalid {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public String message() {
            return error.getMessage();
        }

        @Override
        public HydraConfig orElseThrow() {
            throw error;
        }
    }
}
