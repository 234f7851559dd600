package io.missioncontrol.base.ui;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
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
import com.vaadin.flow.spring.security.AuthenticationContext;
import jakarta.annotation.security.PermitAll;

/**
 * The frame around every view: a title bar and the side navigation, which lists the views that carry
 * {@code @Menu} (title, icon and order come from there) and the signed-in member may open (admin pages only for
 * admins), and who is signed in, with the sign-out button.
 */
@Layout
@PermitAll // every signed-in member; the login and first-run pages have no layout
public class MainLayout extends AppLayout {

    final Span signedInAs = new Span();
    final Button signOut = new Button("Sign out");

    public MainLayout(AuthenticationContext authentication) {
        H1 title = new H1("Mission Control");
        title.addClassName("mc-app-title");
        Span tagline = new Span("SLURM training runs from your Git projects");
        tagline.addClassName("mc-app-tagline");
        HorizontalLayout header = new HorizontalLayout(new DrawerToggle(), title, tagline);
        header.setDefaultVerticalComponentAlignment(HorizontalLayout.Alignment.BASELINE);
        header.addClassName("mc-app-header");
        addToNavbar(header);
        authentication.getPrincipalName().ifPresent(name -> {
            signedInAs.setText(name);
            signedInAs.setId("signed-in-as");
            signedInAs.addClassName("mc-signed-in-as");
            signOut.setId("sign-out");
            signOut.addThemeVariants(ButtonVariant.TERTIARY);
            signOut.addClickListener(e -> authentication.logout());
            HorizontalLayout who = new HorizontalLayout(signedInAs, signOut);
            who.setDefaultVerticalComponentAlignment(HorizontalLayout.Alignment.BASELINE);
            who.getStyle().set("margin-inline-start", "auto").set("padding-inline-end", "var(--lumo-space-m)");
            addToNavbar(who);
        });

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
