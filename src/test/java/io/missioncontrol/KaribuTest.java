package io.missioncontrol;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.github.mvysny.kaributesting.v10.spring.MockSpringServlet;
import com.vaadin.flow.component.UI;
import kotlin.jvm.functions.Function0;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** Base of view tests: Vaadin mocked by karibu-testing on top of the real application context. */
public abstract class KaribuTest extends SpringIntegrationTest {

    private static final Routes ROUTES = new Routes().autoDiscoverViews("io.missioncontrol");

    @Autowired
    protected ApplicationContext context;

    /** Call after seeding data, then navigate. */
    protected void startUi() {
        Function0<UI> uiFactory = UI::new;
        MockVaadin.setup(uiFactory, new MockSpringServlet(ROUTES, context, uiFactory));
    }

    @AfterEach
    void tearDownUi() {
        MockVaadin.tearDown();
    }
}
