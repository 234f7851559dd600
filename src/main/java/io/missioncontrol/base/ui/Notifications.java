package io.missioncontrol.base.ui;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;

/** The one place toasts are made, so they look and last the same everywhere. */
public final class Notifications {

    private Notifications() {
    }

    public static Notification success(String text) {
        return show(text, NotificationVariant.LUMO_SUCCESS, 4000);
    }

    public static Notification info(String text) {
        return show(text, NotificationVariant.LUMO_PRIMARY, 4000);
    }

    /** Errors stay until dismissed by a click: people need time to read why something failed. */
    public static Notification error(String text) {
        Notification notification = show(text, NotificationVariant.LUMO_ERROR, 0);
        notification.getElement().addEventListener("click", e -> notification.close());
        return notification;
    }

    private static Notification show(String text, NotificationVariant variant, int durationMs) {
        Notification notification = new Notification(text, durationMs, Notification.Position.BOTTOM_END);
        notification.addThemeVariants(variant);
        notification.open();
        return notification;
    }
}
