package io.missioncontrol.notify;

/** Where a notification goes. */
public enum Channel {
    EMAIL, SLACK, NTFY
}
