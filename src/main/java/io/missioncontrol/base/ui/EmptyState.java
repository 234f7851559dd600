package io.missioncontrol.base.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;

/** What a list shows when it has nothing yet: what is missing and what to do about it. */
public class EmptyState extends Div {

    public EmptyState(String title, String explanation, Component... actions) {
        addClassName("mc-empty-state");
        add(new H3(title), new Paragraph(explanation));
        if (actions.length > 0) {
            Div actionBar = new Div(actions);
            actionBar.addClassName("mc-empty-actions");
            add(actionBar);
        }
    }
}
