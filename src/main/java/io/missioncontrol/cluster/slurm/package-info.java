/**
 * SLURM over SSH: {@link io.missioncontrol.cluster.slurm.SlurmCommands} (fixed {@code -o}/{@code -O}/
 * {@code --parsable} formats), pure parsers (checked against captured SLURM 22.05 output in
 * {@code src/test/resources/slurm-output/}), {@link io.missioncontrol.cluster.slurm.SlurmErrors} mapping stderr
 * to typed exceptions, and {@link io.missioncontrol.cluster.slurm.SlurmClient} tying them to
 * {@link io.missioncontrol.cluster.ssh.RemoteExec}; and the rule book of what a job may ask SLURM for,
 * {@link io.missioncontrol.cluster.slurm.SlurmRules} and {@link io.missioncontrol.cluster.slurm.SlurmResources},
 * with SLURM's time spellings in {@link io.missioncontrol.cluster.slurm.SlurmTime}.
 */
package io.missioncontrol.cluster.slurm;
