package io.missioncontrol.project;

import java.util.Collection;
import java.util.Map;

/**
 * What the project feature needs to know about the jobs launched from projects: how many there are, and
 * whether one is still active when a project is deleted. The job feature implements it (a Spring bean), so
 * dependencies point from {@code job} to {@code project} only.
 */
public interface ProjectJobs {

    /** How many job records the project has, and how many of them are active. */
    ProjectJobCounts counts(String projectId);

    /**
     * How many job records each of these projects has, in one query (a grid page's worth); projects without
     * jobs are absent from the answer.
     */
    Map<String, Long> totals(Collection<String> projectIds);

    /**
     * Deletes the project and its job records (with their status history) unless one of its jobs is active, in a
     * transaction of its own and atomically: a job recorded meanwhile is never deleted with the project.
     *
     * @return whether the project was deleted, and the job counts it was decided on (not deleted and no active
     *         job: there was no such project)
     * @throws org.springframework.dao.ConcurrencyFailureException when the project's jobs changed while it was
     *         being deleted (nothing was deleted)
     */
    Deletion deleteUnlessAJobIsActive(String projectId);

    /** The outcome of {@link #deleteUnlessAJobIsActive}. */
    record Deletion(boolean deleted, ProjectJobCounts counts) {
    }
}
