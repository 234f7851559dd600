-- Lab accounts (issue #13): members, their personal API tokens (hashes only) and the audit log.
CREATE TABLE users (
    id              INTEGER      PRIMARY KEY AUTOINCREMENT,
    username        VARCHAR(32)  NOT NULL UNIQUE,
    -- Spring Security's delegating format ({bcrypt}…); NULL for members who sign in elsewhere or by token only
    password_hash   VARCHAR(255),
    role            VARCHAR(16)  NOT NULL CHECK (role IN ('ADMIN', 'MEMBER', 'VIEWER')),
    disabled        BOOLEAN      NOT NULL DEFAULT FALSE,
    source          VARCHAR(16)  NOT NULL CHECK (source IN ('LOCAL', 'LDAP', 'OIDC')),
    created_at      TIMESTAMP    NOT NULL
);

-- A personal token is shown once; only its SHA-256 (hex) is kept, beside a short non-secret prefix for display.
CREATE TABLE personal_tokens (
    id              INTEGER      PRIMARY KEY AUTOINCREMENT,
    user_id         INTEGER      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name            VARCHAR(100) NOT NULL,
    token_hash      VARCHAR(64)  NOT NULL UNIQUE,
    token_prefix    VARCHAR(16)  NOT NULL,
    created_at      TIMESTAMP    NOT NULL,
    expires_at      TIMESTAMP,
    last_used_at    TIMESTAMP,
    revoked_at      TIMESTAMP
);
CREATE INDEX personal_tokens_user ON personal_tokens (user_id);

-- Who did what, when, from where: sign-ins and failures, user, role and token changes, launches, cancels, deletions.
CREATE TABLE audit_events (
    id              INTEGER      PRIMARY KEY AUTOINCREMENT,
    at              TIMESTAMP    NOT NULL,
    actor           VARCHAR(100),
    action          VARCHAR(64)  NOT NULL,
    target          VARCHAR(255),
    detail          VARCHAR(2000),
    remote_address  VARCHAR(64)
);
CREATE INDEX audit_events_at ON audit_events (at DESC, id DESC);
