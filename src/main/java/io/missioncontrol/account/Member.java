package io.missioncontrol.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A portal member (table {@code users}), known everywhere by {@link #getUsername() username}. */
@Entity
@Table(name = "users")
public class Member {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(columnDefinition = "integer") // SQLite's rowid; PostgreSQL's bigint matches it by JDBC type
    private Long id;

    @Column(nullable = false, unique = true)
    private String username;

    /** Spring Security's delegating format ({@code {bcrypt}…}); null: no password sign-in. */
    @Column(name = "password_hash")
    private String passwordHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Role role;

    @Column(nullable = false)
    private boolean disabled;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private MemberSource source;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Member() {
    }

    Member(String username, String passwordHash, Role role, MemberSource source, Instant createdAt) {
        this.username = username;
        this.passwordHash = passwordHash;
        this.role = role;
        this.source = source;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public String getUsername() {
        return username;
    }

    String getPasswordHash() {
        return passwordHash;
    }

    public boolean hasPassword() {
        return passwordHash != null;
    }

    public Role getRole() {
        return role;
    }

    public boolean isDisabled() {
        return disabled;
    }

    public MemberSource getSource() {
        return source;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    void setRole(Role role) {
        this.role = role;
    }

    void setDisabled(boolean disabled) {
        this.disabled = disabled;
    }

    void setPasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
    }
}
