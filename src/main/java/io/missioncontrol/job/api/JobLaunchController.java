package io.missioncontrol.job.api;

import io.missioncontrol.job.Job;
import io.missioncontrol.job.launch.JobLaunchService;
import io.missioncontrol.job.launch.LaunchPlan;
import io.missioncontrol.job.launch.LaunchRequest;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Launching jobs: {@code POST /api/jobs/} (the seed's submit), a preview of the script, and a job's own request
 * for launching it again.
 */
@RestController
@RequestMapping("/api/jobs")
class JobLaunchController {

    record PreviewResponse(String commitSha, String codeSource, List<String> overrideArgs, List<String> warnings,
                           String script) {
    }

    private final JobLaunchService launcher;

    JobLaunchController(JobLaunchService launcher) {
        this.launcher = launcher;
    }

    /** 201 with the job; a job SLURM refused comes back too (slurm_status SUBMIT_FAILED, reason in status_reason). */
    @PostMapping({"", "/"})
    ResponseEntity<JobResponse> launch(@Valid @RequestBody LaunchRequest request) {
        Job job = launcher.launch(request);
        return ResponseEntity.created(URI.create("/api/jobs/" + job.getId())).body(JobResponse.of(job));
    }

    /**
     * The request that launches the job again with its recorded values (resources, account, QoS, constraint,
     * overrides): POST it to {@code /api/jobs/} as it is, or changed.
     */
    @GetMapping("/{id}/launch-request")
    LaunchRequest againRequest(@PathVariable String id) {
        return launcher.againRequest(id);
    }

    @PostMapping("/preview")
    PreviewResponse preview(@Valid @RequestBody LaunchRequest request) {
        LaunchPlan plan = launcher.plan(request);
        return new PreviewResponse(plan.commitSha(), plan.codeSource().name(), plan.overrideArgs(), plan.warnings(),
                plan.script());
    }
}
