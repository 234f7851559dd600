package io.missioncontrol.project.api;

import io.missioncontrol.base.api.RequestLimits;
import io.missioncontrol.project.DuplicateProjectException;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.ProjectDeletion;
import io.missioncontrol.project.ProjectService;
import io.missioncontrol.project.hydra.HydraLoadResult;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The seed's project endpoints under {@code /api/projects}, each with and without a trailing slash.
 * Errors are RFC 9457 problem details (see {@code ProblemDetailsAdvice}); a duplicate path or name
 * also names its {@code field}.
 */
@RestController
@RequestMapping("/api/projects")
class ProjectController {

    private final ProjectService projects;

    ProjectController(ProjectService projects) {
        this.projects = projects;
    }

    @GetMapping({"", "/"})
    List<ProjectResponse> list() {
        return projects.findAll().stream().map(ProjectResponse::of).toList();
    }

    /** {@code {"local_path": "/abs/path", "name": "optional"}} → 201 with the project. */
    @PostMapping({"", "/"})
    ResponseEntity<ProjectResponse> add(@Valid @RequestBody AddProjectRequest request) {
        Project project = projects.add(request.localPath(), request.name());
        return ResponseEntity.created(URI.create("/api/projects/" + project.getId())).body(ProjectResponse.of(project));
    }

    @GetMapping({"/{id}", "/{id}/"})
    ProjectResponse get(@PathVariable String id) {
        return ProjectResponse.of(projects.get(id));
    }

    @PostMapping({"/{id}/sync", "/{id}/sync/"})
    ProjectResponse sync(@PathVariable String id) {
        return ProjectResponse.of(projects.sync(id));
    }

    /** → {@code {"deleted": true, "jobs_deleted": n}}; 409 while the project has active jobs. */
    @DeleteMapping({"/{id}", "/{id}/"})
    DeleteResponse delete(@PathVariable String id) {
        ProjectDeletion deletion = projects.delete(id);
        return new DeleteResponse(true, deletion.jobsDeleted());
    }

    /**
     * The composed Hydra config: {@code config_path}, {@code config_name}, {@code groups} and {@code values}.
     * No config → 404 saying where it looked ({@code looked_at}); a broken one → 422 naming {@code file} and {@code line}.
     */
    @GetMapping({"/{id}/hydra-config", "/{id}/hydra-config/"})
    ResponseEntity<?> hydraConfig(@PathVariable String id) {
        return switch (projects.hydraConfig(id)) {
            case HydraLoadResult.Loaded loaded -> ResponseEntity.ok(loaded.config());
            case HydraLoadResult.NotFound notFound -> {
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, notFound.message());
                problem.setTitle("No Hydra config");
                problem.setProperty("looked_at", notFound.lookedAt());
                yield ResponseEntity.of(problem).build();
            }
            case HydraLoadResult.Invalid invalid -> {
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                        invalid.message());
                problem.setTitle("Hydra config cannot be read");
                if (invalid.error().file() != null) {
                    problem.setProperty("file", invalid.error().file());
                }
                if (invalid.error().line() > 0) {
                    problem.setProperty("line", invalid.error().line());
                }
                yield ResponseEntity.of(problem).build();
            }
        };
    }

    @ExceptionHandler(DuplicateProjectException.class)
    ProblemDetail duplicate(DuplicateProjectException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Conflict");
        problem.setProperty("field", e.field());
        return problem;
    }

    /** The body of {@code POST /api/projects/}; what the path and name must be is the service's to check. */
    record AddProjectRequest(
            @NotBlank(message = "is empty; enter the absolute path of a Git work tree")
            @Size(max = 4096, message = RequestLimits.TOO_LONG) String localPath,
            @Size(max = 100, message = RequestLimits.TOO_LONG) String name) {
    }

    /** The answer of {@code DELETE /api/projects/{id}}. */
    record DeleteResponse(boolean deleted, long jobsDeleted) {
    }
}
