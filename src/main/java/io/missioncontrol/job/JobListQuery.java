package io.missioncontrol.job;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.SliceImpl;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Repository;

/**
 * Job lists narrowed by a {@link JobService.Filter}, as JPQL that names only the filters that are set.
 *
 * <p>Why not one catch-all query ({@code (:projectId is null or …)}, every state listed when none is chosen):
 * SQLite plans a statement before it knows the values, so such a query hides from it which indexes apply. With
 * 100,000 jobs the dashboard's first page went through the status index (the "every state" IN list), read every
 * job and sorted them all (~170 ms); with only the set filters it walks {@code jobs_submitted_id} (or
 * {@code jobs_project_submitted} on a project page) backwards and stops after one page (~1 ms).
 */
@Repository
class JobListQuery {

    /** Grid and API sort properties, and what they sort by (nothing else reaches the JPQL). */
    private static final Map<String, String> SORTABLE = Map.of(
            "submittedAt", "j.submittedAt",
            "updatedAt", "j.updatedAt",
            "name", "j.name",
            "cluster", "j.cluster",
            "status", "j.status",
            "slurmJobId", "j.slurmJobId",
            "id", "j.id");

    private static final String SUMMARY = """
            select new io.missioncontrol.job.JobSummary(j.id, j.name, p.id, p.name, j.cluster, j.status,
                   j.slurmJobId, j.submittedAt, j.updatedAt, j.lastSeenAt, j.statusStaleSince)""";

    @PersistenceContext
    private EntityManager em;

    /** One page of job summaries (no COUNT: one row more than the page tells whether another page follows). */
    Slice<JobSummary> summaries(JobService.Filter filter, Pageable pageable) {
        return slice(SUMMARY, JobSummary.class, filter, pageable);
    }

    /** One page of whole jobs. */
    Slice<Job> jobs(JobService.Filter filter, Pageable pageable) {
        return slice("select j", Job.class, filter, pageable);
    }

    /** A JPQL statement and its named parameters. */
    record Jpql(String text, Map<String, Object> params) {
    }

    /** The statement for {@code select} narrowed by the filter's set parts only, in the sort's order. */
    static Jpql jpql(String select, JobService.Filter filter, Sort sort) {
        Map<String, Object> params = new LinkedHashMap<>();
        List<String> where = new ArrayList<>();
        if (filter.projectId() != null) {
            where.add("j.projectId = :projectId");
            params.put("projectId", filter.projectId());
        }
        if (filter.cluster() != null) {
            where.add("j.cluster = :cluster");
            params.put("cluster", filter.cluster());
        }
        if (!filter.statuses().isEmpty()) {
            where.add("j.status in :statuses");
            params.put("statuses", filter.statuses());
        }
        String pattern = filter.likePattern();
        if (pattern != null) {
            where.add("(lower(j.name) like :pattern escape '\\' "
                    + "or lower(coalesce(j.description, '')) like :pattern escape '\\')");
            params.put("pattern", pattern);
        }
        if (filter.submittedFrom() != null) {
            where.add("j.submittedAt >= :submittedFrom");
            params.put("submittedFrom", filter.submittedFrom());
        }
        if (filter.submittedTo() != null) {
            where.add("j.submittedAt <= :submittedTo");
            params.put("submittedTo", filter.submittedTo());
        }
        StringBuilder text = new StringBuilder(select.strip()).append(" from Job j join j.project p");
        if (!where.isEmpty()) {
            text.append(" where ").append(String.join(" and ", where));
        }
        text.append(orderBy(sort));
        return new Jpql(text.toString(), params);
    }

    private <T> Slice<T> slice(String select, Class<T> type, JobService.Filter filter, Pageable pageable) {
        Jpql jpql = jpql(select, filter, pageable.getSort());
        TypedQuery<T> query = em.createQuery(jpql.text(), type);
        jpql.params().forEach(query::setParameter);
        if (pageable.isUnpaged()) {
            return new SliceImpl<>(query.getResultList(), pageable, false);
        }
        query.setFirstResult(Math.toIntExact(pageable.getOffset()));
        query.setMaxResults(pageable.getPageSize() + 1);
        List<T> rows = query.getResultList();
        boolean hasNext = rows.size() > pageable.getPageSize();
        return new SliceImpl<>(hasNext ? rows.subList(0, pageable.getPageSize()) : rows, pageable, hasNext);
    }

    static String orderBy(Sort sort) {
        List<String> orders = new ArrayList<>();
        for (Sort.Order order : sort) {
            String path = SORTABLE.get(order.getProperty());
            if (path == null) {
                throw new IllegalArgumentException("Jobs cannot be sorted by '" + order.getProperty() + "'; sortable: "
                        + SORTABLE.keySet().stream().sorted().toList());
            }
            orders.add(path + (order.isDescending() ? " desc" : " asc"));
        }
        return orders.isEmpty() ? "" : " order by " + String.join(", ", orders);
    }
}
