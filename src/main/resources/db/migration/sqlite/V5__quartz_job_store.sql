-- Quartz keeps its schedule in memory on SQLite (one portal instance per database file), so its JDBC
-- job store tables exist only on PostgreSQL. This version is kept so both folders share one history.
SELECT 1;
