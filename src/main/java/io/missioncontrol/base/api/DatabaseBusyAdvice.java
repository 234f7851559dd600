package io.missioncontrol.base.api;

import io.missioncontrol.base.DatabaseBusyException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A database too busy to take a write is 503 with {@code Retry-After}, as an RFC 9457 problem detail: the client
 * may simply ask again (nothing was changed). Consulted before the other advice, so that a busy database anywhere
 * (not only where {@link DatabaseBusyException} is thrown) is never a 500.
 */
@RestControllerAdvice(basePackages = "io.missioncontrol")
@Order(Ordered.HIGHEST_PRECEDENCE)
class DatabaseBusyAdvice {

    /** Seconds a client should wait before asking again. */
    static final int RETRY_AFTER_SECONDS = 2;

    @ExceptionHandler(DatabaseBusyException.class)
    ResponseEntity<ProblemDetail> busy(DatabaseBusyException e) {
        return answer(e.getMessage());
    }

    /** A busy database met outside {@code DatabaseWrites}; any other data access failure goes on as before. */
    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<ProblemDetail> dataAccess(RuntimeException e) {
        if (!DatabaseBusyException.isBusy(e)) {
            throw e; // not ours: the rest of Spring MVC's exception resolution handles it as if we had not matched
        }
        return answer("The database is too busy right now; try again in a moment");
    }

    private static ResponseEntity<ProblemDetail> answer(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setTitle("Database busy");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS)).body(problem);
    }
}
