package io.missioncontrol.base.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Span;
import io.missioncontrol.account.Role;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import io.missioncontrol.KaribuTest;
import org.junit.jupiter.api.Test;

class MainLayoutTest extends KaribuTest {

    @Test
    void theSideNavigationListsTheMenuViewsInOrderWithTheirIcons() {
        startUi();

        UI.getCurrent().navigate("clusters");

        SideNav nav = _get(SideNav.class);
        assertThat(nav.getItems()).extracting(SideNavItem::getLabel)
                .containsExactly("Dashboard", "Projects", "Launch job", "Clusters", "My cluster accounts", "Notifications", "Account",
                        "Users", "Audit log");
        assertThat(nav.getItems()).extracting(SideNavItem::getPath)
                .containsExactly("", "projects", "launch", "clusters", "account/clusters", "account/notifications", "account", "admin/users",
                        "admin/audit");
        assertThat(nav.getItems()).extracting(item -> ((Icon) item.getPrefixComponent()).getIcon())
                .containsExactly("vaadin:dashboard", "vaadin:folder-o", "vaadin:rocket", "vaadin:server",
                        "vaadin:key", "vaadin:bell", "vaadin:user", "vaadin:users", "vaadin:records");
        assertThat(_get(Span.class, spec -> spec.withId("signed-in-as")).getText()).isEqualTo("admin");
        _get(Button.class, spec -> spec.withId("sign-out"));
    }

    @Test
    void membersSeeNoAdminPagesAndViewersNoLaunch() {
        startUi("mia", Role.MEMBER);
        UI.getCurrent().navigate("clusters");
        assertThat(_get(SideNav.class).getItems()).extracting(SideNavItem::getLabel)
                .containsExactly("Dashboard", "Projects", "Launch job", "Clusters", "My cluster accounts", "Notifications", "Account");
        assertThat(_get(Span.class, spec -> spec.withId("signed-in-as")).getText()).isEqualTo("mia");
        MockVaadin.tearDown();

        startUi("vic", Role.VIEWER);
        UI.getCurrent().navigate("clusters");
        assertThat(_get(SideNav.class).getItems()).extracting(SideNavItem::getLabel)
                .containsExactly("Dashboard", "Projects", "Clusters", "My cluster accounts", "Notifications", "Account");
    }
}
