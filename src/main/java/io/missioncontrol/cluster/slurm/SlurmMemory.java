package io.missioncontrol.cluster.slurm;

/**
 * Memory per node as {@code sbatch --mem} takes it, already checked by {@link SlurmRules#memory}.
 *
 * @param text       as written, the suffix upper-cased: {@code 32G}, {@code 16000M}, {@code 16000} (megabytes)
 * @param megabytes  what SLURM makes of it (kilobytes round up, as sbatch does); 0 asks for all of a node's memory
 */
public record SlurmMemory(String text, long megabytes) {
}
