package io.missioncontrol.job.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.dom.Element;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A log pane that grows at its end: each {@link #append} adds one text node, so the browser receives only the
 * new text, never the whole log again. Keeps at most {@link #MAX_CHARS} characters (oldest dropped) and
 * scrolls to the end while {@link #setFollowing following}.
 */
class LogViewer extends Div {

    /** Characters kept in the browser. */
    static final int MAX_CHARS = 1_000_000;

    private final Span status = new Span();
    private final Pre pre = new Pre();
    private final Deque<Element> pieces = new ArrayDeque<>();
    private final Deque<Integer> sizes = new ArrayDeque<>();
    private int chars;
    private boolean following = true;

    LogViewer(String id) {
        setId(id);
        setWidthFull();
        status.addClassName("mc-log-status");
        status.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        pre.addClassNames("mc-pre", "mc-log");
        pre.getStyle().set("max-height", "32rem").set("min-height", "6rem").set("overflow", "auto")
                .set("white-space", "pre-wrap").set("word-break", "break-all");
        add(status, pre);
        setStatus("Loading…");
    }

    void setStatus(String text) {
        status.setText(text);
    }

    String status() {
        return status.getText();
    }

    void setFollowing(boolean following) {
        this.following = following;
    }

    /** Replaces everything shown. */
    void reset(String text) {
        pre.getElement().removeAllChildren();
        pieces.clear();
        sizes.clear();
        chars = 0;
        append(text);
    }

    /** Adds text at the end (only this text travels to the browser). */
    void append(String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        Element node = Element.createText(text);
        pre.getElement().appendChild(node);
        pieces.addLast(node);
        sizes.addLast(text.length());
        chars += text.length();
        while (chars > MAX_CHARS && pieces.size() > 1) {
            Element oldest = pieces.removeFirst();
            int size = sizes.removeFirst();
            pre.getElement().removeChild(oldest);
            chars -= size;
        }
        if (following) {
            pre.getElement().executeJs("this.scrollTop = this.scrollHeight");
        }
    }

    /** The text shown now (read from the text nodes themselves: no second copy of a big log is kept). */
    String text() {
        StringBuilder text = new StringBuilder(chars);
        pieces.forEach(piece -> text.append(piece.getText()));
        return text.toString();
    }
}
