package io.missioncontrol.job.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.SpringIntegrationTest;
import io.missioncontrol.TrainingRepo;
import io.missioncontrol.cluster.ClusterGateway;
import io.missioncontrol.cluster.ClusterService;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.ProjectService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The portal's own meters on /actuator/prometheus and the clusters in /actuator/health, after real work. */
@Tag("cluster")
class MetricsAndHealthTest extends SpringIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired ProjectService projectService;
    @Autowired JobRepository jobs;
    @Autowired ClusterService clusters;
    @Autowired ClusterGateway gateway;
    @Autowired Scheduler scheduler;

    private TrainingRepo repo;
    private Project project;

    @BeforeEach
    void freshProject() {
        deleteAllRows();
        repo = TrainingRepo.create("metrics");
        project = projectService.add(repo.workTree.toString(), "metrics-project");
    }

    @AfterEach
    void cleanUp() {
        List<String> ids = jobs.findAll().stream().map(Job::getSlurmJobId).filter(id -> id != null).toList();
        if (!ids.isEmpty()) {
            gateway.cancel(gateway.serviceAccount("dev"), ids);
        }
        repo.close();
    }

    @Test
    void aLaunchAndAScheduledPollShowUpAsMetricsAndTheClustersInHealth() throws Exception {
        String sbatch = "missioncontrol_ssh_commands_total{cluster=\"dev\",command=\"sbatch\"}";
        String sftp = "missioncontrol_ssh_commands_total{cluster=\"dev\",command=\"sftp\"}";
        String squeue = "missioncontrol_ssh_commands_total{cluster=\"dev\",command=\"squeue\"}";
        String start = scrape();
        double sbatchBefore = value(start, sbatch);
        double sftpBefore = value(start, sftp);
        double squeueBefore = value(start, squeue);

        var launched = api().post().uri("/api/jobs/").contentType(MediaType.APPLICATION_JSON).body("""
                {"project_id": "%s", "name": "metered", "cluster": "dev", "partition": "debug",
                 "gpus_per_node": 0, "time_limit": "00:02:00"}
                """.formatted(project.getId())).retrieve().toEntity(String.class);
        assertThat(launched.getStatusCode().value()).as(launched.getBody()).isEqualTo(201);

        String cycles = "missioncontrol_poll_cycles_total{cluster=\"dev\",outcome=\"polled\"}";
        double before = value(scrape(), cycles);
        // the real scheduled job, fired now instead of in 30 s
        scheduler.triggerJob(JobKey.jobKey(PollerSchedule.JOB_NAME));
        String metrics = awaitIncrease(cycles, before);

        assertThat(metrics).contains("missioncontrol_poll_duration_seconds_count{cluster=\"dev\",outcome=\"polled\"}")
                .containsPattern("missioncontrol_submit_duration_seconds_count [1-9]")
                .containsPattern("missioncontrol_jobs_active [1-9]");

        // the launch uploaded its script (sftp) and ran sbatch; the poll ran squeue
        assertThat(value(metrics, sbatch)).as(sbatch).isGreaterThan(sbatchBefore);
        assertThat(value(metrics, sftp)).as(sftp).isGreaterThan(sftpBefore);
        assertThat(value(metrics, squeue)).as(squeue).isGreaterThan(squeueBefore);
        List<String> commandTags = metrics.lines().filter(line -> line.startsWith("missioncontrol_ssh_commands_total{"))
                .map(line -> line.replaceAll(".*command=\"([^\"]*)\".*", "$1")).toList();
        assertThat(commandTags).as("the program's name, never its arguments").isNotEmpty()
                .allMatch(tag -> tag.matches("[a-z][a-z0-9_]*"));

        JsonNode health = JSON.readTree(api().get().uri("/actuator/health").retrieve().body(String.class));
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").get("db").get("status").asString()).isEqualTo("UP");
        JsonNode clusterHealth = health.get("components").get("clusters").get("details");
        assertThat(clusterHealth.get("dev").get("reachable").asBoolean()).isTrue();
        assertThat(clusterHealth.has("dead")).as("every configured cluster is listed").isTrue();
    }

    private String scrape() {
        return api().get().uri("/actuator/prometheus").retrieve().body(String.class);
    }

    /** The sample's value on a scrape, 0 when it is not there yet. */
    private static double value(String scrape, String sample) {
        return scrape.lines().filter(line -> line.startsWith(sample + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(sample.length() + 1).strip())).orElse(0.0);
    }

    private String awaitIncrease(String sample, double before) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String body = "";
        while (Instant.now().isBefore(deadline)) {
            body = scrape();
            if (value(body, sample) > before) {
                return body;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(sample + " did not grow past " + before + " on /actuator/prometheus:\n" + body);
    }
}
