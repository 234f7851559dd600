package io.missioncontrol.project.ui;

import com.vaadin.flow.component.Component;
import jakarta.annotation.security.PermitAll;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import io.missioncontrol.base.ConflictException;
import io.missioncontrol.base.NotFoundException;
import io.missioncontrol.base.ui.EmptyState;
import io.missioncontrol.base.ui.Formats;
import io.missioncontrol.base.ui.Notifications;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.ProjectDeletion;
import io.missioncontrol.project.ProjectJobCounts;
import io.missioncontrol.project.ProjectService;
import io.missioncontrol.project.ProjectSummary;

/** Every registered project: add one, sync or delete it, open its page. */
@Route("projects")
@PermitAll
@PageTitle("Projects · Mission Control")
@Menu(order = 1, title = "Projects", icon = "vaadin:folder-o")
class ProjectsView extends VerticalLayout {

    static final String ACTIONS = "actions";

    final Grid<ProjectSummary> grid = new Grid<>();
    final Button addButton = new Button("Add project", VaadinIcon.PLUS.create());
    private final EmptyState emptyState;
    private final ProjectService projectService;

    ProjectsView(ProjectService projectService) {
        this.projectService = projectService;
        setSizeFull();

        addButton.setId("add-project");
        addButton.addThemeVariants(ButtonVariant.PRIMARY);
        addButton.addClickListener(e -> openAddDialog());
        HorizontalLayout header = new HorizontalLayout(new H2("Projects"), addButton);
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        header.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);

        grid.setId("projects-grid");
        grid.addColumn(ProjectSummary::name).setHeader("Name").setSortProperty("name").setFlexGrow(1);
        grid.addColumn(ProjectSummary::localPath).setHeader("Path").setSortProperty("localPath").setFlexGrow(2)
                .setPartNameGenerator(p -> "mc-mono").setTooltipGenerator(ProjectSummary::localPath);
        grid.addColumn(p -> p.branch() == null ? "detached HEAD" : p.branch()).setHeader("Branch")
                .setSortProperty("currentBranch");
        grid.addColumn(ProjectSummary::shortCommit).setHeader("Commit").setPartNameGenerator(p -> "mc-mono");
        grid.addComponentColumn(ProjectsView::stateBadges).setHeader("State").setKey("state").setAutoWidth(true);
        grid.addColumn(p -> Formats.dateTime(p.lastSynced())).setHeader("Last synced").setSortProperty("lastSynced")
                .setAutoWidth(true);
        grid.addColumn(ProjectSummary::jobCount).setHeader("Jobs").setFlexGrow(0).setWidth("6rem");
        grid.addComponentColumn(this::actions).setHeader("").setKey(ACTIONS).setFlexGrow(0).setWidth("8rem");
        grid.setItems(query -> projectService.findSummaries(VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        grid.addItemClickListener(e -> getUI().ifPresent(ui -> ui.navigate("projects/" + e.getItem().id())));

        Button addFirst = new Button("Add project", VaadinIcon.PLUS.create(), e -> openAddDialog());
        addFirst.addThemeVariants(ButtonVariant.PRIMARY);
        emptyState = new EmptyState("No projects yet",
                "A project is a Git work tree of your training code on this machine. Add it by its absolute path "
                        + "(for example /home/you/code/my-model): Mission Control reads its branch, commit and remote, "
                        + "its .mlops-config.yaml and its Hydra config, and every job runs exactly a recorded commit.",
                addFirst);

        add(header, emptyState, grid);
        setFlexGrow(1, grid);
        refresh();
    }

    void refresh() {
        boolean any = projectService.hasProjects();
        grid.setVisible(any);
        emptyState.setVisible(!any);
        grid.getDataProvider().refreshAll();
    }

    void openAddDialog() {
        new AddProjectDialog(projectService, project -> refresh()).open();
    }

    void sync(ProjectSummary summary) {
        try {
            Project project = projectService.sync(summary.id());
            Notifications.success("Synced " + project.getName() + ": "
                    + (project.getCurrentBranch() == null ? "detached HEAD" : project.getCurrentBranch())
                    + " at " + project.getShortCommit()
                    + (project.isDirty() ? ", with uncommitted changes" : "")
                    + (project.isPushed() ? "" : ", not pushed yet"));
        } catch (ConflictException | NotFoundException e) {
            Notifications.error(e.getMessage());
        }
        refresh();
    }

    void confirmDelete(ProjectSummary summary) {
        ProjectJobCounts counts;
        try {
            counts = projectService.deletionCheck(summary.id());
        } catch (ConflictException | NotFoundException e) {
            Notifications.error(e.getMessage());
            refresh();
            return;
        }
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.setHeader("Delete project " + summary.name() + "?");
        dialog.setText(deletionText(counts.total()));
        dialog.setCancelable(true);
        dialog.setConfirmText("Delete");
        dialog.setConfirmButtonTheme("error primary");
        dialog.addConfirmListener(e -> delete(summary));
        dialog.open();
    }

    static String deletionText(long jobs) {
        String records = jobs == 0 ? "It has no job records."
                : jobs == 1 ? "Its 1 job record (with its status history) will be deleted too."
                : "Its " + jobs + " job records (with their status history) will be deleted too.";
        return records + " The folder on disk and any files on the clusters are not touched.";
    }

    private void delete(ProjectSummary summary) {
        try {
            ProjectDeletion deletion = projectService.delete(summary.id());
            long n = deletion.jobsDeleted();
            Notifications.success("Deleted project " + deletion.projectName()
                    + (n == 0 ? "" : n == 1 ? " and its job record" : " and its " + n + " job records"));
        } catch (ConflictException | NotFoundException e) {
            Notifications.error(e.getMessage());
        }
        refresh();
    }

    private Component actions(ProjectSummary summary) {
        Button sync = new Button(VaadinIcon.REFRESH.create(), e -> sync(summary));
        sync.addThemeVariants(ButtonVariant.TERTIARY, ButtonVariant.SMALL);
        sync.setTooltipText("Sync: re-read branch, commit and state from disk");
        sync.setAriaLabel("Sync " + summary.name());
        sync.setId("sync-" + summary.id());
        Button delete = new Button(VaadinIcon.TRASH.create(), e -> confirmDelete(summary));
        delete.addThemeVariants(ButtonVariant.TERTIARY, ButtonVariant.SMALL, ButtonVariant.ERROR);
        delete.setTooltipText("Delete this project and its job records");
        delete.setAriaLabel("Delete " + summary.name());
        delete.setId("delete-" + summary.id());
        Div actions = new Div(sync, delete);
        // a click on a button must not also open the project (row click)
        actions.getElement().addEventListener("click", e -> { }).stopPropagation();
        return actions;
    }

    private static Component stateBadges(ProjectSummary summary) {
        Div badges = new Div();
        if (summary.dirty()) {
            badges.add(badge("uncommitted", "mc-badge-neutral"));
        }
        if (!summary.pushed()) {
            badges.add(badge("unpushed", "mc-badge-neutral"));
        }
        if (!summary.dirty() && summary.pushed()) {
            badges.add(badge("clean", "mc-badge-success"));
        }
        return badges;
    }

    private static Span badge(String text, String tone) {
        Span badge = new Span(text);
        badge.addClassNames("mc-badge", tone);
        badge.getStyle().set("margin-right", "0.25em");
        badge.setTitle(switch (text) {
            case "uncommitted" -> "The work tree had uncommitted changes at the last sync";
            case "unpushed" -> "The commit was not on any remote at the last sync";
            default -> "Committed and pushed at the last sync";
        });
        return badge;
    }
}
