package io.missioncontrol.base;

/** A cluster or other dependency cannot be reached right now (REST: 503, with the reason). */
public class UnavailableException extends RuntimeException {
    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
