package io.missioncontrol.base.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
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
                .containsExactly("Dashboard", "Projects", "Launch job", "Clusters");
        assertThat(nav.getItems()).extracting(SideNavItem::getPath)
                .containsExactly("", "projects", "launch", "clusters");
        assertThat(nav.getItems()).extracting(item -> ((Icon) item.getPrefixComponent()).getIcon())
                .containsExactly("vaadin:dashboard", "vaadin:folder-o", "vaadin:rocket", "vaadin:server");
    }
}
