package io.missioncontrol.project;

import java.util.Optional;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface ProjectRepository extends JpaRepository<Project, String> {

    Optional<Project> findByLocalPath(String localPath);

    /** Names are unique regardless of case: they become folder names on clusters. */
    Optional<Project> findFirstByNameIgnoreCase(String name);

    /** One page of projects for grids (a slice: no COUNT over the table). */
    @Query("select p from Project p")
    Slice<Project> findPage(Pageable pageable);
}
