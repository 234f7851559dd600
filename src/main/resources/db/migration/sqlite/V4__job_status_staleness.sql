-- A cluster that stops answering leaves its jobs' states stale: status_stale_since says since when it has not
-- answered (null while it answers). unknown_for_ms is the LOST clock: how long the cluster answered without
-- listing the job; outages and the portal's own downtime do not count.
ALTER TABLE jobs ADD COLUMN status_stale_since TIMESTAMP;
ALTER TABLE jobs ADD COLUMN unknown_for_ms BIGINT NOT NULL DEFAULT 0;
