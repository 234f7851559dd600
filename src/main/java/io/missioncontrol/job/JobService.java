package io.missioncontrol.job;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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

    /** The states in which a job may still change ({@link JobStatus#isActive()}). */
    public static final Set<JobStatus> ACTIVE_STATUSES = Collections.unmodifiableSet(Arrays.stream(JobStatus.values())
            .filter(JobStatus::isActive)
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(JobStatus.class))));

    /** Newest first, then by id so pages never overlap when times are equal. */
    static final Sort LIST_SORT = Sort.by(Sort.Order.desc("submittedAt"), Sort.Order.desc("id"));

    /**
     * What a job list is narrowed to; every part is optional ({@code null} or empty: no filter).
     *
     * @param projectId     only this project's jobs
     * @param cluster       only jobs on this cluster
     * @param statuses      only jobs in one of these states
     * @param text          only jobs whose name or description contains this (case-insensitive for ASCII)
     * @param submittedFrom submitted at or after
     * @param submittedTo   submitted at or before
     */
    public record Filter(String projectId, String cluster, Set<JobStatus> statuses, String text,
                         Instant submittedFrom, Instant submittedTo) {

        public static final Filter NONE = new Filter(null, null, Set.of(), null, null, null);

        public Filter {
            projectId = blankToNull(projectId);
            cluster = blankToNull(cluster);
            statuses = statuses == null || statuses.isEmpty() ? Set.of() : Set.copyOf(statuses);
            text = blankToNull(text);
        }

        public Filter withProject(String id) {
            return new Filter(id, cluster, statuses, text, submittedFrom, submittedTo);
        }

        public Filter withCluster(String name) {
            return new Filter(projectId, name, statuses, text, submittedFrom, submittedTo);
        }

        public Filter withStatuses(Set<JobStatus> states) {
            return new Filter(projectId, cluster, states, text, submittedFrom, submittedTo);
        }

        public Filter withText(String t) {
            return new Filter(projectId, cluster, statuses, t, submittedFrom, submittedTo);
        }

        /** The text as a LIKE pattern: lower case, {@code %} {@code _} and backslash escaped. */
        String likePattern() {
            if (text == null) {
                return null;
            }
            String escaped = text.strip().toLowerCase(Locale.ROOT)
                    .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
            return "%" + escaped + "%";
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.strip();
        }
    }

    private final JobRepository jobs;
    private final JobStatusChangeRepository history;
    private final JobListQuery listQuery;

    public JobService(JobRepository jobs, JobStatusChangeRepository history, JobListQuery listQuery) {
        this.jobs = jobs;
        this.history = history;
        this.listQuery = listQuery;
    }

    /** The states a job went through, oldest first. */
    public List<JobStatusChange> history(String jobId) {
        return history.findByJobIdOrderByChangedAtAscIdAsc(jobId);
    }

    /** One page of the jobs the filter lets through, as grids show them, newest first unless sorted otherwise. */
    public Slice<JobSummary> findSummaries(Filter filter, Pageable pageable) {
        Pageable sorted = pageable.getSort().isSorted() ? pageable
                : PageRequest.of(pageable.getPageNumber(), pageable.getPageSize(), LIST_SORT);
        return listQuery.summaries(filter, sorted);
    }

    /** One page of whole jobs the filter lets through, newest first (the REST list). */
    public Slice<Job> find(Filter filter, int page, int size) {
        return listQuery.jobs(filter, PageRequest.of(page, size, LIST_SORT));
    }

    public Optional<Job> find(String id) {
        return jobs.findById(id);
    }

    public Optional<JobSummary> findSummary(String id) {
        return jobs.findSummary(id);
    }

    /** The clusters jobs have run on (for filter choices). */
    public List<String> clustersInUse() {
        return jobs.findDistinctClusters();
    }

    public boolean hasJobs() {
        // the grids' order (an index walk that stops at the first row), not LIST_SORT's id tiebreak: with
        // 1,000,000 jobs SQLite chose to join from the projects and sort every job for that (~3.5 s)
        return !findSummaries(Filter.NONE, PageRequest.of(0, 1, Sort.by(Sort.Direction.DESC, "submittedAt")))
                .isEmpty();
    }
}
