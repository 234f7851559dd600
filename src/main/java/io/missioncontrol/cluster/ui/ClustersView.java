package io.missioncontrol.cluster.ui;

import com.vaadin.flow.component.button.Button;
import jakarta.annotation.security.PermitAll;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.missioncontrol.base.ui.EmptyState;
import io.missioncontrol.base.ui.Notifications;
import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.ClusterGateway;
import io.missioncontrol.cluster.ClusterService;

/** Every configured cluster as a card: reachability, partitions and free GPUs. */
@Route("clusters")
@PermitAll
@PageTitle("Clusters · Mission Control")
@Menu(order = 3, title = "Clusters", icon = "vaadin:server")
class ClustersView extends VerticalLayout {

    private final ClusterService clusters;
    private final ClusterGateway gateway;
    private final FlexLayout cards = new FlexLayout();

    ClustersView(ClusterService clusters, ClusterGateway gateway) {
        this.clusters = clusters;
        this.gateway = gateway;
        cards.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        cards.addClassName("mc-cards");
        Button reload = new Button("Reload clusters.yaml", VaadinIcon.REFRESH.create(), e -> {
            clusters.reload();
            show();
            Notifications.info("Read " + clusters.clustersFile() + " again: " + clusters.clusters().size()
                    + " cluster(s)");
        });
        HorizontalLayout header = new HorizontalLayout(new H2("Clusters"), reload);
        header.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        add(header);
        add(cards);
        show();
    }

    private void show() {
        getChildren().filter(c -> c.hasClassName("mc-error-box") || c instanceof EmptyState)
                .toList().forEach(this::remove);
        cards.removeAll();
        if (!clusters.configErrors().isEmpty()) {
            Div errors = new Div();
            errors.addClassName("mc-error-box");
            errors.setId("cluster-config-errors");
            errors.add(new Paragraph("Some clusters in " + clusters.clustersFile() + " could not be used:"));
            clusters.configErrors().forEach(error -> errors.add(new Paragraph(error)));
            addComponentAtIndex(1, errors);
        }
        if (clusters.clusters().isEmpty()) {
            String notes = String.join(" ", clusters.configNotes());
            addComponentAtIndex(1, new EmptyState("No clusters configured yet",
                    "Describe the SLURM clusters you can reach over SSH in " + clusters.clustersFile()
                            + " (copy config/clusters.yaml.example), or start the bundled dev cluster with "
                            + "scripts/dev-cluster.sh up and point missioncontrol.clusters-file at "
                            + "data/dev-cluster/clusters.yaml — see README. " + notes));
            return;
        }
        for (ClusterDefinition cluster : clusters.clusters()) {
            cards.add(new ClusterCard(cluster, gateway));
        }
    }
}
