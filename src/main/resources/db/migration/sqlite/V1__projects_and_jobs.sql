-- Projects: Git work trees registered by researchers (seed Project model + Git state).
CREATE TABLE projects (
    id              VARCHAR(36)  NOT NULL PRIMARY KEY,
    name            VARCHAR(100) NOT NULL UNIQUE,
    local_path      VARCHAR(4096) NOT NULL UNIQUE,
    repo_url        VARCHAR(2048),
    current_branch  VARCHAR(255),
    current_commit  VARCHAR(64),
    is_dirty        BOOLEAN      NOT NULL DEFAULT FALSE,
    is_pushed       BOOLEAN      NOT NULL DEFAULT FALSE,
    added_at        TIMESTAMP    NOT NULL,
    last_synced     TIMESTAMP
);

-- Jobs: one SLURM batch job launched from the portal (seed Job model + resources, script, outcome).
CREATE TABLE jobs (
    id              VARCHAR(36)  NOT NULL PRIMARY KEY,
    project_id      VARCHAR(36)  NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name            VARCHAR(100) NOT NULL,
    description     VARCHAR(2000),
    commit_sha      VARCHAR(64)  NOT NULL,
    launched_dirty  BOOLEAN      NOT NULL DEFAULT FALSE,
    cluster         VARCHAR(100) NOT NULL,
    partition_name  VARCHAR(100),
    gpu_type        VARCHAR(100),
    num_nodes       INTEGER      NOT NULL DEFAULT 1,
    gpus_per_node   INTEGER      NOT NULL DEFAULT 0,
    cpus_per_task   INTEGER,
    memory          VARCHAR(32),
    time_limit      VARCHAR(32),
    hydra_overrides TEXT,
    extra_overrides TEXT,
    slurm_job_id    VARCHAR(64),
    slurm_status    VARCHAR(32)  NOT NULL,
    status_reason   VARCHAR(2000),
    exit_code       INTEGER,
    job_dir         VARCHAR(4096),
    stdout_path     VARCHAR(4096),
    stderr_path     VARCHAR(4096),
    rendered_script TEXT,
    wandb_run_url   VARCHAR(2048),
    mlflow_run_url  VARCHAR(2048),
    submitted_at    TIMESTAMP    NOT NULL,
    updated_at      TIMESTAMP    NOT NULL,
    started_at      TIMESTAMP,
    finished_at     TIMESTAMP,
    last_seen_at    TIMESTAMP
);

CREATE INDEX jobs_submitted_at ON jobs (submitted_at);
CREATE INDEX jobs_project_submitted ON jobs (project_id, submitted_at);
CREATE INDEX jobs_status ON jobs (slurm_status);
CREATE UNIQUE INDEX jobs_cluster_slurm_id ON jobs (cluster, slurm_job_id);

-- Every status a job went through, with when (the job page's status history).
CREATE TABLE job_status_history (
    id          INTEGER      PRIMARY KEY AUTOINCREMENT,
    job_id      VARCHAR(36)  NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    status      VARCHAR(32)  NOT NULL,
    reason      VARCHAR(2000),
    changed_at  TIMESTAMP    NOT NULL
);

CREATE INDEX job_status_history_job ON job_status_history (job_id, changed_at);
