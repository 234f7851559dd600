package io.missioncontrol.base;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Write transactions that survive a busy database. Each attempt is a fresh transaction, so a callback must
 * (re)load what it changes; only failures of a busy database are retried ({@link DatabaseBusyException#isBusy}),
 * anything else is thrown at once.
 */
public final class DatabaseWrites {

    private static final Logger log = LoggerFactory.getLogger(DatabaseWrites.class);

    /** Before anything irreversible: a few quick retries, then give up (the caller answers 503). */
    static final RetryPolicy BOUNDED = RetryPolicy.builder().predicate(DatabaseBusyException::isBusy)
            .maxRetries(4).delay(Duration.ofMillis(50)).multiplier(2).maxDelay(Duration.ofSeconds(1))
            .jitter(Duration.ofMillis(20)).timeout(Duration.ofSeconds(15)).build();

    /** After something irreversible (SLURM has the job): keep trying for as long as the database is busy. */
    static final RetryPolicy UNTIL_STORED = RetryPolicy.builder().predicate(DatabaseBusyException::isBusy)
            .maxRetries(Long.MAX_VALUE).delay(Duration.ofMillis(100)).multiplier(2).maxDelay(Duration.ofSeconds(5))
            .jitter(Duration.ofMillis(50)).build();

    private final TransactionTemplate tx;
    private final RetryTemplate bounded = new RetryTemplate(BOUNDED);
    private final RetryTemplate untilStored = new RetryTemplate(UNTIL_STORED);

    public DatabaseWrites(TransactionTemplate tx) {
        this.tx = tx;
        untilStored.setRetryListener(new RetryListener() {
            @Override
            public void onRetryFailure(RetryPolicy policy, Retryable<?> retryable, Throwable failure) {
                log.warn("The database is busy; still trying to store {}: {}", retryable.getName(), failure.getMessage());
            }
        });
    }

    /**
     * Runs {@code work} in a transaction, retried briefly while the database is busy.
     *
     * @param what what is stored, for messages ("job 'x'")
     * @throws DatabaseBusyException when it stays busy; nothing was written
     */
    public <T> T inTransaction(String what, TransactionCallback<T> work) {
        try {
            return run(bounded, what, work);
        } catch (RuntimeException e) {
            if (DatabaseBusyException.isBusy(e) && !(e instanceof DatabaseBusyException)) {
                throw new DatabaseBusyException("The database is too busy to store " + what + " right now; "
                        + "nothing was changed, try again in a moment", e);
            }
            throw e;
        }
    }

    /**
     * Runs {@code work} in a transaction, retried for as long as the database is busy: for what must be stored
     * because it already happened elsewhere. Other failures are thrown at once; so is a busy database once the
     * thread is interrupted (the portal stops; start-up reconciliation settles the rest).
     */
    public <T> T inTransactionUntilStored(String what, TransactionCallback<T> work) {
        return run(untilStored, what, work);
    }

    private <T> T run(RetryTemplate retry, String what, TransactionCallback<T> work) {
        Retryable<T> attempt = new Retryable<>() {
            @Override
            public T execute() {
                return tx.execute(work);
            }

            @Override
            public String getName() {
                return what;
            }
        };
        try {
            return retry.execute(attempt);
        } catch (RetryException e) {
            // the last attempt's failure, as the caller would have seen it without retries
            if (e.getLastException() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getLastException() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("Storing " + what + " failed", e);
        }
    }
}
