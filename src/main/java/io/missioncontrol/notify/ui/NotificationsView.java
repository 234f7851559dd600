package io.missioncontrol.notify.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.PermitAll;
import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.base.ui.Notifications;
import io.missioncontrol.notify.NotificationEvent;
import io.missioncontrol.notify.NotificationOutbox;
import io.missioncontrol.notify.NotificationPreferences;
import java.util.EnumSet;
import java.util.List;

/** The member's notification channels and events, and the latest deliveries with why any failed. */
@Route("account/notifications")
@PermitAll
@PageTitle("Notifications · Mission Control")
@Menu(order = 7, title = "Notifications", icon = "vaadin:bell")
class NotificationsView extends VerticalLayout {

    private final NotificationPreferences preferences;
    private final NotificationOutbox outbox;
    final TextField email = new TextField("Email");
    final TextField slack = new TextField("Slack webhook URL");
    final TextField ntfy = new TextField("ntfy topic URL");
    final CheckboxGroup<NotificationEvent> events = new CheckboxGroup<>("Tell me when a job");
    final Button save = new Button("Save", e -> save());
    final Grid<NotificationOutbox.Delivery> deliveries = new Grid<>();

    NotificationsView(NotificationPreferences preferences, NotificationOutbox outbox) {
        this.preferences = preferences;
        this.outbox = outbox;
        events.setItems(NotificationEvent.values());
        events.setItemLabelGenerator(NotificationsView::label);
        save.addThemeVariants(ButtonVariant.PRIMARY);
        for (TextField f : List.of(email, slack, ntfy)) {
            f.setWidth("32em");
        }
        slack.setHelperText("Stored encrypted and shown masked; leave it as shown to keep it");
        deliveries.addColumn(NotificationOutbox.Delivery::jobName).setHeader("Job");
        deliveries.addColumn(NotificationOutbox.Delivery::event).setHeader("Event");
        deliveries.addColumn(NotificationOutbox.Delivery::channel).setHeader("Channel");
        deliveries.addColumn(NotificationOutbox.Delivery::status).setHeader("Status");
        deliveries.addColumn(NotificationOutbox.Delivery::attempts).setHeader("Attempts");
        deliveries.addColumn(d -> d.lastError() == null ? "" : d.lastError()).setHeader("Why").setFlexGrow(3);
        deliveries.setAllRowsVisible(true);
        add(new H2("Notifications"), new Paragraph("Where to hear about your jobs. Each launch can still say"
                + " \"on end\", \"on failure\" or \"never\"."), email, slack, ntfy, events, save,
                new H3("Recent deliveries"), deliveries);
        show(preferences.get(preferences.currentMember()));
    }

    private void show(NotificationPreferences.Settings settings) {
        email.setValue(orEmpty(settings.email()));
        slack.setValue(orEmpty(settings.slackWebhookUrl()));
        ntfy.setValue(orEmpty(settings.ntfyUrl()));
        events.setValue(settings.events().isEmpty() ? EnumSet.noneOf(NotificationEvent.class)
                : EnumSet.copyOf(settings.events()));
        deliveries.setItems(outbox.recent(preferences.currentMember(), 50));
    }

    private void save() {
        for (TextField f : List.of(email, slack, ntfy)) {
            f.setInvalid(false);
        }
        try {
            show(preferences.update(preferences.currentMember(), email.getValue(), slack.getValue(),
                    ntfy.getValue(), events.getValue().stream().map(Enum::name).toList()));
            Notifications.success("Notification settings saved");
        } catch (InvalidInputException e) {
            mark(email, e.messageFor("email"));
            mark(slack, e.messageFor("slack_webhook_url"));
            mark(ntfy, e.messageFor("ntfy_url"));
            if (e.messageFor("events") != null) {
                Notifications.error(e.messageFor("events"));
            }
        }
    }

    private static void mark(TextField field, String message) {
        if (message != null) {
            field.setErrorMessage(message);
            field.setInvalid(true);
        }
    }

    private static String label(NotificationEvent event) {
        return switch (event) {
            case STARTED -> "starts";
            case COMPLETED -> "completes";
            case FAILED -> "fails (also time-out, out of memory, node failure, lost)";
            case CANCELLED -> "is cancelled";
            case TIME_LIMIT_90 -> "has used 90 % of its time limit";
        };
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
