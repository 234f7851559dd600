package io.missioncontrol.base;

import java.util.List;

/**
 * Input that cannot be accepted, with every offending field named (REST: 400 problem detail; forms
 * show each message beside its field).
 */
public class InvalidInputException extends RuntimeException {

    /** One problem: the field (as the API names it, snake_case) and what is wrong with it. */
    public record FieldError(String field, String message) {
    }

    private final List<FieldError> errors;

    public InvalidInputException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public InvalidInputException(List<FieldError> errors) {
        this(errors.isEmpty() ? "invalid input" : errors.getFirst().field() + ": " + errors.getFirst().message(),
                errors);
    }

    /** With a summary of its own (e.g. "the request body is empty") instead of the first error. */
    public InvalidInputException(String detail, List<FieldError> errors) {
        super(detail);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** The message for one field, or null. */
    public String messageFor(String field) {
        return errors.stream().filter(e -> e.field().equals(field)).map(FieldError::message).findFirst().orElse(null);
    }
}
