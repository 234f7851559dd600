package io.missioncontrol.base.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.server.Command;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs slow work (SSH, sbatch) off the UI thread and hands the outcome back inside the UI's lock,
 * where it reaches the browser by push. Virtual threads: a slow cluster holds no pool thread.
 */
public final class Background {

    private static final ExecutorService EXECUTOR = Executors.newVirtualThreadPerTaskExecutor();

    private Background() {
    }

    /**
     * @param work   runs on a virtual thread
     * @param then   gets the result, in the UI
     * @param failed gets what {@code work} threw, in the UI
     */
    public static <T> void run(Supplier<T> work, Consumer<T> then, Consumer<RuntimeException> failed) {
        UI ui = UI.getCurrent();
        CompletableFuture.supplyAsync(work, EXECUTOR).whenComplete((result, error) -> {
            try {
                ui.access(() -> {
                    if (error == null) {
                        then.accept(result);
                    } else {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        failed.accept(cause instanceof RuntimeException r ? r : new IllegalStateException(cause));
                    }
                });
            } catch (UIDetachedException e) {
                // the page was closed meanwhile: nobody to tell
            }
        });
    }

    /**
     * Runs {@code command} inside {@code ui}'s lock from a virtual thread. {@code UI.access} would otherwise run it,
     * and the push that follows, on the caller's thread whenever the lock is free: a poller announcing one change
     * to twenty open pages served them one after another, the last seconds after the first.
     *
     * @param detached runs instead when the page was closed meanwhile
     */
    public static void access(UI ui, Command command, Runnable detached) {
        EXECUTOR.execute(() -> {
            try {
                ui.access(command);
            } catch (UIDetachedException e) {
                detached.run();
            }
        });
    }
}
