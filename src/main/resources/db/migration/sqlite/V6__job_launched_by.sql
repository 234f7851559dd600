-- Several portal instances may share one PostgreSQL database: a launch records the instance running it (its Quartz
-- scheduler instance id, the one it checks in with), so that no other instance settles a SUBMITTING job while that
-- instance is alive and may still be submitting it. Cleared when the launch ends with the job still SUBMITTING
-- (the launch gave up; anyone may settle it). Null on SQLite, where one instance is all there is.
ALTER TABLE jobs ADD COLUMN launched_by VARCHAR(200);
