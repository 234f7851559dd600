package io.missioncontrol;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.github.mvysny.kaributesting.v10.spring.MockSpringServlet;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.Route;
import com.github.mvysny.fakeservlet.FakeRequest;
import com.vaadin.flow.server.VaadinSession;
import io.missioncontrol.account.Role;
import java.util.List;
import kotlin.jvm.functions.Function0;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/** Base of view tests: Vaadin mocked by karibu-testing on top of the real application context. */
public abstract class KaribuTest extends SpringIntegrationTest {

    private static final Routes ROUTES = routes();

    @Autowired
    protected ApplicationContext context;

    /**
     * Runs what background threads handed to the UI until {@code done}, at most {@code max}. Pushed job changes
     * reach a page on a thread of their own (base/ui/Background.access), so they land a moment after the commit.
     */
    protected static void awaitUi(String what, Duration max, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            MockVaadin.runUIQueue();
            if (done.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + max + " waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    /** Call after seeding data, then navigate: signed in as the initial admin. */
    protected void startUi() {
        startUi("admin", Role.ADMIN);
    }

    /**
     * Signed in as {@code username} with {@code role} (a member of that name should exist for pages that read it),
     * as Spring Security would after a sign-in: the security context on this thread and in the session, and the
     * request's principal and roles for Vaadin's route access checks.
     */
    protected void startUi(String username, Role role) {
        List<SimpleGrantedAuthority> authorities = role.authorities().stream().map(SimpleGrantedAuthority::new)
                .toList();
        var authentication = UsernamePasswordAuthenticationToken.authenticated(
                User.withUsername(username).password("unused").authorities(authorities).build(), null, authorities);
        SecurityContext security = SecurityContextHolder.createEmptyContext();
        security.setAuthentication(authentication);
        SecurityContextHolder.setContext(security);
        MockVaadin.setMockRequestFactory(session -> {
            FakeRequest request = new FakeRequest(session);
            request.setUserPrincipalInt(authentication);
            request.setUserInRole((principal, r) -> role.authorities().contains("ROLE_" + r));
            return request;
        });
        startUiAsIs(security);
    }

    /** Nobody signed in: what an anonymous visitor's navigation gets. */
    protected void startUiSignedOut() {
        SecurityContextHolder.clearContext();
        MockVaadin.setMockRequestFactory(FakeRequest::new);
        startUiAsIs(null);
    }

    private void startUiAsIs(SecurityContext security) {
        Function0<UI> uiFactory = UI::new;
        MockVaadin.setup(uiFactory, new MockSpringServlet(ROUTES, context, uiFactory));
        if (security != null) {
            VaadinSession.getCurrent().getSession().setAttribute(
                    HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, security);
        }
    }

    /**
     * Karibu's discovery finds public views only; the views are package-private (as the router allows), so the
     * {@code @Route} classes are found as Spring's (and Vaadin's) class-path scan finds them.
     */
    private static Routes routes() {
        Routes routes = new Routes().autoDiscoverViews("io.missioncontrol");
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Route.class));
        for (BeanDefinition view : scanner.findCandidateComponents("io.missioncontrol")) {
            routes.getRoutes().add(ClassUtils.resolveClassName(view.getBeanClassName(), null)
                    .asSubclass(Component.class));
        }
        return routes;
    }

    @AfterEach
    void tearDownUi() {
        MockVaadin.tearDown();
        MockVaadin.setMockRequestFactory(FakeRequest::new);
        SecurityContextHolder.clearContext();
    }
}
