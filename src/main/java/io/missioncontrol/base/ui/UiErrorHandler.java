package io.missioncontrol.base.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.ErrorEvent;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import io.missioncontrol.base.ConflictException;
import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.base.NotFoundException;
import io.missioncontrol.base.UnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one global error handler of the UI: expected failures become a readable toast; anything
 * else is logged with its stack trace and the user gets a short apology, never a stack trace.
 */
@Component
public class UiErrorHandler implements VaadinServiceInitListener {

    private static final Logger log = LoggerFactory.getLogger(UiErrorHandler.class);

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addSessionInitListener(init -> init.getSession().setErrorHandler(this::handle));
    }

    void handle(ErrorEvent event) {
        Throwable error = event.getThrowable();
        String message = userMessage(error);
        if (message == null) {
            log.error("Unexpected error in the UI", error);
            message = "Something went wrong: " + error.getClass().getSimpleName()
                    + ". The details are in the server log.";
        }
        String text = message;
        UI ui = UI.getCurrent();
        if (ui != null) {
            ui.access(() -> Notifications.error(text));
        }
    }

    /** The readable message of an expected failure (bad input, not found, conflict, cluster unavailable), else null. */
    public static String userMessage(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof InvalidInputException || t instanceof NotFoundException
                    || t instanceof ConflictException || t instanceof UnavailableException) {
                return t.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
