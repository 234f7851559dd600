package io.missioncontrol.job.monitor;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the Weights &amp; Biases run URL in log text. wandb prints
 * {@code wandb: 🚀 View run at https://wandb.ai/<entity>/<project>/runs/<id>}; older versions print
 * {@code wandb: 🚀 View run <name> at: https://...}. Colour codes around the URL are ignored; self-hosted W&amp;B
 * servers (any host) are recognised too, as long as the line says "View run" and the URL names a run. Pure.
 */
public final class WandbLinks {

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");
    private static final Pattern VIEW_RUN = Pattern.compile(
            "View run\\b[^\\n]*?\\bat:?\\s+(https?://[^\\s'\"<>()\\[\\]]+/runs/[A-Za-z0-9_.-]+)");

    private WandbLinks() {
    }

    /** The first run URL in {@code text}, if any. */
    public static Optional<String> find(String text) {
        if (text == null || !text.contains("View run")) {
            return Optional.empty();
        }
        Matcher m = VIEW_RUN.matcher(ANSI.matcher(text).replaceAll(""));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
