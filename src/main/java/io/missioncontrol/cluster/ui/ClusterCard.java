package io.missioncontrol.cluster.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import io.missioncontrol.base.ui.Background;
import io.missioncontrol.base.ui.Formats;
import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.ClusterGateway;
import io.missioncontrol.cluster.ClusterIdentity;
import io.missioncontrol.cluster.gpu.GpuAvailability;
import io.missioncontrol.cluster.slurm.Partition;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One cluster: connection status with a test button, partitions, and a GPU chart per partition.
 * Everything that talks to the cluster runs off the UI thread and arrives by push, so a slow or
 * dead cluster never freezes the page.
 */
class ClusterCard extends VerticalLayout {

    private final ClusterDefinition cluster;
    private final ClusterGateway clusters;
    private final Span status = new Span();
    private final Div body = new Div();
    private final Button test = new Button("Test connection", VaadinIcon.CONNECT.create());
    private final Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create());

    ClusterCard(ClusterDefinition cluster, ClusterGateway clusters) {
        this.cluster = cluster;
        this.clusters = clusters;
        addClassName("mc-card");
        addClassName("mc-cluster-card");
        setId("cluster-" + cluster.name());
        setWidth("34rem");

        H3 title = new H3(cluster.label());
        Span address = new Span(cluster.user() + "@" + cluster.hostAndPort() + " · workspace " + cluster.workspace());
        address.addClassName("mc-mono");
        status.addClassName("mc-cluster-status");
        test.addThemeVariants(ButtonVariant.SMALL);
        refresh.addThemeVariants(ButtonVariant.SMALL);
        test.addClickListener(e -> testConnection());
        refresh.addClickListener(e -> load(true));
        add(title, address);
        if (cluster.description() != null) {
            add(new Span(cluster.description()));
        }
        add(new HorizontalLayout(status, test, refresh), body);
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        load(false);
    }

    private void testConnection() {
        status.setText("Testing…");
        test.setEnabled(false);
        inBackground(() -> clusters.testConnection(clusters.serviceAccount(cluster.name())), result -> {
            test.setEnabled(true);
            showStatus(result.success(), (result.success() ? "Reachable" : "Unreachable") + " — "
                    + result.message() + " (" + result.latencyMs() + " ms)");
        });
    }

    private void load(boolean bypassCache) {
        body.removeAll();
        ProgressBar progress = new ProgressBar();
        progress.setIndeterminate(true);
        body.add(new Span("Asking SLURM for partitions and GPUs…"), progress);
        refresh.setEnabled(false);
        record Loaded(List<Partition> partitions, GpuAvailability gpus, String error) {
        }
        inBackground(() -> {
            try {
                ClusterIdentity portal = clusters.serviceAccount(cluster.name());
                return new Loaded(clusters.partitions(portal, bypassCache),
                        clusters.gpuAvailability(portal, bypassCache), null);
            } catch (RuntimeException e) {
                return new Loaded(null, null, e.getMessage());
            }
        }, loaded -> {
            refresh.setEnabled(true);
            body.removeAll();
            if (loaded.error() != null) {
                showStatus(false, "Unreachable — " + loaded.error());
                return;
            }
            showStatus(true, "Reachable");
            body.add(partitions(loaded.partitions()));
            body.add(GpuCharts.forAvailability(loaded.gpus()));
            Span fetched = new Span("GPU data fetched " + Formats.dateTime(loaded.gpus().fetchedAt())
                    + (loaded.gpus().cached() ? " (cached)" : ""));
            fetched.addClassName("mc-fetched-at");
            body.add(fetched);
        });
    }

    private Div partitions(List<Partition> partitions) {
        Div list = new Div();
        list.add(new H4("Partitions"));
        for (Partition p : partitions) {
            Span row = new Span(p.name() + (p.isDefault() ? " (default)" : "") + " — "
                    + (p.available() ? "up" : "down") + ", " + p.nodes() + " node(s), time limit " + p.timeLimit());
            row.addClassName("mc-partition");
            list.add(new Div(row));
        }
        return list;
    }

    private void showStatus(boolean reachable, String text) {
        status.setText(text);
        status.getElement().setAttribute("data-reachable", String.valueOf(reachable));
        status.removeClassNames("mc-badge-success", "mc-badge-error");
        status.addClassNames("mc-badge", reachable ? "mc-badge-success" : "mc-badge-error");
    }

    /** Cluster calls run off the UI thread (see {@link Background}); a failure shows as unreachable. */
    private <T> void inBackground(Supplier<T> work, Consumer<T> then) {
        Background.run(work, then, e -> {
            test.setEnabled(true);
            refresh.setEnabled(true);
            body.removeAll();
            showStatus(false, "Unreachable — " + e.getMessage());
        });
    }
}
