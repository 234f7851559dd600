package io.missioncontrol.project;

import java.util.Optional;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface ProjectRepository extends JpaRepository<Project, String> {

    Optional<Project> findByName(String name);

    Optional<Project> findByLocalPath(String localPath);

    /** Names are unique regardless of case: they become folder names on clusters. */
    Optional<Project> findFirstByNameIgnoreCase(String name);

    /** One page of projects with their job counts, for grids (no COUNT over the table). */
    @Query("""
            select new io.missioncontrol.project.ProjectSummary(p.id, p.name, p.currentBranch, p.currentCommit,
                   p.dirty, p.pushed, p.lastSynced, p.addedAt,
                   (select count(j) from Job j where j.projectId = p.id), p.localPath)
            from Project p""")
    Slice<ProjectSummary> findSummaries(Pageable pageable);
}
