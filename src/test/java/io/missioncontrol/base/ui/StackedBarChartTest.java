package io.missioncontrol.base.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class StackedBarChartTest {

    @Test
    void drawsOneRowPerBarWithSegmentsProportionalToTheirValues() throws Exception {
        String svg = StackedBarChart.svg("gpu", List.of(
                new StackedBarChart.Bar("a6000", List.of(new StackedBarChart.Segment("used", 1, "used"),
                        new StackedBarChart.Segment("free", 3, "free"))),
                new StackedBarChart.Bar("a100", List.of(new StackedBarChart.Segment("used", 2, "used"),
                        new StackedBarChart.Segment("free", 0, "free")))));

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(svg.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        NodeList rows = doc.getElementsByTagName("g");
        assertThat(rows.getLength()).isEqualTo(2);
        assertThat(svg).contains("class=\"mc-chart-used\" x=\"110.0\" y=\"2\" width=\"65.0\"")
                .contains("class=\"mc-chart-free\" x=\"175.0\" y=\"2\" width=\"195.0\"")
                .contains("1 used · 3 free").contains("2 used · 0 free");
        assertThat(svg).doesNotContain("mc-chart-free\" x=\"240.0\""); // zero-width segments are not drawn
    }

    @Test
    void escapesLabelsSoClusterTextCannotInjectMarkup() {
        String svg = StackedBarChart.svg("t", List.of(new StackedBarChart.Bar("<script>alert(1)</script>",
                List.of(new StackedBarChart.Segment("free", 1, "free")))));
        assertThat(svg).doesNotContain("<script>").contains("&lt;script&gt;");
    }
}
