package io.missioncontrol.notify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * One notification, rendered for each channel: plain text and HTML (email), Block Kit with a text fallback
 * (Slack), a short body with headers (ntfy).
 *
 * @param event      what happened
 * @param jobName    the job's name
 * @param project    the project's name
 * @param cluster    the cluster
 * @param state      the job's state when it happened (e.g. OUT_OF_MEMORY for a FAILED event)
 * @param exitCode   SLURM's exit code, or null
 * @param runtime    how long it ran, or null when it never started
 * @param reason     why, or null
 * @param stderrTail the last lines of stderr (failures only), or null
 * @param jobUrl     the job's page in the portal
 * @param wandbUrl   the W&amp;B run, or null
 * @param mlflowUrl  the MLflow run, or null
 */
record NotificationMessage(NotificationEvent event, String jobName, String project, String cluster, String state,
                           Integer exitCode, Duration runtime, String reason, String stderrTail, String jobUrl,
                           String wandbUrl, String mlflowUrl) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    String title() {
        String what = switch (event) {
            case STARTED -> "started";
            case COMPLETED -> "completed";
            case FAILED -> "failed (" + state + ")";
            case CANCELLED -> "was cancelled";
            case TIME_LIMIT_90 -> "has used 90 % of its time limit";
        };
        return "Job " + jobName + " " + what;
    }

    /** The facts, in order, label → value (absent ones left out). */
    Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Project", project);
        facts.put("Cluster", cluster);
        facts.put("State", state);
        if (exitCode != null) {
            facts.put("Exit code", exitCode.toString());
        }
        if (runtime != null) {
            facts.put("Runtime", format(runtime));
        }
        if (reason != null && !reason.isBlank()) {
            facts.put("Reason", reason);
        }
        return facts;
    }

    private Map<String, String> links() {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("Job page", jobUrl);
        if (wandbUrl != null) {
            links.put("W&B run", wandbUrl);
        }
        if (mlflowUrl != null) {
            links.put("MLflow run", mlflowUrl);
        }
        return links;
    }

    String plainText() {
        StringBuilder text = new StringBuilder(title()).append("\n\n");
        facts().forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
        if (stderrTail != null && !stderrTail.isBlank()) {
            text.append("\nLast lines of stderr:\n").append(stderrTail.stripTrailing()).append('\n');
        }
        text.append('\n');
        links().forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
        return text.toString();
    }

    String html() {
        StringBuilder html = new StringBuilder("<html><body><h2>").append(esc(title())).append("</h2><table>");
        facts().forEach((k, v) -> html.append("<tr><th align=\"left\">").append(esc(k)).append("</th><td>")
                .append(esc(v)).append("</td></tr>"));
        html.append("</table>");
        if (stderrTail != null && !stderrTail.isBlank()) {
            html.append("<p>Last lines of stderr:</p><pre>").append(esc(stderrTail.stripTrailing())).append("</pre>");
        }
        html.append("<p>");
        links().forEach((k, v) -> html.append("<a href=\"").append(esc(v)).append("\">").append(esc(k))
                .append("</a> "));
        return html.append("</p></body></html>").toString();
    }

    /** Slack's incoming-webhook body: Block Kit {@code blocks} and the {@code text} shown where blocks are not. */
    String slackJson() {
        List<Object> blocks = new ArrayList<>();
        blocks.add(Map.of("type", "header", "text", Map.of("type", "plain_text", "text", cut(title(), 150))));
        List<Object> fields = new ArrayList<>();
        facts().forEach((k, v) -> fields.add(Map.of("type", "mrkdwn", "text", "*" + slack(k) + "*\n"
                + slack(cut(v, 1900)))));
        blocks.add(Map.of("type", "section", "fields", fields.subList(0, Math.min(10, fields.size()))));
        if (stderrTail != null && !stderrTail.isBlank()) {
            blocks.add(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text",
                    "*Last lines of stderr*\n```" + slack(cut(stderrTail.stripTrailing(), 2800)) + "```")));
        }
        StringBuilder links = new StringBuilder();
        links().forEach((k, v) -> links.append('<').append(v).append('|').append(slack(k)).append(">  "));
        blocks.add(Map.of("type", "context", "elements", List.of(Map.of("type", "mrkdwn", "text",
                links.toString().strip()))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", title() + " — " + jobUrl);
        body.put("blocks", blocks);
        return JSON.writeValueAsString(body);
    }

    /** ntfy's body: the facts and stderr tail as text (title, priority, tags and link go in headers). */
    String ntfyBody() {
        StringBuilder text = new StringBuilder();
        facts().forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
        if (stderrTail != null && !stderrTail.isBlank()) {
            text.append("\n").append(cut(stderrTail.stripTrailing(), 2000)).append('\n');
        }
        return text.toString().stripTrailing();
    }

    String ntfyPriority() {
        return switch (event) {
            case FAILED -> "high";
            case TIME_LIMIT_90 -> "default";
            case STARTED -> "low";
            default -> "default";
        };
    }

    String ntfyTags() {
        return switch (event) {
            case STARTED -> "arrow_forward";
            case COMPLETED -> "white_check_mark";
            case FAILED -> "x";
            case CANCELLED -> "no_entry_sign";
            case TIME_LIMIT_90 -> "hourglass";
        };
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%dh %02dm %02ds", s / 3600, s % 3600 / 60, s % 60)
                : s >= 60 ? String.format("%dm %02ds", s / 60, s % 60) : s + "s";
    }

    private static String esc(String s) {
        return HtmlUtils.htmlEscape(s);
    }

    /** Slack's mrkdwn needs only &amp;, &lt; and &gt; escaped. */
    private static String slack(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String cut(String s, int max) {
        return NotificationOutbox.cut(s, max);
    }
}
