package io.missioncontrol.account.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.missioncontrol.account.MemberInfo;
import io.missioncontrol.account.MemberService;
import io.missioncontrol.account.Role;
import io.missioncontrol.base.ConflictException;
import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.base.NotFoundException;
import io.missioncontrol.base.ui.Formats;
import io.missioncontrol.base.ui.Notifications;
import jakarta.annotation.security.RolesAllowed;

/** Admins: the lab's members — add one, change a role, disable or enable (disabling asks first). */
@Route("admin/users")
@PageTitle("Users · Mission Control")
@Menu(order = 11, title = "Users", icon = "vaadin:users")
@RolesAllowed("ADMIN")
class UsersView extends VerticalLayout {

    final Grid<MemberInfo> grid = new Grid<>();
    final TextField username = new TextField("Username");
    final PasswordField password = new PasswordField("Password");
    final ComboBox<Role> role = new ComboBox<>("Role");
    final Button add = new Button("Add member", VaadinIcon.PLUS.create());
    private final MemberService members;

    UsersView(MemberService members) {
        this.members = members;
        setSizeFull();
        password.setHelperText("optional; at least 10 characters");
        role.setItems(Role.values());
        role.setValue(Role.MEMBER);
        add.addThemeVariants(ButtonVariant.PRIMARY);
        add.addClickListener(e -> create());
        grid.setId("users-grid");
        grid.addColumn(MemberInfo::username).setHeader("Username");
        grid.addComponentColumn(this::roleSelect).setHeader("Role").setKey("role");
        grid.addColumn(m -> m.source() + (m.hasPassword() ? ", password" : "")).setHeader("Sign-in");
        grid.addColumn(m -> m.disabled() ? "disabled" : "active").setHeader("State").setKey("state");
        grid.addColumn(m -> Formats.dateTime(m.createdAt())).setHeader("Added");
        grid.addComponentColumn(this::disableButton).setKey("actions").setFlexGrow(0).setWidth("9rem");
        HorizontalLayout form = new HorizontalLayout(username, password, role, add);
        form.setAlignItems(Alignment.BASELINE);
        add(new H2("Users"), form, grid);
        setFlexGrow(1, grid);
        refresh();
    }

    void refresh() {
        grid.setItems(members.list());
    }

    void create() {
        username.setInvalid(false);
        password.setInvalid(false);
        try {
            MemberInfo created = members.create(username.getValue(),
                    password.getValue().isEmpty() ? null : password.getValue(), role.getValue());
            Notifications.success("Added " + created.username() + " (" + created.role() + ")");
            username.clear();
            password.clear();
        } catch (InvalidInputException e) {
            username.setErrorMessage(e.messageFor("username"));
            username.setInvalid(e.messageFor("username") != null);
            password.setErrorMessage(e.messageFor("password"));
            password.setInvalid(e.messageFor("password") != null);
            if (e.messageFor("role") != null) {
                Notifications.error("role: " + e.messageFor("role"));
            }
            return;
        } catch (ConflictException e) {
            username.setErrorMessage(e.getMessage());
            username.setInvalid(true);
            return;
        }
        refresh();
    }

    private Select<Role> roleSelect(MemberInfo member) {
        Select<Role> select = new Select<>();
        select.setItems(Role.values());
        select.setValue(member.role());
        select.addValueChangeListener(e -> {
            if (e.getValue() != null && e.getOldValue() != e.getValue()) {
                update(member.username(), e.getValue(), null);
            }
        });
        return select;
    }

    private Button disableButton(MemberInfo member) {
        Button button = new Button(member.disabled() ? "Enable" : "Disable");
        button.addThemeVariants(ButtonVariant.SMALL, member.disabled() ? ButtonVariant.PRIMARY : ButtonVariant.ERROR);
        button.addClickListener(e -> {
            if (member.disabled()) {
                update(member.username(), null, false);
            } else {
                confirmDisable(member);
            }
        });
        return button;
    }

    void confirmDisable(MemberInfo member) {
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.setHeader("Disable " + member.username() + "?");
        dialog.setText("They can no longer sign in, and their personal tokens stop working until enabled again.");
        dialog.setCancelable(true);
        dialog.setConfirmText("Disable");
        dialog.setConfirmButtonTheme("error primary");
        dialog.addConfirmListener(e -> update(member.username(), null, true));
        dialog.open();
    }

    void update(String username, Role newRole, Boolean disabled) {
        try {
            MemberInfo updated = members.update(username, newRole, disabled);
            Notifications.success(updated.username() + ": " + updated.role()
                    + (updated.disabled() ? ", disabled" : ""));
        } catch (ConflictException | NotFoundException e) {
            Notifications.error(e.getMessage());
        }
        refresh();
    }
}
