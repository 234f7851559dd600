package io.missioncontrol.base.api;

import io.missioncontrol.base.ConflictException;
import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.base.InvalidInputException.FieldError;
import io.missioncontrol.base.NotFoundException;
import io.missioncontrol.base.UnavailableException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.StringUtils;
import org.springframework.validation.Errors;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Maps the domain's exceptions and every way a request can be malformed to RFC 9457 problem details. Field
 * errors carry the offending field (snake_case, as in the JSON) as {@code field} (the first) and all of them as
 * {@code errors} (at most {@link RequestLimits#MAX_ERRORS_SHOWN}, messages cut short), always in the API's own
 * words: no Java type, class or method name reaches an answer.
 */
@RestControllerAdvice(basePackages = "io.missioncontrol")
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    /** {@code extraOverrides[0]}, {@code hydraOverrides[model]}: the property, then where inside it. */
    private static final Pattern PROPERTY_PATH = Pattern.compile("([^.\\[]+)(.*)");
    private static final Pattern LIST_ITEM = Pattern.compile("\\[([0-9]{1,18})]");

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalidInput(InvalidInputException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                RequestLimits.truncate(e.getMessage(), RequestLimits.MAX_MESSAGE_CHARS));
        problem.setTitle("Invalid input");
        List<FieldError> errors = e.errors();
        if (!errors.isEmpty()) {
            problem.setProperty("field", errors.getFirst().field());
        }
        List<Map<String, String>> shown = new ArrayList<>();
        for (FieldError err : errors.subList(0, Math.min(errors.size(), RequestLimits.MAX_ERRORS_SHOWN))) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("field", err.field());
            entry.put("message", RequestLimits.truncate(err.message(), RequestLimits.MAX_MESSAGE_CHARS));
            shown.add(entry);
        }
        problem.setProperty("errors", shown);
        if (errors.size() > shown.size()) {
            problem.setProperty("errors_not_shown", errors.size() - shown.size());
        }
        return problem;
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Not found");
        return problem;
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Conflict");
        return problem;
    }

    @ExceptionHandler(UnavailableException.class)
    ProblemDetail unavailable(UnavailableException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Unavailable");
        return problem;
    }

    /** Bean Validation of a {@code @Valid @RequestBody} record. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return badRequest(fieldErrors(ex.getBindingResult(), ex.getBindingResult().getTarget()));
    }

    /** Bean Validation of the parameters themselves ({@code @Size} on a query parameter, and the body with them). */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = new ArrayList<>();
        for (ParameterValidationResult result : ex.getParameterValidationResults()) {
            if (result instanceof ParameterErrors bean) {
                errors.addAll(fieldErrors(bean, bean.getArgument()));
                continue;
            }
            String name = parameterName(result.getMethodParameter());
            String where = result.getContainerIndex() != null ? "[" + result.getContainerIndex() + "] "
                    : result.getContainerKey() != null ? "['" + result.getContainerKey() + "'] " : "";
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                errors.add(new FieldError(name, where + error.getDefaultMessage()));
            }
        }
        return badRequest(errors);
    }

    /** A query parameter or path variable that is not of its type ({@code ?page=1.5}, {@code ?refresh=maybe}). */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException m ? m.getName() : ex.getPropertyName();
        Class<?> type = ex.getRequiredType();
        String value = ex.getValue() == null ? "" : RequestLimits.truncate(String.valueOf(ex.getValue()), 40);
        String message;
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            boolean digits = value.matches("-?[0-9]+");
            message = digits ? "'" + value + "' is out of range" + bounds(ex) : "'" + value + "' is not a whole number";
        } else if (type == Boolean.class || type == boolean.class) {
            message = "must be true or false, not '" + value + "'";
        } else {
            message = "'" + value + "' is not a valid value";
        }
        return badRequest(List.of(new FieldError(name == null ? "query" : name, message)));
    }

    /** A body that is not JSON, not of the record's shape, or too large (see {@link RequestBodyLimitFilter}). */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RequestBodyLimitFilter.BodyTooLargeException) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                        .body(RequestBodyLimitFilter.tooLarge(RequestLimits.MAX_BODY_BYTES));
            }
        }
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JacksonException jackson) {
                FieldError error = JsonReadProblems.describe(jackson);
                return badRequest(List.of(error));
            }
        }
        return badRequest(List.of(new FieldError(JsonReadProblems.BODY, "cannot be read as JSON")));
    }

    /** The parameter's own {@code @Min}/{@code @Max}, to say what is in range. */
    private static String bounds(TypeMismatchException ex) {
        if (!(ex instanceof MethodArgumentTypeMismatchException m)) {
            return "";
        }
        Min min = m.getParameter().getParameterAnnotation(Min.class);
        Max max = m.getParameter().getParameterAnnotation(Max.class);
        if (min != null && max != null) {
            return ": must be between " + min.value() + " and " + max.value();
        }
        return min != null ? ": must be at least " + min.value() : max != null ? ": must be at most " + max.value() : "";
    }

    private ResponseEntity<Object> badRequest(List<FieldError> errors) {
        return ResponseEntity.badRequest().body(invalidInput(new InvalidInputException(errors)));
    }

    /**
     * Bean Validation reports in no particular order: these are sorted by the record's field order, then list items
     * by index, so the first error ({@code field}) is the first problem in the body. Each path is parsed once: a body
     * may hold tens of thousands of bad items.
     */
    private static List<FieldError> fieldErrors(Errors errors, Object target) {
        List<String> order = target != null && target.getClass().isRecord()
                ? Arrays.stream(target.getClass().getRecordComponents()).map(RecordComponent::getName).toList()
                : List.of();
        record Sortable(int property, long index, String path, FieldError error) {
        }
        List<Sortable> sortable = new ArrayList<>();
        for (org.springframework.validation.FieldError f : errors.getFieldErrors()) {
            Matcher m = PROPERTY_PATH.matcher(f.getField());
            String property = m.matches() ? m.group(1) : f.getField();
            String rest = m.matches() ? m.group(2) : "";
            int position = order.indexOf(property);
            Matcher item = LIST_ITEM.matcher(rest);
            sortable.add(new Sortable(position < 0 ? Integer.MAX_VALUE : position,
                    item.matches() ? Long.parseLong(item.group(1)) : Long.MAX_VALUE, f.getField(),
                    new FieldError(snakeCase(property), inside(rest) + f.getDefaultMessage())));
        }
        sortable.sort(Comparator.comparingInt(Sortable::property).thenComparingLong(Sortable::index)
                .thenComparing(Sortable::path));
        List<FieldError> out = new ArrayList<>(sortable.stream().map(Sortable::error).toList());
        errors.getGlobalErrors().forEach(g -> out.add(new FieldError(JsonReadProblems.BODY, g.getDefaultMessage())));
        return out;
    }

    /** {@code [0]} stays, {@code [model]} becomes {@code ['model']}, as map keys are quoted elsewhere. */
    private static String inside(String rest) {
        if (rest.isEmpty()) {
            return "";
        }
        if (LIST_ITEM.matcher(rest).matches()) {
            return rest + " ";
        }
        if (rest.startsWith("[") && rest.endsWith("]")) {
            return "['" + RequestLimits.truncate(rest.substring(1, rest.length() - 1), 60) + "'] ";
        }
        return RequestLimits.truncate(rest, 60) + " ";
    }

    private static String parameterName(MethodParameter parameter) {
        RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
        if (param != null && StringUtils.hasText(param.name())) {
            return param.name();
        }
        String name = parameter.getParameterName();
        return name == null ? "query" : snakeCase(name);
    }

    static String snakeCase(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
