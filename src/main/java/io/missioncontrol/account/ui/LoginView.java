package io.missioncontrol.account.ui;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import io.missioncontrol.account.MemberService;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.web.WebAttributes;

/**
 * The sign-in page: Vaadin's LoginForm posting to Spring Security's form login ({@code POST /login}). A refused
 * sign-in says why when the reason is one a member can act on (too many failures); a wrong password or unknown user
 * is one message, so usernames cannot be probed.
 */
@Route(value = "login", autoLayout = false)
@PageTitle("Sign in · Mission Control")
@AnonymousAllowed
class LoginView extends VerticalLayout implements BeforeEnterObserver {

    final LoginForm form = new LoginForm();
    final Paragraph firstRun = new Paragraph();
    private final MemberService members;

    LoginView(MemberService members) {
        this.members = members;
        setSizeFull();
        setAlignItems(Alignment.CENTER);
        setJustifyContentMode(JustifyContentMode.CENTER);
        form.setAction("login");
        form.setForgotPasswordButtonVisible(false);
        firstRun.setId("first-run-hint");
        add(new H1("Mission Control"), form, firstRun);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        boolean noAdmin = !members.adminExists();
        firstRun.setVisible(noAdmin);
        firstRun.setText(noAdmin ? "No admin yet: open /setup in a browser on the portal's own machine to create "
                + "the first one, or start it with missioncontrol.security.initial-admin-token." : "");
        if (!event.getLocation().getQueryParameters().getParameters().containsKey("error")) {
            return;
        }
        LoginI18n i18n = LoginI18n.createDefault();
        LoginI18n.ErrorMessage error = i18n.getErrorMessage();
        error.setTitle("Not signed in");
        String refusal = throttleRefusal();
        error.setMessage(refusal != null ? refusal : "Wrong username or password, or the account is disabled.");
        form.setI18n(i18n);
        form.setError(true);
    }

    /** Spring Security keeps the last sign-in failure in the session; a throttle's message is worth showing. */
    private static String throttleRefusal() {
        VaadinServletRequest request = VaadinServletRequest.getCurrent();
        HttpSession session = request == null ? null : request.getHttpServletRequest().getSession(false);
        Object last = session == null ? null : session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
        return last instanceof LockedException e ? e.getMessage() : null; // only the throttle locks
    }
}
