package io.missioncontrol.account.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import io.missioncontrol.account.AuditEvent;
import io.missioncontrol.account.AuditLog;
import io.missioncontrol.base.ui.Formats;
import jakarta.annotation.security.RolesAllowed;
import org.springframework.data.domain.PageRequest;

/** Admins: the audit log, newest first, read page by page as the grid scrolls. */
@Route("admin/audit")
@PageTitle("Audit log · Mission Control")
@Menu(order = 12, title = "Audit log", icon = "vaadin:records")
@RolesAllowed("ADMIN")
class AuditView extends VerticalLayout {

    final Grid<AuditEvent> grid = new Grid<>();

    AuditView(AuditLog audit) {
        setSizeFull();
        grid.setId("audit-grid");
        grid.addColumn(e -> Formats.dateTime(e.getAt())).setHeader("When").setAutoWidth(true);
        grid.addColumn(e -> e.getActor() == null ? "—" : e.getActor()).setHeader("Who").setAutoWidth(true);
        grid.addColumn(AuditEvent::getAction).setHeader("What").setAutoWidth(true);
        grid.addColumn(e -> e.getTarget() == null ? "" : e.getTarget()).setHeader("Target").setAutoWidth(true);
        grid.addColumn(e -> e.getDetail() == null ? "" : e.getDetail()).setHeader("Detail").setFlexGrow(1);
        grid.addColumn(e -> e.getRemoteAddress() == null ? "" : e.getRemoteAddress()).setHeader("From")
                .setAutoWidth(true);
        grid.setItems(query -> {
            PageRequest page = VaadinSpringDataHelpers.toSpringPageRequest(query);
            return audit.page(PageRequest.of(page.getPageNumber(), page.getPageSize())).stream();
        });
        add(new H2("Audit log"), grid);
        setFlexGrow(1, grid);
    }
}
