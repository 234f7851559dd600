package io.missioncontrol.base.api;

import io.missioncontrol.base.InvalidInputException.FieldError;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;

/**
 * Says in the API's own words what Jackson could not read: the JSON field (snake_case, as sent) and
 * what it must be. Jackson's messages name Java types and are never passed on.
 */
final class JsonReadProblems {

    /** The field named when the problem is the body as a whole (not JSON, not an object, too large). */
    static final String BODY = "body";

    private static final int MAX_NAME_ECHO = 60;

    private JsonReadProblems() {
    }

    static FieldError describe(JacksonException e) {
        List<JacksonException.Reference> path = e.getPath();
        String field = path.isEmpty() || path.getFirst().getPropertyName() == null ? null
                : path.getFirst().getPropertyName();
        String where = where(path.size() > 1 ? path.subList(1, path.size()) : List.of());
        return switch (e) {
            case PropertyBindingException unknown -> new FieldError(echo(unknown.getPropertyName()),
                    where + "is not a field of this request; known fields: " + known(unknown.getKnownPropertyIds()));
            case InvalidNullException ignored -> new FieldError(orBody(field), where + "must not be null");
            case InputCoercionException range -> new FieldError(orBody(field), where + outOfRange(range.getTargetType()));
            case MismatchedInputException mismatch when field == null -> new FieldError(BODY,
                    mismatch.getCurrentToken() == null ? "is empty: send a JSON object"
                            : "must be a JSON object, not " + shape(mismatch.getCurrentToken()));
            case MismatchedInputException mismatch -> new FieldError(field, where + "must be "
                    + expected(mismatch.getTargetType()) + given(mismatch.getCurrentToken()));
            case UnexpectedEndOfInputException end -> new FieldError(BODY,
                    "is not valid JSON: it ends before its objects and arrays are closed");
            case StreamReadException syntax -> new FieldError(orBody(currentName(syntax)), syntax(syntax));
            default -> new FieldError(orBody(field), where + "cannot be read");
        };
    }

    private static String syntax(StreamReadException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (original.startsWith("Duplicate")) {
            return "appears more than once in the object";
        }
        TokenStreamLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? "is not valid JSON"
                : "is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    /** The property the parser was in when the JSON broke off, if any. */
    private static String currentName(StreamReadException e) {
        JsonParser parser = e.processor();
        if (parser == null || parser.streamReadContext() == null) {
            return null;
        }
        String name = parser.streamReadContext().currentName();
        return name == null ? null : echo(name);
    }

    /** A location below the field: list items by index, map entries by key. */
    private static String where(List<JacksonException.Reference> rest) {
        if (rest.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference ref : rest) {
            if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getPropertyName() != null) {
                out.append("['").append(echo(ref.getPropertyName())).append("']");
            }
        }
        return out.isEmpty() ? "" : out + " ";
    }

    private static String known(Collection<Object> ids) {
        if (ids == null || ids.isEmpty()) {
            return "none";
        }
        return ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static String outOfRange(Class<?> target) {
        if (target == int.class || target == Integer.class) {
            return "must be a whole number between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE;
        }
        if (target == long.class || target == Long.class) {
            return "must be a whole number between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE;
        }
        return "is out of range";
    }

    private static String expected(Class<?> target) {
        if (target == null) {
            return "of another JSON type";
        }
        if (target == int.class || target == Integer.class || target == long.class || target == Long.class
                || target == short.class || target == Short.class || target == BigInteger.class) {
            return "a whole number";
        }
        if (target == double.class || target == Double.class || target == float.class || target == Float.class
                || target == BigDecimal.class) {
            return "a number";
        }
        if (target == boolean.class || target == Boolean.class) {
            return "true or false";
        }
        if (CharSequence.class.isAssignableFrom(target) || target.isEnum()) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(target)) {
            return "an object";
        }
        return "an object";
    }

    private static String given(JsonToken token) {
        return token == null ? "" : ", not " + shape(token);
    }

    private static String shape(JsonToken token) {
        return switch (token) {
            case START_OBJECT, END_OBJECT, PROPERTY_NAME -> "an object";
            case START_ARRAY, END_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "a whole number";
            case VALUE_NUMBER_FLOAT -> "a fractional number";
            case VALUE_TRUE, VALUE_FALSE -> "true or false";
            case VALUE_NULL -> "null";
            default -> "that";
        };
    }

    private static String orBody(String field) {
        return field == null ? BODY : field;
    }

    private static String echo(String name) {
        return RequestLimits.truncate(name, MAX_NAME_ECHO);
    }
}
