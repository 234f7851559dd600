package io.missioncontrol.job;

import io.missioncontrol.project.ProjectJobCounts;
import io.missioncontrol.project.ProjectJobs;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The job records of projects, as the project feature needs them ({@link ProjectJobs}). */
@Component
@Transactional(readOnly = true)
class ProjectJobRecords implements ProjectJobs {

    private final JobRepository jobs;

    ProjectJobRecords(JobRepository jobs) {
        this.jobs = jobs;
    }

    @Override
    public ProjectJobCounts counts(String projectId) {
        return new ProjectJobCounts(jobs.countByProjectId(projectId),
                jobs.countByProjectIdAndStatusIn(projectId, JobService.ACTIVE_STATUSES));
    }

    @Override
    public Map<String, Long> totals(Collection<String> projectIds) {
        return jobs.countPerProject(projectIds).stream()
                .collect(Collectors.toMap(JobRepository.ProjectJobTotal::getProjectId,
                        JobRepository.ProjectJobTotal::getJobs));
    }

    /**
     * Why no job recorded meanwhile is ever deleted with the project: the check and the delete run in one
     * REPEATABLE READ transaction, and the delete statement itself re-checks "no active job".
     * <ul>
     * <li>SQLite runs each write alone under its database lock, so no insert fits inside the statement; an insert
     * committed after this transaction's first read makes the delete fail (stale WAL snapshot) instead.</li>
     * <li>PostgreSQL: at READ COMMITTED a job inserted but not yet committed when the statement starts is not seen
     * by its NOT EXISTS, the statement then waits for that insert (foreign key lock) and ON DELETE CASCADE deletes
     * the job once it is committed. At REPEATABLE READ the cascade fails instead ("could not serialize access")
     * for any job the transaction's snapshot did not see. (A {@code PESSIMISTIC_WRITE} lock on the project would
     * not help: Hibernate takes it as {@code FOR NO KEY UPDATE}, which an insert's foreign key check does not
     * wait for.)</li>
     * </ul>
     * Either failure is a {@link org.springframework.dao.ConcurrencyFailureException}: nothing was deleted.
     */
    @Override
    @Transactional(propagation = Propagation.REQUIRES_NEW, isolation = Isolation.REPEATABLE_READ)
    public Deletion deleteUnlessAJobIsActive(String projectId) {
        ProjectJobCounts counts = counts(projectId);
        if (counts.active() > 0) {
            return new Deletion(false, counts);
        }
        boolean deleted = jobs.deleteProjectUnlessAJobIsIn(projectId, JobService.ACTIVE_STATUSES) == 1;
        return new Deletion(deleted, counts);
    }
}
