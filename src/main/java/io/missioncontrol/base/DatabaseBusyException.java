package io.missioncontrol.base;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The database could not take a write right now, even after waiting and retrying (REST: 503 with
 * {@code Retry-After}). Nothing was changed: asking again later is safe.
 */
public class DatabaseBusyException extends UnavailableException {

    public DatabaseBusyException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether {@code failure} comes from a database that was busy rather than from the statement itself: SQLite's
     * {@code SQLITE_BUSY*} and {@code SQLITE_LOCKED*} (any extended code), or a transient JDBC failure such as the
     * pool's "no connection available in time".
     */
    public static boolean isBusy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DatabaseBusyException || t instanceof SQLTransientException) {
                return true;
            }
            if (t instanceof SQLiteException e) {
                int primary = e.getResultCode().code & 0xff;
                return primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code;
            }
            if (t instanceof SQLException) {
                return false;
            }
        }
        return false;
    }
}
