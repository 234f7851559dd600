package io.missioncontrol.base.ui;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.server.menu.MenuEntry;

/**
 * The frame around every view: a title bar and the side navigation, which lists the views that carry
 * {@code @Menu} (title, icon and order come from there).
 */
@Layout
public class MainLayout extends AppLayout {

    public MainLayout() {
        H1 title = new H1("Mission Control");
        title.addClassName("mc-app-title");
        Span tagline = new Span("SLURM training runs from your Git projects");
        tagline.addClassName("mc-app-tagline");
        HorizontalLayout header = new HorizontalLayout(new DrawerToggle(), title, tagline);
        header.setDefaultVerticalComponentAlignment(HorizontalLayout.Alignment.BASELINE);
        header.addClassName("mc-app-header");
        addToNavbar(header);

        SideNav nav = new SideNav();
        MenuConfiguration.getMenuEntries().forEach(entry -> nav.addItem(navItem(entry)));
        addToDrawer(nav);
        setPrimarySection(Section.DRAWER);
    }

    private static SideNavItem navItem(MenuEntry entry) {
        return entry.icon() == null ? new SideNavItem(entry.title(), entry.path())
                : new SideNavItem(entry.title(), entry.path(), new Icon(entry.icon()));
    }
}
