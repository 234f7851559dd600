package io.missioncontrol.base.ui;

import com.vaadin.flow.component.html.Span;
import java.util.Locale;

/**
 * A job state as a coloured pill: running blue, finished well green, ended badly red, waiting grey. A state that
 * may be out of date (its cluster does not answer) is {@link #markStale marked}: dashed, with "stale" in its text.
 */
public class StatusBadge extends Span {

    public StatusBadge(Enum<?> status, boolean active, boolean success) {
        super(status == null ? "?" : status.name());
        addClassName("mc-badge");
        addClassName("mc-badge-" + tone(status, active, success));
        getElement().setAttribute("title", status == null ? "unknown" : status.name().toLowerCase(Locale.ROOT));
    }

    /**
     * Says that the state shown may be out of date: "· stale" is added to the text and {@code explanation}
     * becomes the tooltip.
     */
    public StatusBadge markStale(String explanation) {
        setText(getText() + " · stale");
        addClassName("mc-badge-stale");
        getElement().setAttribute("title", explanation);
        return this;
    }

    static String tone(Enum<?> status, boolean active, boolean success) {
        if (status == null) {
            return "neutral";
        }
        if (success) {
            return "success";
        }
        if (!active) {
            return "error";
        }
        return switch (status.name()) {
            case "RUNNING", "COMPLETING", "CONFIGURING" -> "running";
            default -> "neutral";
        };
    }
}
