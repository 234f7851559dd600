package io.missioncontrol.project;

import io.missioncontrol.base.ConflictException;

/**
 * A project with this path or name is already registered (REST: 409 naming the field; forms show the
 * message on that field).
 */
public class DuplicateProjectException extends ConflictException {

    private final String field;

    public DuplicateProjectException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The field that clashes, as the API names it: {@code local_path} or {@code name}. */
    public String field() {
        return field;
    }
}
