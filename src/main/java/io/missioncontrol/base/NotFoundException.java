package io.missioncontrol.base;

/** Something asked for by id or name does not exist (REST: 404). */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
