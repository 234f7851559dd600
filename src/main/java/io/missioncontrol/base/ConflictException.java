package io.missioncontrol.base;

/** The request clashes with what exists, e.g. a duplicate name (REST: 409). */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
