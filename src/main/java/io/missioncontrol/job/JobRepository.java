package io.missioncontrol.job;

import java.util.Collection;
import java.util.List;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface JobRepository extends JpaRepository<Job, String> {

    /** One page of jobs as grids show them (no COUNT over the table: grids scroll on). */
    @Query("""
            select new io.missioncontrol.job.JobSummary(j.id, j.name, p.id, p.name, j.cluster, j.status,
                   j.slurmJobId, j.submittedAt, j.updatedAt)
            from Job j join j.project p""")
    Slice<JobSummary> findSummaries(Pageable pageable);

    List<Job> findByStatusIn(Collection<JobStatus> statuses);

    long countByProjectId(String projectId);
}
