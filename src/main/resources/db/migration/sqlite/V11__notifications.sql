-- Notifications (notify/): a member's channels and events, the per-launch choice on each job, and the outbox the
-- status change writes in its own transaction (one row per job, event and channel; the unique key makes it once).
-- Webhook and ntfy URLs are secrets: AES-256-GCM ciphertext and nonce, plus a masked form to show.
-- Times in the outbox are epoch milliseconds (compared and claimed by plain SQL on both databases).
ALTER TABLE jobs ADD COLUMN notify_on VARCHAR(16);

CREATE TABLE notification_preferences (
    username            VARCHAR(100)  NOT NULL PRIMARY KEY,
    email               VARCHAR(320),
    slack_url_encrypted BLOB,
    slack_url_nonce     BLOB,
    slack_url_masked    VARCHAR(300),
    ntfy_url_encrypted  BLOB,
    ntfy_url_nonce      BLOB,
    ntfy_url_masked     VARCHAR(300),
    events              VARCHAR(500)  NOT NULL,
    updated_at_ms       BIGINT        NOT NULL
);

CREATE TABLE notification_outbox (
    id              VARCHAR(36)   NOT NULL PRIMARY KEY,
    job_id          VARCHAR(36)   NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    event           VARCHAR(32)   NOT NULL,
    channel         VARCHAR(16)   NOT NULL,
    username        VARCHAR(100)  NOT NULL,
    job_state       VARCHAR(32)   NOT NULL,
    reason          VARCHAR(2000),
    status          VARCHAR(16)   NOT NULL,
    attempts        INTEGER       NOT NULL DEFAULT 0,
    next_attempt_ms BIGINT        NOT NULL,
    claimed_by      VARCHAR(100),
    claimed_at_ms   BIGINT,
    last_error      VARCHAR(2000),
    created_at_ms   BIGINT        NOT NULL,
    sent_at_ms      BIGINT,
    CONSTRAINT notification_outbox_once UNIQUE (job_id, event, channel)
);
CREATE INDEX notification_outbox_due ON notification_outbox (status, next_attempt_ms);
CREATE INDEX notification_outbox_recent ON notification_outbox (username, created_at_ms);
