package io.missioncontrol.project;

/** A project that was deleted, and how many job records went with it. */
public record ProjectDeletion(String projectId, String projectName, long jobsDeleted) {
}
