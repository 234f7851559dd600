package io.missioncontrol.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Sort;

/** The job list statement names only the filters that are set, so SQLite can pick the index that fits. */
class JobListQueryTest {

    private static final Sort NEWEST_FIRST = Sort.by(Sort.Direction.DESC, "submittedAt");

    @Test
    void theUnfilteredListHasNoWhereClauseAndNoListOfEveryState() {
        JobListQuery.Jpql jpql = JobListQuery.jpql("select j", JobService.Filter.NONE, NEWEST_FIRST);

        assertThat(jpql.text()).isEqualTo("select j from Job j join j.project p order by j.submittedAt desc");
        assertThat(jpql.params()).isEmpty();
    }

    @Test
    void eachSetFilterBecomesOneCondition() {
        JobService.Filter filter = new JobService.Filter("p-1", "dev", Set.of(JobStatus.RUNNING), "Lr_",
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z"));

        JobListQuery.Jpql jpql = JobListQuery.jpql("select j", filter, NEWEST_FIRST);

        assertThat(jpql.text()).contains("where j.projectId = :projectId and j.cluster = :cluster",
                "and j.status in :statuses", "lower(j.name) like :pattern escape '\\'",
                "j.submittedAt >= :submittedFrom", "j.submittedAt <= :submittedTo");
        assertThat(jpql.params()).containsEntry("projectId", "p-1").containsEntry("cluster", "dev")
                .containsEntry("statuses", Set.of(JobStatus.RUNNING)).containsEntry("pattern", "%lr\\_%");
    }

    @Test
    void onlyAProjectMeansOnlyTheProjectCondition() {
        JobListQuery.Jpql jpql = JobListQuery.jpql("select j", JobService.Filter.NONE.withProject("p-1"),
                NEWEST_FIRST);

        assertThat(jpql.text()).isEqualTo(
                "select j from Job j join j.project p where j.projectId = :projectId order by j.submittedAt desc");
    }

    @Test
    void sortsOnlyByKnownPropertiesInTheirDirection() {
        assertThat(JobListQuery.orderBy(Sort.by(Sort.Order.asc("name"), Sort.Order.desc("id"))))
                .isEqualTo(" order by j.name asc, j.id desc");
        assertThat(JobListQuery.orderBy(Sort.unsorted())).isEmpty();
        assertThatThrownBy(() -> JobListQuery.orderBy(Sort.by("name; drop table jobs")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be sorted by");
    }
}
