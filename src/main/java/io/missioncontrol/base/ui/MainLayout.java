package io.missioncontrol.base.ui;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Layout;

/** The frame around every view: a title bar and the side navigation. */
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
        nav.addItem(new SideNavItem("Dashboard", "", VaadinIcon.DASHBOARD.create()));
        nav.addItem(new SideNavItem("Projects", "projects", VaadinIcon.FOLDER_O.create()));
        nav.addItem(new SideNavItem("Launch job", "launch", VaadinIcon.ROCKET.create()));
        nav.addItem(new SideNavItem("Clusters", "clusters", VaadinIcon.SERVER.create()));
        addToDrawer(nav);
        setPrimarySection(Section.DRAWER);
    }
}
