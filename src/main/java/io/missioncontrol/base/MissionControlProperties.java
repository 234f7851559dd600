package io.missioncontrol.base;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything Mission Control itself is configured with, under {@code missioncontrol.*}.
 *
 * @param clustersFile the clusters definition file (YAML)
 * @param pollInterval how often active jobs are polled
 * @param dataDir where the SQLite file and other local state live
 * @param slurmTemplate the Velocity template batch scripts are rendered from
 */
@ConfigurationProperties("missioncontrol")
public record MissionControlProperties(
        @DefaultValue("config/clusters.yaml") Path clustersFile,
        @DefaultValue("30s") Duration pollInterval,
        @DefaultValue("data") Path dataDir,
        @DefaultValue("config/slurm_template.vm") Path slurmTemplate) {
}
