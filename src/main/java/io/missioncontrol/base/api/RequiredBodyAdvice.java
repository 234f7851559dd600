package io.missioncontrol.base.api;

import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.base.InvalidInputException.FieldError;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.metadata.PropertyDescriptor;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * An empty (or JSON {@code null}) body where one is required names what is missing: every field the request
 * record requires (its {@code @NotBlank}/{@code @NotNull} fields), instead of Spring's "Required request body
 * is missing" with the controller method's signature.
 */
@ControllerAdvice(basePackages = "io.missioncontrol")
class RequiredBodyAdvice extends RequestBodyAdviceAdapter {

    private static final Set<Class<?>> REQUIRING = Set.of(NotNull.class, NotBlank.class, NotEmpty.class);

    private final Validator validator;

    RequiredBodyAdvice(Validator validator) {
        this.validator = validator;
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
                            Class<? extends HttpMessageConverter<?>> converterType) {
        RequestBody body = parameter.getParameterAnnotation(RequestBody.class);
        return body != null && body.required();
    }

    @Override
    public Object handleEmptyBody(Object body, HttpInputMessage input, MethodParameter parameter, Type targetType,
                                  Class<? extends HttpMessageConverter<?>> converterType) {
        if (body == null) {
            throw missing(parameter.getParameterType(), "The request body is empty");
        }
        return body;
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage input, MethodParameter parameter, Type targetType,
                                Class<? extends HttpMessageConverter<?>> converterType) {
        if (body == null) {
            throw missing(parameter.getParameterType(), "The request body is null");
        }
        return body;
    }

    private InvalidInputException missing(Class<?> type, String what) {
        Set<String> requiredProperties = validator.getConstraintsForClass(type).getConstrainedProperties().stream()
                .filter(p -> p.getConstraintDescriptors().stream()
                        .anyMatch(c -> REQUIRING.contains(c.getAnnotation().annotationType())))
                .map(PropertyDescriptor::getPropertyName)
                .collect(Collectors.toSet());
        // in the record's order, as the documentation lists them
        List<String> required = (type.isRecord() ? Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
                : requiredProperties.stream().sorted())
                .filter(requiredProperties::contains)
                .map(ProblemDetailsAdvice::snakeCase)
                .toList();
        if (required.isEmpty()) {
            return new InvalidInputException(JsonReadProblems.BODY, "is empty: send a JSON object");
        }
        List<FieldError> errors = required.stream().map(f -> new FieldError(f, RequestLimits.REQUIRED)).toList();
        return new InvalidInputException(what + ": " + String.join(", ", required)
                + (required.size() == 1 ? " is" : " are") + " required", errors);
    }
}
