-- Job lists (the REST list, "are there any jobs?") sort newest first with the id as tiebreak: with an index on
-- submitted_at alone the database read and sorted every job for them (~6 s with 1,000,000 jobs in SQLite); on
-- (submitted_at, id) it walks the index backwards and stops after one page. It serves the submitted-only order
-- of the grids as well, so the old index goes.
CREATE INDEX jobs_submitted_id ON jobs (submitted_at, id);
DROP INDEX jobs_submitted_at;
