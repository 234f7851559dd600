/**
 * Git for projects, with JGit and no network access: {@link io.missioncontrol.project.git.GitInspector} validates
 * a project path and reads branch, HEAD, origin URL, dirty files and pushed state;
 * {@link io.missioncontrol.project.git.GitBundleWriter} packs a commit that is not on the remote into a bundle
 * the cluster can {@code git clone}. Problems are {@link io.missioncontrol.project.git.GitProjectException}s whose
 * messages name the path and can be shown to the user as they are.
 */
package io.missioncontrol.project.git;
