/**
 * A project's Hydra configuration and the overrides users type for it. Plain Java: no Spring, no
 * Vaadin, no JPA.
 *
 * <ul>
 *   <li>{@link io.missioncontrol.project.hydra.HydraConfigLoader} finds the primary config and
 *       composes it into a {@link io.missioncontrol.project.hydra.HydraConfig} (groups, default
 *       values, a flattened typed view for forms), answering with a
 *       {@link io.missioncontrol.project.hydra.HydraLoadResult}. A loaded config composes again
 *       with other group choices ({@link io.missioncontrol.project.hydra.HydraConfig#withChoices},
 *       as Hydra does for {@code model=mlp} on the command line), reading each file once.</li>
 *   <li>{@link io.missioncontrol.project.hydra.HydraOverride} is one command-line override,
 *       parsed from what a user types and rendered as one Hydra-quoted argument.</li>
 *   <li>{@link io.missioncontrol.project.hydra.HydraOverrides} checks overrides against a config
 *       (value keys against the config composed with the set's group overrides) and builds them
 *       from form fields, returning
 *       {@link io.missioncontrol.project.hydra.OverrideProblem}s instead of throwing.</li>
 * </ul>
 *
 * <p>Hydra-level quoting only: each argument still has to be shell-quoted as a whole before it
 * reaches a shell.
 */
package io.missioncontrol.project.hydra;
