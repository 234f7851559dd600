package io.missioncontrol.cluster.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Span;
import io.missioncontrol.KaribuTest;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The Clusters page with the real dev cluster and a dead one. */
@Tag("cluster")
class ClustersViewTest extends KaribuTest {

    @Test
    void theReachableClusterShowsPartitionsAndAGpuChartAndTheDeadOneSaysWhy() {
        startUi();
        UI.getCurrent().navigate("clusters");

        ClusterCard dev = _get(ClusterCard.class, spec -> spec.withId("cluster-dev"));
        ClusterCard dead = _get(ClusterCard.class, spec -> spec.withId("cluster-dead"));
        awaitUi(() -> status(dev).startsWith("Reachable") && !status(dead).isEmpty());

        assertThat(_find(dev, Span.class, spec -> spec.withClasses("mc-partition")))
                .extracting(Span::getText).anyMatch(t -> t.startsWith("gpu (default)"))
                .anyMatch(t -> t.startsWith("debug"));
        String chart = dev.getElement().getOuterHTML();
        assertThat(chart).contains("data-partition=\"gpu\"", "<svg", "a6000", "a100");
        assertThat(status(dead)).startsWith("Unreachable").containsIgnoringCase("refused");
        assertThat(_get(dead, Span.class, spec -> spec.withClasses("mc-cluster-status"))
                .getElement().getAttribute("data-reachable")).isEqualTo("false");
    }

    @Test
    void testConnectionReportsSuccessWithLatency() {
        startUi();
        UI.getCurrent().navigate("clusters");
        ClusterCard dev = _get(ClusterCard.class, spec -> spec.withId("cluster-dev"));
        awaitUi(() -> status(dev).startsWith("Reachable"));

        _get(dev, Button.class, spec -> spec.withText("Test connection")).click();
        awaitUi(() -> status(dev).contains(" ms)"));

        assertThat(status(dev)).startsWith("Reachable — Connected to mlops@").contains("127.0.0.1", "2222", "slurm");
    }

    private static String status(ClusterCard card) {
        return _get(card, Span.class, spec -> spec.withClasses("mc-cluster-status")).getText();
    }

    /** Lets background work land through UI.access, for at most 30 s. */
    private static void awaitUi(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            MockVaadin.clientRoundtrip(false);
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("the UI did not reach the expected state within 30 s");
    }
}
