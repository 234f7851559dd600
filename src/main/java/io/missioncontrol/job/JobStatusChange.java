package io.missioncontrol.job;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One entry of a job's status history. */
@Entity
@Table(name = "job_status_history")
public class JobStatusChange {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @JdbcTypeCode(SqlTypes.INTEGER) // SQLite rowid column
    private Long id;

    @Column(name = "job_id", nullable = false)
    private String jobId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private JobStatus status;

    private String reason;

    @Column(name = "changed_at", nullable = false)
    private Instant changedAt;

    protected JobStatusChange() {
    }

    public JobStatusChange(String jobId, JobStatus status, String reason, Instant changedAt) {
        this.jobId = jobId;
        this.status = status;
        this.reason = reason;
        this.changedAt = changedAt;
    }

    public Long getId() { return id; }
    public String getJobId() { return jobId; }
    public JobStatus getStatus() { return status; }
    public String getReason() { return reason; }
    public Instant getChangedAt() { return changedAt; }
}
