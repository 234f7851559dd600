package io.missioncontrol.project;

/**
 * How many job records a project has, and how many of them are still active (being submitted,
 * queued or running), e.g. to say what deleting it removes.
 */
public record ProjectJobCounts(long total, long active) {
}
