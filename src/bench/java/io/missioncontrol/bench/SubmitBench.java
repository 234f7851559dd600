package io.missioncontrol.bench;

import io.missioncontrol.TrainingRepo;
import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.slurm.SlurmCommands;
import io.missioncontrol.cluster.ssh.RemoteCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/jobs/} on the production jar until the SLURM id comes back, against what a user does by hand:
 * {@code ssh cluster sbatch <prepared script>} on a new connection. The prepared script is the one the portal
 * rendered for its first job (same #SBATCH lines, same checkout), so both sides submit the same work.
 * Portal and raw submissions alternate, and each pair is cancelled right after it was timed, so neither side
 * runs against more queued or running jobs than the other.
 */
final class SubmitBench {

    record Result(List<Double> portalMs, List<Double> rawMs, String notes) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path jar;
    private final Path clustersFile;
    private final ClusterDefinition cluster;
    private final Path work;
    private final PrintStream log;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    SubmitBench(Path jar, Path clustersFile, ClusterDefinition cluster, Path work, PrintStream log) {
        this.jar = jar;
        this.clustersFile = clustersFile;
        this.cluster = cluster;
        this.work = work;
        this.log = log;
    }

    Result run(int warmup, int reps) throws IOException {
        RawSsh ssh = new RawSsh(cluster);
        String projectName = "bench-submit-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> leftovers = new ArrayList<>();
        try (TrainingRepo repo = TrainingRepo.create(projectName);
             PortalJar portal = PortalJar.start(jar, clustersFile, work.resolve("submit-data"),
                     work.resolve("submit-portal.log"))) {
            String projectId = registerProject(portal, repo);
            log.printf("submit: project %s registered on %s (jar pid %d)%n", projectName, portal.baseUrl(), portal.pid());

            // The first portal job gives the prepared script for the raw side.
            JsonNode first = submit(portal, projectId, "warmup-0");
            String jobDir = first.get("job_dir").asString();
            leftovers.add(first.get("slurm_job_id").asString());
            String rawLine = SlurmCommands.submit(jobDir + "/.missioncontrol/job.sbatch", jobDir).render();
            log.println("submit: raw side runs `" + String.join(" ", ssh.prefix()) + " " + rawLine + "`");

            List<Double> portalMs = new ArrayList<>();
            List<Double> rawMs = new ArrayList<>();
            for (int i = 0; i < warmup + reps; i++) {
                long t0 = System.nanoTime();
                JsonNode job = submit(portal, projectId, "bench-" + i);
                double p = Stats.ms(System.nanoTime() - t0);
                String portalId = job.get("slurm_job_id").asString();
                leftovers.add(portalId);

                RawSsh.Run raw = ssh.run(rawLine);
                if (!raw.ok() || !raw.stdout().strip().matches("\\d+(;.*)?")) {
                    throw new IllegalStateException("raw sbatch failed (" + raw.exitCode() + "): " + raw.stderr()
                            + raw.stdout());
                }
                String rawId = raw.stdout().strip().split(";")[0];
                leftovers.add(rawId);
                if (i >= warmup) {
                    portalMs.add(p);
                    rawMs.add(raw.ms());
                }
                cancel(ssh, List.of(portalId, rawId));
                leftovers.removeAll(List.of(portalId, rawId));
            }
            return new Result(portalMs, rawMs, "POST /api/jobs/ (1 GPU, partition gpu, 1 override) vs ssh sbatch");
        } finally {
            if (!leftovers.isEmpty()) {
                cancel(ssh, leftovers);
            }
            // the jobs' folders on the cluster (the runs were cancelled; nothing else lives there)
            ssh.run(RemoteCommand.of("rm").args("-rf", "--", cluster.workspace() + "/" + projectName).render());
        }
    }

    private String registerProject(PortalJar portal, TrainingRepo repo) throws IOException {
        HttpResponse<String> r = post(portal, "/api/projects/",
                JSON.writeValueAsString(java.util.Map.of("local_path", repo.workTree.toString())));
        if (r.statusCode() != 201) {
            throw new IllegalStateException("POST /api/projects/ answered " + r.statusCode() + ": " + r.body());
        }
        JsonNode project = JSON.readTree(r.body());
        if (!project.get("is_pushed").asBoolean()) {
            throw new IllegalStateException("the benchmark project's commit should be on its remote: " + r.body());
        }
        return project.get("id").asString();
    }

    private JsonNode submit(PortalJar portal, String projectId, String name) throws IOException {
        String body = """
                {"project_id": "%s", "name": "%s", "cluster": "%s", "partition": "gpu", "gpu_type": "a6000",
                 "num_nodes": 1, "gpus_per_node": 1, "time_limit": "00:05:00",
                 "hydra_overrides": {"trainer.epochs": "1"}, "extra_overrides": []}
                """.formatted(projectId, name, cluster.name());
        HttpResponse<String> r = post(portal, "/api/jobs/", body);
        JsonNode job = r.statusCode() == 201 ? JSON.readTree(r.body()) : null;
        if (job == null || job.get("slurm_job_id") == null || job.get("slurm_job_id").isNull()) {
            throw new IllegalStateException("POST /api/jobs/ answered " + r.statusCode() + " without a SLURM id: "
                    + r.body());
        }
        return job;
    }

    private HttpResponse<String> post(PortalJar portal, String path, String json) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(portal.baseUrl() + path))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .header("Authorization", portal.authorization())
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static void cancel(RawSsh ssh, List<String> ids) {
        List<String> lines = new ArrayList<>();
        for (RemoteCommand c : SlurmCommands.cancel(ids)) {
            lines.add(c.render());
        }
        ssh.run(String.join("; ", lines));
    }
}
