package io.missioncontrol.job;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Hands committed job status changes to whoever listens (open views register on attach and
 * unregister on detach). Listeners must not block: views hop onto their UI with {@code UI.access}.
 */
@Component
public class JobEvents {

    private static final Logger log = LoggerFactory.getLogger(JobEvents.class);

    private final Set<Consumer<JobStatusChanged>> listeners = new CopyOnWriteArraySet<>();

    /** Registers a listener; run the returned handle to unregister it. */
    public Runnable subscribe(Consumer<JobStatusChanged> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onStatusChanged(JobStatusChanged event) {
        deliver(event);
    }

    /** Hands a change to this instance's listeners (also changes relayed from other portal instances). */
    void deliver(JobStatusChanged event) {
        for (Consumer<JobStatusChanged> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                log.warn("A job status listener failed", e);
            }
        }
    }

    int listenerCount() {
        return listeners.size();
    }
}
