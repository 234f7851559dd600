package io.missioncontrol.job;

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
}
