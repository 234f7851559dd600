-- A launch carries a key chosen by the client (one per form, or per API call): a repeated request
-- with the same key returns the job already made instead of submitting twice.
ALTER TABLE jobs ADD COLUMN request_key VARCHAR(100);
CREATE UNIQUE INDEX jobs_request_key ON jobs (request_key);
