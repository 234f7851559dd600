package io.missioncontrol.base.api;

import io.missioncontrol.base.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * A query parameter the endpoint does not declare ({@code ?sise=10}) is a 400 naming it, like an unknown field
 * in a body, instead of being ignored. The known ones are the endpoint's {@code @RequestParam}s.
 */
class KnownQueryParameters implements HandlerInterceptor {

    private final Map<HandlerMethod, List<String>> known = new ConcurrentHashMap<>();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method) || method.getBeanType() == UnknownApiPathController.class
                || !method.getBeanType().getPackageName().startsWith("io.missioncontrol")) {
            return true;
        }
        List<String> names = known.computeIfAbsent(method, KnownQueryParameters::requestParams);
        if (request.getQueryString() == null) {
            return true;
        }
        // The query string itself: getParameterMap() would also parse (and read) a form-encoded body.
        Set<String> given = UriComponentsBuilder.newInstance().query(request.getQueryString()).build()
                .getQueryParams().keySet().stream()
                .map(name -> UriUtils.decode(name, StandardCharsets.UTF_8))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        List<InvalidInputException.FieldError> errors = given.stream()
                .filter(name -> !names.contains(name))
                .limit(RequestLimits.MAX_ERRORS_SHOWN)
                .map(name -> new InvalidInputException.FieldError(RequestLimits.truncate(name, 60),
                        "is not a query parameter of this endpoint; known: "
                                + (names.isEmpty() ? "none" : String.join(", ", names))))
                .toList();
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return true;
    }

    private static List<String> requestParams(HandlerMethod method) {
        return Arrays.stream(method.getMethodParameters())
                .map(KnownQueryParameters::name)
                .filter(Objects::nonNull)
                .sorted()
                .toList();
    }

    private static String name(MethodParameter parameter) {
        RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
        if (param == null) {
            return null;
        }
        parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
        return StringUtils.hasText(param.name()) ? param.name() : parameter.getParameterName();
    }
}
