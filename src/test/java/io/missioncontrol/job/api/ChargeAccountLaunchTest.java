package io.missioncontrol.job.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.SpringIntegrationTest;
import io.missioncontrol.TrainingRepo;
import io.missioncontrol.cluster.ClusterGateway;
import io.missioncontrol.cluster.ClusterService;
import io.missioncontrol.cluster.DevClusterShell;
import io.missioncontrol.cluster.ssh.ExecResult;
import io.missioncontrol.cluster.ssh.RemoteCommand;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.ProjectService;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Charge account and QoS on the real dev cluster, whose sacctmgr gives mlops the accounts nlp (QoS normal), vision
 * (high, normal) and lab (normal) (scripts/dev-cluster.sh): SLURM runs the job under what was asked, a choice
 * the associations do not allow is refused before sbatch, and launching again keeps them.
 */
@Tag("cluster")
class ChargeAccountLaunchTest extends SpringIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired ProjectService projectService;
    @Autowired JobRepository jobs;
    @Autowired ClusterService clusters;
    @Autowired ClusterGateway gateway;

    private TrainingRepo repo;
    private Project project;
    private final List<String> submitted = new ArrayList<>();

    @BeforeEach
    void freshProject() {
        deleteAllRows();
        repo = TrainingRepo.create("charged");
        project = projectService.add(repo.workTree.toString(), "charged-project");
    }

    @AfterEach
    void cancelOurJobs() {
        if (!submitted.isEmpty()) {
            gateway.cancel(gateway.serviceAccount("dev"), submitted);
        }
        repo.close();
    }

    private ResponseEntity<String> post(String body) {
        return api().post().uri("/api/jobs/").contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                .toEntity(String.class);
    }

    private String tinyJob(String extra) {
        return """
                {"project_id": "%s", "name": "charged", "cluster": "dev", "partition": "debug",
                 "gpus_per_node": 0, "time_limit": "00:02:00"%s}
                """.formatted(project.getId(), extra);
    }

    /** SLURM's own account and QoS of the job ({@code squeue -o '%a|%q'}, finished jobs included). */
    private String accountAndQosInSlurm(String slurmId) {
        ExecResult r = DevClusterShell.remote().exec(clusters.require("dev"), RemoteCommand.of("squeue").arg("-h")
                .arg("-t").arg("all").arg("-j").arg(slurmId).arg("-o").arg("%a|%q"));
        assertThat(r.isSuccess()).as(r.errorText()).isTrue();
        return r.stdout().strip();
    }

    @Test
    void aJobChargedToVisionWithQosHighRunsSoInSlurmIsRecordedSoAndLaunchedAgainSo() {
        ResponseEntity<String> response = post(tinyJob(", \"account\": \"vision\", \"qos\": \"high\""));

        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
        JsonNode job = JSON.readTree(response.getBody());
        String slurmId = job.get("slurm_job_id").asString();
        submitted.add(slurmId);
        assertThat(job.get("account").asString()).isEqualTo("vision");
        assertThat(job.get("qos").asString()).isEqualTo("high");
        assertThat(job.has("constraint")).isTrue();
        assertThat(job.get("constraint").isNull()).isTrue();
        assertThat(job.get("rendered_script").asString()).contains("\n#SBATCH --account=vision\n",
                "\n#SBATCH --qos=high\n").doesNotContain("--constraint");
        assertThat(accountAndQosInSlurm(slurmId)).isEqualTo("vision|high");
        Job stored = jobs.findById(job.get("id").asString()).orElseThrow();
        assertThat(stored.getChargeAccount()).isEqualTo("vision");
        assertThat(stored.getQos()).isEqualTo("high");

        String again = api().get().uri("/api/jobs/{id}/launch-request", job.get("id").asString()).retrieve()
                .body(String.class);
        JsonNode request = JSON.readTree(again);
        assertThat(request.get("account").asString()).isEqualTo("vision");
        assertThat(request.get("qos").asString()).isEqualTo("high");
        assertThat(request.get("constraint").asString()).as("left to SLURM, as the first time").isEmpty();
        assertThat(request.get("partition").asString()).isEqualTo("debug");

        ResponseEntity<String> relaunched = post(again);
        assertThat(relaunched.getStatusCode().value()).as(relaunched.getBody()).isEqualTo(201);
        JsonNode second = JSON.readTree(relaunched.getBody());
        submitted.add(second.get("slurm_job_id").asString());
        assertThat(second.get("id").asString()).isNotEqualTo(job.get("id").asString());
        assertThat(second.get("account").asString()).isEqualTo("vision");
        assertThat(accountAndQosInSlurm(second.get("slurm_job_id").asString())).isEqualTo("vision|high");
    }

    @Test
    void anAccountOrQosTheAssociationsDoNotAllowIsRefusedBeforeSbatchNamingTheField() {
        long commandsBefore = gateway.commandCount("dev");

        ResponseEntity<String> account = post(tinyJob(", \"account\": \"root\""));
        ResponseEntity<String> qos = post(tinyJob(", \"account\": \"nlp\", \"qos\": \"high\""));

        assertThat(account.getStatusCode().value()).isEqualTo(400);
        JsonNode accountProblem = JSON.readTree(account.getBody());
        assertThat(accountProblem.get("field").asString()).isEqualTo("account");
        assertThat(account.getBody()).contains("SLURM account 'root' is not one 'mlops' may charge on dev in "
                + "partition 'debug'; allowed: nlp, vision, lab");
        assertThat(qos.getStatusCode().value()).isEqualTo(400);
        assertThat(JSON.readTree(qos.getBody()).get("field").asString()).isEqualTo("qos");
        assertThat(qos.getBody()).contains("QoS 'high' is not allowed with account 'nlp' on dev in partition "
                + "'debug'; allowed: normal");
        assertThat(jobs.count()).as("nothing recorded, nothing submitted").isZero();
        assertThat(gateway.commandCount("dev") - commandsBefore).as("sinfo and sacctmgr at most, no upload")
                .isLessThanOrEqualTo(4);
    }

    @Test
    void aConstraintOutsideSlurmsSyntaxIsA400NamingConstraint() {
        ResponseEntity<String> response = post(tinyJob(", \"constraint\": \"a100 && $(reboot)\""));

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(JSON.readTree(response.getBody()).get("field").asString()).isEqualTo("constraint");
        assertThat(response.getBody()).contains("must be a SLURM feature expression");
        assertThat(jobs.count()).isZero();
    }
}
