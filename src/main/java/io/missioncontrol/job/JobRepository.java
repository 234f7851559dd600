package io.missioncontrol.job;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

public interface JobRepository extends JpaRepository<Job, String> {

    /** One job as grids show it. */
    @Query("""
            select new io.missioncontrol.job.JobSummary(j.id, j.name, p.id, p.name, j.cluster, j.status,
                   j.slurmJobId, j.submittedAt, j.updatedAt, j.lastSeenAt, j.statusStaleSince)
            from Job j join j.project p where j.id = :id""")
    java.util.Optional<JobSummary> findSummary(String id);

    @Query("select distinct j.cluster from Job j order by j.cluster")
    List<String> findDistinctClusters();

    /**
     * Records that the poller saw these jobs again, unchanged (one statement for many jobs); jobs that left
     * {@code statuses} meanwhile are left alone. Returns the rows changed.
     */
    @Modifying
    @Query("update Job j set j.lastSeenAt = :at where j.id in :ids and j.status in :statuses")
    int markSeen(Collection<String> ids, Instant at, Collection<JobStatus> statuses);

    /** Stores the W&B run URL unless the job has one already; returns the rows changed (0 or 1). */
    @Modifying
    @Transactional
    @Query("update Job j set j.wandbRunUrl = :url where j.id = :id and j.wandbRunUrl is null")
    int storeWandbRunUrlOnce(String id, String url);

    List<Job> findByStatusIn(Collection<JobStatus> statuses);

    long countByStatusIn(Collection<JobStatus> statuses);

    Optional<Job> findByRequestKey(String requestKey);

    /** {@code count(*)}, answered from the (project_id, submitted_at) index without reading job rows. */
    @Query("select count(*) from Job j where j.projectId = :projectId")
    long countByProjectId(String projectId);

    long countByProjectIdAndStatusIn(String projectId, Collection<JobStatus> statuses);

    /**
     * The number of job records of each of these projects that has any, in one grouped query. {@code count(*)},
     * which SQLite answers from the (project_id, submitted_at) index alone; {@code count(j)} becomes
     * {@code count(j.id)}, which reads every job row of the project (150 ms instead of 5 ms for the dashboard's
     * projects grid with 100,000 jobs).
     */
    @Query("""
            select j.projectId as projectId, count(*) as jobs from Job j
            where j.projectId in :projectIds group by j.projectId""")
    List<ProjectJobTotal> countPerProject(Collection<String> projectIds);

    /** One row of {@link #countPerProject}. */
    interface ProjectJobTotal {
        String getProjectId();

        long getJobs();
    }

    /**
     * Deletes the project unless one of its jobs is in one of the given states, in one statement (so a job
     * started meanwhile cannot be deleted with it). Its jobs go with it (ON DELETE CASCADE).
     *
     * @return 1 when deleted, 0 when a job blocked it or the project does not exist
     */
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("""
            delete from Project p where p.id = :projectId
            and not exists (select j.id from Job j where j.projectId = p.id and j.status in :statuses)""")
    int deleteProjectUnlessAJobIsIn(String projectId, Collection<JobStatus> statuses);
}
