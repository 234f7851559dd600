package io.missioncontrol.project.api;

import io.missioncontrol.project.ProjectService;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The seed's project endpoints under {@code /api/projects}. */
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
}
