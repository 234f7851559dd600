/**
 * Clusters the portal reaches over SSH: {@link io.missioncontrol.cluster.ClusterDefinition} and its loader
 * ({@code config/clusters.yaml}, every field documented in {@code config/clusters.yaml.example}).
 *
 * <p>Plain Java below the services: nothing in {@code io.missioncontrol.cluster} and its sub-packages knows
 * Spring, JPA or Vaadin. {@code ssh} opens and pools connections, runs quoted commands and moves files;
 * {@code slurm} builds SLURM's command lines and parses their fixed-format output; {@code gpu} aggregates and
 * caches GPU availability. Every failure is a {@link io.missioncontrol.cluster.ClusterException} whose
 * message a person can act on.
 */
package io.missioncontrol.cluster;
