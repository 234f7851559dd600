package io.missioncontrol.base.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
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
}
