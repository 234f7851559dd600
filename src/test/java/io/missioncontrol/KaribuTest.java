package io.missioncontrol;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.github.mvysny.kaributesting.v10.spring.MockSpringServlet;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.Route;
import kotlin.jvm.functions.Function0;
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

    /** Call after seeding data, then navigate. */
    protected void startUi() {
        Function0<UI> uiFactory = UI::new;
        MockVaadin.setup(uiFactory, new MockSpringServlet(ROUTES, context, uiFactory));
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
    }
}
