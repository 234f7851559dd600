package io.missioncontrol.job.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WandbLinksTest {

    @Test
    void findsTheRunUrlInTodaysWandbOutput() {
        String log = """
                wandb: Currently logged in as: alice (lab). Use `wandb login --relogin` to force relogin
                wandb: Tracking run with wandb version 0.17.0
                wandb: Run data is saved locally in /scratch/wandb/run-20261128_101010-abc123
                wandb: ⭐️ View project at https://wandb.ai/lab/vision
                wandb: 🚀 View run at https://wandb.ai/lab/vision/runs/abc123
                epoch 1 loss 0.5
                """;
        assertThat(WandbLinks.find(log)).contains("https://wandb.ai/lab/vision/runs/abc123");
    }

    @Test
    void findsTheRunUrlInOlderWandbOutputWithTheRunName() {
        assertThat(WandbLinks.find("wandb: 🚀 View run gentle-sun-42 at: https://wandb.ai/lab/nlp/runs/x9y8z7\n"))
                .contains("https://wandb.ai/lab/nlp/runs/x9y8z7");
        assertThat(WandbLinks.find("wandb: Synced look at this run: https://wandb.ai/a/b/runs/nope\n"
                + "wandb: View run look at this at: https://wandb.ai/lab/nlp/runs/r1")).contains(
                "https://wandb.ai/lab/nlp/runs/r1");
    }

    @Test
    void ignoresColourCodesAndRecognisesSelfHostedServers() {
        String coloured = "wandb: 🚀 View run \u001B[33mbrisk-dawn-3\u001B[0m at: "
                + "\u001B[34m\u001B[4mhttps://wandb.lab.example/lab/rl/runs/q1w2e3\u001B[0m\n";
        assertThat(WandbLinks.find(coloured)).contains("https://wandb.lab.example/lab/rl/runs/q1w2e3");
    }

    @Test
    void findsNothingWithoutARunLine() {
        assertThat(WandbLinks.find("wandb: ⭐️ View project at https://wandb.ai/lab/vision\n")).isEmpty();
        assertThat(WandbLinks.find("View run at nowhere")).isEmpty();
        assertThat(WandbLinks.find("")).isEmpty();
        assertThat(WandbLinks.find(null)).isEmpty();
    }
}
