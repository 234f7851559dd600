package io.missioncontrol.account.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import io.missioncontrol.account.MemberService;
import io.missioncontrol.base.ConflictException;
import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.base.ui.Notifications;

/**
 * The first-run page: creates the first admin (username and password). Only while no admin exists and only from the
 * portal's own machine (a loopback address); otherwise it sends the visitor to the sign-in page. The service checks
 * both again.
 */
@Route(value = "setup", autoLayout = false)
@PageTitle("First run · Mission Control")
@AnonymousAllowed
class SetupView extends VerticalLayout implements BeforeEnterObserver {

    final TextField username = new TextField("Admin username");
    final PasswordField password = new PasswordField("Password");
    final PasswordField repeat = new PasswordField("Password again");
    final Button create = new Button("Create the first admin");
    private final MemberService members;

    SetupView(MemberService members) {
        this.members = members;
        setMaxWidth("32rem");
        username.setValue("admin");
        username.setHelperText("lowercase letters, digits, '_' and '-'");
        password.setHelperText("at least 10 characters");
        create.addThemeVariants(ButtonVariant.PRIMARY);
        create.addClickListener(e -> create());
        add(new H2("Welcome to Mission Control"),
                new Paragraph("No admin exists yet. Create the first one; they can then add the lab's members."),
                username, password, repeat, create);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (!allowed()) {
            event.forwardTo(LoginView.class);
        }
    }

    private boolean allowed() {
        VaadinRequest request = VaadinRequest.getCurrent();
        // a proxy on this machine makes every visitor look local: forwarded requests are never first-run
        return request != null && MemberService.isLoopback(request.getRemoteAddr())
                && request.getHeader("X-Forwarded-For") == null && request.getHeader("Forwarded") == null
                && !members.adminExists();
    }

    void create() {
        username.setInvalid(false);
        password.setInvalid(false);
        repeat.setInvalid(false);
        if (!password.getValue().equals(repeat.getValue())) {
            repeat.setErrorMessage("is not the same password");
            repeat.setInvalid(true);
            return;
        }
        VaadinRequest request = VaadinRequest.getCurrent();
        try {
            members.createFirstAdmin(username.getValue(), password.getValue(),
                    request == null ? null : request.getRemoteAddr());
        } catch (InvalidInputException e) {
            String u = e.messageFor("username");
            String p = e.messageFor("password");
            username.setErrorMessage(u);
            username.setInvalid(u != null);
            password.setErrorMessage(p);
            password.setInvalid(p != null);
            return;
        } catch (ConflictException e) {
            Notifications.error(e.getMessage());
            return;
        }
        Notifications.success("Created the admin " + username.getValue() + "; sign in now");
        getUI().ifPresent(ui -> ui.navigate(LoginView.class));
    }
}
