package io.missioncontrol.project.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import io.missioncontrol.base.ConflictException;
import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.base.ui.Notifications;
import io.missioncontrol.project.DuplicateProjectException;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.ProjectService;
import java.util.function.Consumer;

/** Registers a Git work tree by its path; each problem is shown on the field it is about. */
class AddProjectDialog extends Dialog {

    final TextField path = new TextField("Local path");
    final TextField name = new TextField("Name (optional)");
    final Button addButton = new Button("Add project");

    private final ProjectService projectService;
    private final Consumer<Project> onAdded;

    AddProjectDialog(ProjectService projectService, Consumer<Project> onAdded) {
        this.projectService = projectService;
        this.onAdded = onAdded;
        setHeaderTitle("Add a project");
        setWidth("36rem");

        Paragraph intro = new Paragraph("The root of a Git work tree on this machine. Mission Control reads its "
                + "branch, commit and remote; a job always runs a recorded commit.");
        path.setId("add-project-path");
        name.setId("add-project-name");
        addButton.setId("add-project-submit");
        path.setPlaceholder("/home/you/code/my-model");
        path.setHelperText("Absolute path, the folder that contains .git");
        path.setWidthFull();
        path.setRequiredIndicatorVisible(true);
        path.setManualValidation(true);
        name.setHelperText("Letters, digits, '.', '_' and '-'; the folder name when left empty");
        name.setWidthFull();
        name.setManualValidation(true);
        // eager: the value reaches the server before the Enter shortcut or a click on "Add project"
        path.setValueChangeMode(ValueChangeMode.EAGER);
        name.setValueChangeMode(ValueChangeMode.EAGER);
        path.addValueChangeListener(e -> clearError(path));
        name.addValueChangeListener(e -> clearError(name));

        VerticalLayout content = new VerticalLayout(intro, path, name);
        content.setPadding(false);
        add(content);

        addButton.addThemeVariants(ButtonVariant.PRIMARY);
        addButton.addClickListener(e -> submit());
        addButton.addClickShortcut(Key.ENTER);
        Button cancel = new Button("Cancel", e -> close());
        getFooter().add(cancel, addButton);
    }

    void submit() {
        clearError(path);
        clearError(name);
        try {
            Project project = projectService.add(path.getValue(), name.getValue());
            close();
            Notifications.success("Added project " + project.getName() + " — "
                    + (project.getCurrentBranch() == null ? "detached HEAD" : project.getCurrentBranch())
                    + " at " + project.getShortCommit());
            onAdded.accept(project);
        } catch (InvalidInputException e) {
            for (InvalidInputException.FieldError error : e.errors()) {
                showError("name".equals(error.field()) ? name : path, error.message());
            }
        } catch (DuplicateProjectException e) {
            showError("name".equals(e.field()) ? name : path, e.getMessage());
        } catch (ConflictException e) {
            showError(path, e.getMessage());
        }
    }

    private static void showError(TextField field, String message) {
        field.setErrorMessage(message);
        field.setInvalid(true);
    }

    private static void clearError(TextField field) {
        field.setInvalid(false);
        field.setErrorMessage(null);
    }
}
