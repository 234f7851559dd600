package io.missioncontrol.job;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reading jobs for grids and pages. */
@Service
@Transactional(readOnly = true)
public class JobService {

    /** Newest first unless the caller sorts otherwise. */
    static final Sort DEFAULT_SORT = Sort.by(Sort.Direction.DESC, "submittedAt");

    /** The states in which a job may still change ({@link JobStatus#isActive()}). */
    public static final Set<JobStatus> ACTIVE_STATUSES = Collections.unmodifiableSet(Arrays.stream(JobStatus.values())
            .filter(JobStatus::isActive)
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(JobStatus.class))));

    private final JobRepository jobs;

    public JobService(JobRepository jobs) {
        this.jobs = jobs;
    }

    public Slice<JobSummary> findSummaries(Pageable pageable) {
        Pageable sorted = pageable.getSort().isSorted() ? pageable
                : PageRequest.of(pageable.getPageNumber(), pageable.getPageSize(), DEFAULT_SORT);
        return jobs.findSummaries(sorted);
    }

    public boolean hasJobs() {
        return !jobs.findSummaries(PageRequest.of(0, 1)).isEmpty();
    }

    /** One page of a project's jobs, newest first unless sorted otherwise; an empty status set means every state. */
    public Slice<JobSummary> findSummariesByProject(String projectId, Set<JobStatus> statuses, Pageable pageable) {
        Pageable sorted = pageable.getSort().isSorted() ? pageable
                : PageRequest.of(pageable.getPageNumber(), pageable.getPageSize(), DEFAULT_SORT);
        return statuses == null || statuses.isEmpty()
                ? jobs.findSummariesByProject(projectId, sorted)
                : jobs.findSummariesByProjectAndStatusIn(projectId, statuses, sorted);
    }
}
