package io.missioncontrol.base;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

/**
 * The portal's SQLite database: every write goes through ONE connection, read-only transactions through a pool.
 *
 * <p>Why: SQLite has one writer at a time. Writers that meet inside SQLite fail instead of queueing — a
 * transaction that began as a read and then writes gets {@code SQLITE_BUSY_SNAPSHOT} or an immediate
 * {@code SQLITE_BUSY}, which no busy timeout helps with — and SQLite's busy wait sleeps in native code, which pins
 * the carrier of a virtual thread. With a single writer connection, writers queue in the pool instead (a plain
 * Java wait), and that connection starts each transaction with {@code BEGIN IMMEDIATE}, so even another process
 * writing the same file only makes it wait ({@code busy_timeout}). Read-only transactions
 * ({@code @Transactional(readOnly = true)}, as every Spring Data read is) are routed to the reader pool by
 * {@link LazyConnectionDataSourceProxy#setReadOnlyDataSource}: they start deferred and, in WAL mode, never wait
 * for the writer nor block it; their connections are {@code query_only}, so a write there fails loudly.
 */
public final class SqliteDataSource extends LazyConnectionDataSourceProxy implements AutoCloseable {

    private final HikariDataSource writer;
    private final HikariDataSource readers;

    SqliteDataSource(HikariDataSource writer, HikariDataSource readers) {
        super(writer);
        this.writer = writer;
        this.readers = readers;
        setReadOnlyDataSource(readers);
    }

    /** The pool of the one writer connection. */
    public HikariDataSource writer() {
        return writer;
    }

    /** The pool read-only transactions use. */
    public HikariDataSource readers() {
        return readers;
    }

    @Override
    public void close() {
        readers.close();
        writer.close();
    }
}
