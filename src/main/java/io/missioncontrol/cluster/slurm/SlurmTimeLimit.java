package io.missioncontrol.cluster.slurm;

import java.time.Duration;

/**
 * A time limit as {@code sbatch --time} takes it, already checked by {@link SlurmRules#timeLimit}.
 *
 * @param text     as written ({@code 90}, {@code 04:00:00}, {@code 1-12:00:00})
 * @param duration what SLURM makes of it
 */
public record SlurmTimeLimit(String text, Duration duration) {
}
