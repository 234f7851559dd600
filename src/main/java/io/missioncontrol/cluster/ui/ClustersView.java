package io.missioncontrol.cluster.ui;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.missioncontrol.base.ui.EmptyState;

/** Clusters (filled in by its feature; until then it says so plainly). */
@Route("clusters")
@PageTitle("Clusters · Mission Control")
public class ClustersView extends VerticalLayout {

    public ClustersView() {
        add(new H2("Clusters"), new EmptyState("No clusters configured yet", "Describe your clusters in config/clusters.yaml — see README."));
    }
}
