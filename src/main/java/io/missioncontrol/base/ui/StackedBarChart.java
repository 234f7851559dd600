package io.missioncontrol.base.ui;

import com.vaadin.flow.component.html.Div;
import java.util.List;
import java.util.Locale;

/**
 * A horizontal stacked bar chart drawn on the server as SVG (no chart library in the browser, no
 * frontend build). Each bar is a label and segments, e.g. a GPU type with "used" and "free".
 */
public class StackedBarChart extends Div {

    /** One coloured part of a bar; {@code tone} picks its colour class ({@code used}, {@code free}, {@code down}). */
    public record Segment(String name, int value, String tone) {
    }

    /** One bar: its label and its segments, drawn left to right. */
    public record Bar(String label, List<Segment> segments) {
        int total() {
            return segments.stream().mapToInt(Segment::value).sum();
        }
    }

    private static final int LABEL_WIDTH = 110;
    private static final int BAR_WIDTH = 260;
    private static final int ROW_HEIGHT = 26;
    private static final int BAR_HEIGHT = 18;
    private static final int VALUE_WIDTH = 120;

    public StackedBarChart(String title, List<Bar> bars) {
        addClassName("mc-chart");
        getElement().setProperty("innerHTML", svg(title, bars));
    }

    /** The chart as an SVG document; every text is escaped. */
    public static String svg(String title, List<Bar> bars) {
        int max = Math.max(1, bars.stream().mapToInt(Bar::total).max().orElse(1));
        int width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH;
        int height = Math.max(1, bars.size()) * ROW_HEIGHT + 4;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" class=\"mc-chart-svg\" width=\"")
                .append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width)
                .append(' ').append(height).append("\"><title>").append(escape(title)).append("</title>");
        for (int row = 0; row < bars.size(); row++) {
            Bar bar = bars.get(row);
            int y = row * ROW_HEIGHT + 2;
            svg.append("<g class=\"mc-chart-row\" data-label=\"").append(escape(bar.label())).append("\">");
            svg.append("<text class=\"mc-chart-label\" x=\"0\" y=\"").append(y + BAR_HEIGHT - 4).append("\">")
                    .append(escape(bar.label())).append("</text>");
            svg.append("<rect class=\"mc-chart-track\" x=\"").append(LABEL_WIDTH).append("\" y=\"").append(y)
                    .append("\" width=\"").append(BAR_WIDTH).append("\" height=\"").append(BAR_HEIGHT)
                    .append("\" rx=\"3\"/>");
            double x = LABEL_WIDTH;
            StringBuilder numbers = new StringBuilder();
            for (Segment segment : bar.segments()) {
                double w = (double) BAR_WIDTH * segment.value() / max;
                if (segment.value() > 0) {
                    svg.append("<rect class=\"mc-chart-").append(escape(segment.tone())).append("\" x=\"")
                            .append(fmt(x)).append("\" y=\"").append(y).append("\" width=\"").append(fmt(w))
                            .append("\" height=\"").append(BAR_HEIGHT).append("\"><title>")
                            .append(escape(bar.label() + ": " + segment.value() + " " + segment.name()))
                            .append("</title></rect>");
                }
                x += w;
                if (!numbers.isEmpty()) {
                    numbers.append(" · ");
                }
                numbers.append(segment.value()).append(' ').append(segment.name());
            }
            svg.append("<text class=\"mc-chart-value\" x=\"").append(LABEL_WIDTH + BAR_WIDTH + 8).append("\" y=\"")
                    .append(y + BAR_HEIGHT - 4).append("\">").append(escape(numbers.toString())).append("</text>");
            svg.append("</g>");
        }
        return svg.append("</svg>").toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
