package io.missioncontrol.project.ui;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.missioncontrol.base.ui.EmptyState;

/** Projects (filled in by its feature; until then it says so plainly). */
@Route("projects")
@PageTitle("Projects · Mission Control")
public class ProjectsView extends VerticalLayout {

    public ProjectsView() {
        add(new H2("Projects"), new EmptyState("No projects yet", "Registering Git projects is not built yet."));
    }
}
