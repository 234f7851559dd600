package io.missioncontrol.bench;

import org.hibernate.resource.jdbc.spi.StatementInspector;

/** Remembers the last SQL Hibernate sent, so the benchmark can show SQLite's plan for exactly that statement. */
public final class SqlRecorder implements StatementInspector {

    private static volatile String last;

    @Override
    public String inspect(String sql) {
        last = sql;
        return sql;
    }

    static String last() {
        return last;
    }
}
