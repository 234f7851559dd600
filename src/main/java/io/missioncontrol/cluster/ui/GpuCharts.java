package io.missioncontrol.cluster.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Span;
import io.missioncontrol.base.ui.StackedBarChart;
import io.missioncontrol.cluster.gpu.GpuAvailability;
import io.missioncontrol.cluster.gpu.PartitionGpus;
import io.missioncontrol.cluster.gpu.GpuCount;
import java.util.ArrayList;
import java.util.List;

/** GPU availability as one stacked bar chart (used vs free per GPU type) per partition. */
public final class GpuCharts {

    private GpuCharts() {
    }

    public static Div forAvailability(GpuAvailability availability) {
        Div charts = new Div();
        charts.addClassName("mc-gpu-charts");
        if (availability.partitions().isEmpty()) {
            charts.add(new Span("SLURM reports no GPUs (GRES) on this cluster."));
        }
        for (PartitionGpus partition : availability.partitions()) {
            charts.add(forPartition(partition));
        }
        return charts;
    }

    private static StackedBarChart.Bar bar(GpuCount g) {
        List<StackedBarChart.Segment> segments = new ArrayList<>(List.of(
                new StackedBarChart.Segment("used", g.used(), "used"),
                new StackedBarChart.Segment("free", g.free(), "free")));
        int unavailable = g.total() - g.used() - g.free();
        if (unavailable > 0) { // GPUs on nodes that are down or drained
            segments.add(new StackedBarChart.Segment("unavailable", unavailable, "down"));
        }
        return new StackedBarChart.Bar(g.gpuType(), segments);
    }

    public static Div forPartition(PartitionGpus partition) {
        Div chart = new Div();
        chart.addClassName("mc-gpu-chart");
        chart.getElement().setAttribute("data-partition", partition.partition());
        String nodes = partition.nodesTotal() + " node(s)" + (partition.nodesUnavailable() > 0
                ? ", " + partition.nodesUnavailable() + " down or drained" : "");
        chart.add(new H4(partition.partition() + " — " + partition.freeGpus() + " of " + partition.totalGpus()
                + " GPUs free (" + nodes + ")"));
        List<StackedBarChart.Bar> bars = partition.gpus().stream().map(GpuCharts::bar).toList();
        chart.add(new StackedBarChart("GPUs in partition " + partition.partition(), bars));
        return chart;
    }
}
