package io.missioncontrol.project.ui;

import com.vaadin.flow.component.Component;
import jakarta.annotation.security.PermitAll;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.treegrid.TreeGrid;
import com.vaadin.flow.data.provider.hierarchy.TreeData;
import com.vaadin.flow.data.provider.hierarchy.TreeDataProvider;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import io.missioncontrol.base.ConflictException;
import io.missioncontrol.base.NotFoundException;
import io.missioncontrol.base.ui.EmptyState;
import io.missioncontrol.base.ui.Formats;
import io.missioncontrol.base.ui.Notifications;
import io.missioncontrol.project.MlopsConfig;
import io.missioncontrol.project.MlopsConfigResult;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.ProjectService;
import io.missioncontrol.project.git.GitSnapshot;
import io.missioncontrol.project.hydra.HydraConfig;
import io.missioncontrol.project.hydra.HydraLoadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One project: its Git state with plain-words warnings, its {@code .mlops-config.yaml}, its Hydra config
 * as trees, and below them the sections other features add ({@link ProjectPageSection}: the job history).
 */
@Route("projects/:projectId")
@PermitAll
class ProjectView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    /** How many dirty files a warning names before "and N more". */
    static final int DIRTY_FILES_NAMED = 5;

    private final ProjectService projectService;
    private final List<ProjectPageSection> sections;
    private String title = "Project · Mission Control";
    private String projectId;

    final Button syncButton = new Button("Sync", VaadinIcon.REFRESH.create());
    final Button launchButton = new Button("Launch job", VaadinIcon.ROCKET.create());
    TreeGrid<HydraTrees.GroupRow> groupTree;
    TreeGrid<HydraTrees.ValueRow> valueTree;

    ProjectView(ProjectService projectService, List<ProjectPageSection> sections) {
        this.projectService = projectService;
        this.sections = sections;
        addClassName("mc-project");
        syncButton.addClickListener(e -> sync());
        launchButton.addThemeVariants(ButtonVariant.PRIMARY);
        launchButton.addClickListener(e -> getUI().ifPresent(ui ->
                ui.navigate("launch", QueryParameters.of("project", projectId))));
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        projectId = event.getRouteParameters().get("projectId").orElse("");
        render();
    }

    @Override
    public String getPageTitle() {
        return title;
    }

    void render() {
        removeAll();
        Project project;
        try {
            project = projectService.get(projectId);
        } catch (NotFoundException e) {
            title = "No such project · Mission Control";
            Button all = new Button("All projects", e2 -> getUI().ifPresent(ui -> ui.navigate("projects")));
            add(new H2("Project"), new EmptyState("No such project",
                    "There is no project with the id '" + projectId + "'. It may have been deleted; "
                            + "the Projects page lists every registered project.", all));
            return;
        }
        title = project.getName() + " · Mission Control";

        H2 name = new H2(project.getName());
        HorizontalLayout header = new HorizontalLayout(name, syncButton, launchButton);
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        header.expand(name);
        header.setWidthFull();

        add(header, metadata(project));
        add(gitWarnings(project));
        MlopsConfigResult settings = projectService.mlopsConfig(projectId);
        add(new H3(".mlops-config.yaml"), mlopsSection(settings));
        add(new H3("Hydra config"), hydraSection(projectService.hydraConfig(project, settings)));
        for (ProjectPageSection section : sections) {
            add(new H3(section.title()), section.content());
            section.show(projectId);
        }
    }

    private void sync() {
        try {
            Project project = projectService.sync(projectId);
            Notifications.success("Synced " + project.getName() + ": "
                    + (project.getCurrentBranch() == null ? "detached HEAD" : project.getCurrentBranch())
                    + " at " + project.getShortCommit());
        } catch (ConflictException | NotFoundException e) {
            Notifications.error(e.getMessage());
        }
        render();
    }

    // ---- Git

    private static Component metadata(Project project) {
        FormLayout form = new FormLayout();
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("40em", 2));
        form.add(readOnly("Branch", project.getCurrentBranch() == null ? "detached HEAD" : project.getCurrentBranch(), false));
        form.add(readOnly("Commit", project.getCurrentCommit(), true));
        form.add(readOnly("Remote (origin)", project.getRepoUrl() == null ? "none" : project.getRepoUrl(), false));
        form.add(readOnly("Local path", project.getLocalPath(), false));
        form.add(readOnly("Last synced", Formats.dateTime(project.getLastSynced()), false));
        form.add(readOnly("Added", Formats.dateTime(project.getAddedAt()), false));
        form.addClassName("mc-card");
        return form;
    }

    private static TextField readOnly(String label, String value, boolean mono) {
        TextField field = new TextField(label);
        field.setValue(value == null ? "" : value);
        field.setReadOnly(true);
        field.setWidthFull();
        if (mono) {
            field.addClassName("mc-mono");
        }
        return field;
    }

    /** What the work tree looks like right now, in plain words: uncommitted changes, unpushed commit, moved on. */
    private Component gitWarnings(Project project) {
        Div box = new Div();
        box.setWidthFull();
        GitSnapshot snapshot;
        try {
            snapshot = projectService.gitSnapshot(project.getId());
        } catch (ConflictException e) {
            box.add(errorBox(e.getMessage()));
            return box;
        }
        for (String warning : warnings(project, snapshot)) {
            Paragraph p = new Paragraph(warning);
            p.addClassNames("mc-warning", "mc-git-warning");
            box.add(p);
        }
        return box;
    }

    static List<String> warnings(Project project, GitSnapshot snapshot) {
        List<String> warnings = new ArrayList<>();
        if (!Objects.equals(snapshot.headCommit(), project.getCurrentCommit())
                || !Objects.equals(snapshot.branch(), project.getCurrentBranch())) {
            warnings.add("The work tree has changed since the last sync: it is now on "
                    + (snapshot.branch() == null ? "a detached HEAD" : "branch " + snapshot.branch())
                    + " at commit " + shortId(snapshot.headCommit()) + ". Press Sync to record it.");
        }
        if (snapshot.dirty()) {
            int n = snapshot.dirtyFileCount();
            List<String> named = snapshot.dirtyPaths().stream().limit(DIRTY_FILES_NAMED).toList();
            int more = n - named.size();
            warnings.add((n == 1 ? "1 file has" : n + " files have") + " uncommitted changes: "
                    + String.join(", ", named) + (more > 0 ? " … and " + more + " more" : "")
                    + " — a job runs the last commit, not these changes.");
        }
        if (!snapshot.pushed()) {
            warnings.add("Commit " + shortId(snapshot.headCommit()) + " is not on any remote yet"
                    + (snapshot.remoteUrl() == null ? " (the repository has no origin remote)" : "")
                    + " — it will be shipped to the cluster as a git bundle.");
        }
        return warnings;
    }

    private static String shortId(String commit) {
        return commit == null ? "?" : commit.substring(0, Math.min(8, commit.length()));
    }

    // ---- .mlops-config.yaml

    static Component mlopsSection(MlopsConfigResult result) {
        return switch (result) {
            case MlopsConfigResult.Broken broken -> {
                Div box = errorBox("This file cannot be used; jobs cannot be launched until it is fixed.");
                Pre details = new Pre(broken.message());
                details.addClassName("mc-pre");
                box.add(details);
                yield box;
            }
            case MlopsConfigResult.Loaded loaded -> mlopsSummary(loaded.config(), loaded.fileExists());
        };
    }

    private static Component mlopsSummary(MlopsConfig config, boolean fileExists) {
        Div card = new Div();
        card.addClassName("mc-card");
        card.setWidthFull();
        card.getStyle().set("box-sizing", "border-box");
        if (!fileExists) {
            card.add(new Paragraph("No .mlops-config.yaml in the project: jobs run python "
                    + config.trainScript() + " with the cluster's default Python. Add the file to set the "
                    + "environment, setup commands, resource defaults and W&B (see docs/mlops-config.md)."));
        }
        FormLayout form = new FormLayout();
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("40em", 2));
        form.add(readOnly("Train script", "python " + config.trainScript(), false));
        form.add(readOnly("Python", python(config.python()), false));
        form.add(readOnly("Resource defaults", resources(config.resources()), false));
        form.add(readOnly("Weights & Biases", wandb(config.wandb()), false));
        form.add(readOnly("Hydra location", config.hydra().isConfigured()
                ? Objects.toString(config.hydra().configPath(), "(common folders)") + " / "
                + Objects.toString(config.hydra().configName(), "(train or config)")
                : "not set — common layouts are searched", false));
        form.add(readOnly("Environment variables", config.env().isEmpty() ? "none"
                : config.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" ")), false));
        card.add(form);
        if (!config.setupCommands().isEmpty()) {
            card.add(new H4("Setup commands"));
            Pre commands = new Pre(String.join("\n", config.setupCommands()));
            commands.addClassName("mc-pre");
            card.add(commands);
        }
        for (String warning : config.warnings()) {
            Paragraph p = new Paragraph(warning);
            p.addClassName("mc-warning");
            card.add(p);
        }
        return card;
    }

    static String python(MlopsConfig.PythonEnv env) {
        String base = switch (env.kind()) {
            case CONDA -> "conda env " + env.condaEnv();
            case VENV -> "virtualenv " + env.venv();
            case SYSTEM -> "python on the PATH";
        };
        return env.moduleLoads().isEmpty() ? base : base + ", after module load " + String.join(" ", env.moduleLoads());
    }

    static String resources(MlopsConfig.Resources r) {
        if (r.isEmpty()) {
            return "none set — the cluster's defaults apply";
        }
        List<String> parts = new ArrayList<>();
        if (r.partition() != null) {
            parts.add("partition " + r.partition());
        }
        if (r.nodes() != null) {
            parts.add(r.nodes() + (r.nodes() == 1 ? " node" : " nodes"));
        }
        if (r.gpusPerNode() != null) {
            parts.add(r.gpusPerNode() + (r.gpuType() == null ? "" : " × " + r.gpuType())
                    + (r.gpusPerNode() == 1 ? " GPU" : " GPUs") + " per node");
        } else if (r.gpuType() != null) {
            parts.add("GPU type " + r.gpuType());
        }
        if (r.cpusPerTask() != null) {
            parts.add(r.cpusPerTask() + (r.cpusPerTask() == 1 ? " CPU" : " CPUs") + " per task");
        }
        if (r.memory() != null) {
            parts.add(r.memory() + " memory");
        }
        if (r.timeLimit() != null) {
            parts.add("time limit " + r.timeLimit());
        }
        return String.join(" · ", parts);
    }

    static String wandb(MlopsConfig.Wandb w) {
        if (!w.isConfigured()) {
            return "not configured";
        }
        return (w.entity() == null ? "" : w.entity() + "/") + Objects.toString(w.project(), "(no project)");
    }

    // ---- Hydra

    private Component hydraSection(HydraLoadResult result) {
        groupTree = null;
        valueTree = null;
        return switch (result) {
            case HydraLoadResult.NotFound notFound -> {
                Paragraph p = new Paragraph(capitalize(notFound.message()) + ". If the configs live elsewhere, set "
                        + "hydra.config_path and hydra.config_name in .mlops-config.yaml.");
                p.addClassName("mc-hydra-none");
                yield p;
            }
            case HydraLoadResult.Invalid invalid -> errorBox("The Hydra config cannot be read: " + invalid.message());
            case HydraLoadResult.Loaded loaded -> hydraTrees(loaded);
        };
    }

    private Component hydraTrees(HydraLoadResult.Loaded loaded) {
        HydraConfig config = loaded.config();
        VerticalLayout box = new VerticalLayout();
        box.setPadding(false);
        box.add(new Paragraph(loaded.message() + " — " + config.groups().size() + " config groups, "
                + config.flattened().size() + " values. Interpolations (${…}) are shown as written; ??? must be "
                + "given when launching."));

        groupTree = new TreeGrid<>();
        groupTree.setId("hydra-groups");
        groupTree.addHierarchyColumn(HydraTrees.GroupRow::label).setHeader("Group / option").setFlexGrow(2);
        groupTree.addColumn(HydraTrees.GroupRow::defaultText).setHeader("Default").setFlexGrow(2);
        groupTree.addColumn(HydraTrees.GroupRow::optionsText).setHeader("Options");
        TreeData<HydraTrees.GroupRow> groups = HydraTrees.groups(config);
        groupTree.setDataProvider(new TreeDataProvider<>(groups));
        groupTree.expandRecursively(groups.getRootItems(), Integer.MAX_VALUE);
        groupTree.setHeight("18rem");
        groupTree.setEmptyStateText("This config has no config groups.");

        valueTree = new TreeGrid<>();
        valueTree.setId("hydra-values");
        valueTree.addHierarchyColumn(HydraTrees.ValueRow::key).setHeader("Key").setFlexGrow(2);
        valueTree.addColumn(HydraTrees.ValueRow::value).setHeader("Value").setFlexGrow(3)
                .setPartNameGenerator(r -> "mc-mono").setTooltipGenerator(HydraTrees.ValueRow::path);
        valueTree.addColumn(HydraTrees.ValueRow::type).setHeader("Type");
        TreeData<HydraTrees.ValueRow> values = HydraTrees.values(config);
        valueTree.setDataProvider(new TreeDataProvider<>(values));
        valueTree.expandRecursively(values.getRootItems(), Integer.MAX_VALUE);
        valueTree.setHeight("24rem");
        valueTree.setEmptyStateText("The composed config has no values.");

        box.add(new H4("Config groups"), groupTree, new H4("Composed values"), valueTree);
        return box;
    }

    // ---- helpers

    private static Div errorBox(String message) {
        Div box = new Div(new Span(message));
        box.addClassName("mc-error-box");
        box.setWidthFull();
        return box;
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
