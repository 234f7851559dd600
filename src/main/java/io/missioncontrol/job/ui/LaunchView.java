package io.missioncontrol.job.ui;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.missioncontrol.base.ui.EmptyState;

/** Launch job (filled in by its feature; until then it says so plainly). */
@Route("launch")
@PageTitle("Launch job · Mission Control")
public class LaunchView extends VerticalLayout {

    public LaunchView() {
        add(new H2("Launch job"), new EmptyState("Launching is not built yet", "Launching jobs from this page is not built yet."));
    }
}
