package io.missioncontrol.job.ui;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.missioncontrol.base.ui.EmptyState;

/** One job (filled in by the Monitor feature). */
@Route("jobs/:jobId")
@PageTitle("Job · Mission Control")
public class JobView extends VerticalLayout implements BeforeEnterObserver {

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        add(new H2("Job"), new EmptyState("Job pages are not built yet",
                "Job " + event.getRouteParameters().get("jobId").orElse("?") + " has no page yet."));
    }
}
