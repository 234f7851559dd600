-- Grids filtered by state page newest first: (slurm_status, submitted_at) serves both that and the
-- poller's "jobs in active states" lookup, so the status-only index goes.
CREATE INDEX jobs_status_submitted ON jobs (slurm_status, submitted_at);
DROP INDEX jobs_status;
