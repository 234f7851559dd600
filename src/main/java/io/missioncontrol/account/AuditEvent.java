package io.missioncontrol.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One line of the audit log: who did what to what, when and from where. */
@Entity
@Table(name = "audit_events")
public class AuditEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(columnDefinition = "integer") // SQLite's rowid; PostgreSQL's bigint matches it by JDBC type
    private Long id;

    @Column(nullable = false)
    private Instant at;

    private String actor;

    @Column(nullable = false)
    private String action;

    private String target;

    private String detail;

    @Column(name = "remote_address")
    private String remoteAddress;

    protected AuditEvent() {
    }

    AuditEvent(Instant at, String actor, String action, String target, String detail, String remoteAddress) {
        this.at = at;
        this.actor = actor;
        this.action = action;
        this.target = target;
        this.detail = detail;
        this.remoteAddress = remoteAddress;
    }

    public Long getId() {
        return id;
    }

    public Instant getAt() {
        return at;
    }

    public String getActor() {
        return actor;
    }

    public String getAction() {
        return action;
    }

    public String getTarget() {
        return target;
    }

    public String getDetail() {
        return detail;
    }

    public String getRemoteAddress() {
        return remoteAddress;
    }
}
