package io.missioncontrol.project.ui;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.missioncontrol.base.ui.EmptyState;

/** One project (filled in by the Projects feature). */
@Route("projects/:projectId")
@PageTitle("Project · Mission Control")
public class ProjectView extends VerticalLayout implements BeforeEnterObserver {

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        add(new H2("Project"), new EmptyState("Project pages are not built yet",
                "Project " + event.getRouteParameters().get("projectId").orElse("?") + " has no page yet."));
    }
}
