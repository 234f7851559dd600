package io.missioncontrol.project;

import java.util.List;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registered projects: listing now; adding, syncing and deleting come with the Projects feature. */
@Service
@Transactional(readOnly = true)
public class ProjectService {

    /** Newest first unless the caller sorts otherwise. */
    static final Sort DEFAULT_SORT = Sort.by(Sort.Direction.DESC, "addedAt");

    private final ProjectRepository projects;

    public ProjectService(ProjectRepository projects) {
        this.projects = projects;
    }

    public Slice<ProjectSummary> findSummaries(Pageable pageable) {
        Pageable sorted = pageable.getSort().isSorted() ? pageable
                : PageRequest.of(pageable.getPageNumber(), pageable.getPageSize(), DEFAULT_SORT);
        return projects.findSummaries(sorted);
    }

    public List<Project> findAll() {
        return projects.findAll(DEFAULT_SORT);
    }

    public boolean hasProjects() {
        return projects.count() > 0;
    }
}
