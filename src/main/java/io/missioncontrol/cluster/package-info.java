/**
 * Clusters the portal reaches over SSH: {@link io.missioncontrol.cluster.ClusterDefinition} and its loader
 * ({@code config/clusters.yaml}, every field documented in {@code config/clusters.yaml.example}),
 * {@link io.missioncontrol.cluster.ClusterService} (the configured clusters and their last-seen reachability) and
 * {@link io.missioncontrol.cluster.ClusterGateway}, the one door other features use for anything remote, each
 * call acting as a {@link io.missioncontrol.cluster.ClusterIdentity}.
 *
 * <p>Below the gateway, plain Java: nothing in {@code ssh}, {@code slurm} or {@code gpu} knows Spring, JPA or
 * Vaadin (views are in {@code ui}, REST in {@code api}). {@code ssh} opens and pools connections (one per
 * identity), runs quoted commands and moves files; {@code slurm} builds SLURM's command lines and parses their
 * fixed-format output; {@code gpu} aggregates GPU availability. Every failure is a {@link io.missioncontrol.cluster.ClusterException} whose message a person can act on. Only this
 * feature may use {@code ssh}; what callers need of it ({@link io.missioncontrol.cluster.FileSlice},
 * {@link io.missioncontrol.cluster.LogTail}, {@link io.missioncontrol.cluster.RemoteFileException}) lives here.
 */
package io.missioncontrol.cluster;
