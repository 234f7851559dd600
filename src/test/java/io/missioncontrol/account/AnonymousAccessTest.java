package io.missioncontrol.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import io.missioncontrol.SpringIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Nothing answers without sign-in but health and the sign-in page. Every page route (the {@code @Route} classes, as
 * Vaadin's scan finds them), every handler mapping of the API (each method, path variables filled in) and every
 * actuator endpoint but health is asked with plain HTTP and no session or token: a page sends the visitor to
 * {@code /login}, the rest answers 401 as a problem detail. New routes and endpoints are covered as they come.
 */
class AnonymousAccessTest extends SpringIntegrationTest {

    /** The pages a visitor may open without signing in; anything else anonymous is a mistake. */
    static final Set<String> ANONYMOUS_PAGES = Set.of("login", "setup");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    PathMappedEndpoints actuator;

    @Test
    void everyPageRouteSendsAnAnonymousVisitorToTheSignInPage() throws Exception {
        List<String> checked = new ArrayList<>();
        Set<String> anonymous = new TreeSet<>();
        for (Class<?> view : routes()) {
            Route route = view.getAnnotation(Route.class);
            String path = route.value().replaceAll(":[A-Za-z0-9_]+\\??(\\([^)]*\\))?", "x");
            if (view.isAnnotationPresent(AnonymousAllowed.class)) {
                anonymous.add(route.value());
                continue;
            }
            HttpResponse<String> response = get("/" + path);
            assertThat(response.statusCode()).as("GET /%s without sign-in", path).isEqualTo(302);
            assertThat(response.headers().firstValue("Location").orElse(""))
                    .as("GET /%s sends to the sign-in page", path).endsWith("/login");
            checked.add(path);
        }
        assertThat(anonymous).as("routes open without sign-in").isEqualTo(new TreeSet<>(ANONYMOUS_PAGES));
        assertThat(checked).contains("", "projects", "launch", "clusters", "account", "admin/users", "admin/audit");
        // and the page Spring Security sends to is the sign-in page
        HttpResponse<String> login = get("/login");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("<title>");
    }

    @Test
    void everyApiEndpointAnswers401ToAnAnonymousCaller() throws Exception {
        List<String> checked = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mappings.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = entry.getKey();
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            Set<RequestMethod> tried = methods.isEmpty()
                    ? Set.of(RequestMethod.GET, RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH,
                    RequestMethod.DELETE) : methods;
            for (String pattern : info.getPatternValues()) {
                if (pattern.equals("/error")) { // the container's error page: a problem detail, for everyone
                    continue;
                }
                String path = pattern.replaceAll("\\{\\*?[^}]+}", "x").replace("/**", "/x").replace("/*", "/x");
                for (RequestMethod method : tried) {
                    HttpResponse<String> response = send(method.name(), path);
                    assertThat(response.statusCode()).as("%s %s (%s) without sign-in: %s", method, path,
                            entry.getValue(), response.body()).isEqualTo(401);
                    assertThat(response.headers().firstValue("Content-Type").orElse(""))
                            .as("%s %s", method, path).startsWith("application/problem+json");
                    checked.add(method + " " + path);
                }
            }
        }
        assertThat(checked).contains("GET /api/projects/", "POST /api/jobs/", "GET /api/me", "POST /api/users/",
                "GET /api/audit/", "DELETE /api/users/x/tokens/x", "GET /v3/api-docs");
    }

    @Test
    void everyActuatorEndpointButHealthAnswers401() throws Exception {
        List<String> paths = new ArrayList<>(actuator.getAllPaths());
        paths.add(actuator.getBasePath());
        for (String path : paths) {
            HttpResponse<String> response = get(path);
            if (path.equals(actuator.getBasePath() + "/health")) {
                assertThat(response.statusCode()).as("health answers anonymously").isEqualTo(200);
                continue;
            }
            assertThat(response.statusCode()).as("GET %s without sign-in", path).isEqualTo(401);
        }
        assertThat(paths).contains("/actuator/metrics", "/actuator/prometheus", "/actuator/info");
        // with the admin's token they answer
        assertThat(api().get().uri("/actuator/metrics").retrieve().toBodilessEntity().getStatusCode().value())
                .isEqualTo(200);
    }

    @Test
    void aSessionCookieDoesNotAuthenticateTheApi() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/projects/"))
                .header("Cookie", "JSESSIONID=whatever").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        HttpResponse<String> badScheme = http.send(HttpRequest.newBuilder(uri("/api/projects/"))
                .header("Authorization", "Basic YWRtaW46YWRtaW4=").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(badScheme.statusCode()).isEqualTo(401);
        assertThat(badScheme.body()).contains("Bearer");
    }

    private static List<Class<?>> routes() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Route.class));
        List<Class<?>> views = new ArrayList<>();
        for (BeanDefinition view : scanner.findCandidateComponents("io.missioncontrol")) {
            views.add(ClassUtils.resolveClassName(view.getBeanClassName(), null));
        }
        assertThat(views).hasSizeGreaterThan(8);
        return views;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send("GET", path);
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (method.equals("GET") || method.equals("DELETE")) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString("{}"));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
