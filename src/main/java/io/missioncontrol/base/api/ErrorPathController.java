package io.missioncontrol.base.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Locale;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page (Spring Boot's {@code /error}) as a problem detail, in place of Boot's own
 * controller. Errors that never reached one of our controllers (an unknown actuator path, a failing filter) come
 * here with their status; the reason is said in general words, since the container's message may carry internals.
 * Asked for directly, {@code /error} is an unknown path like any other (Boot's answered 500 with
 * {@code "status": 999}).
 */
@RestController
class ErrorPathController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object forwardedUri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String uri = forwardedUri instanceof String path ? path : request.getRequestURI();
        HttpStatus status = code instanceof Integer c && HttpStatus.resolve(c) != null ? HttpStatus.valueOf(c)
                : HttpStatus.NOT_FOUND; // no error behind it: /error itself was asked for
        ProblemDetail problem;
        if (status == HttpStatus.NOT_FOUND) {
            problem = ProblemDetail.forStatusAndDetail(status, "No API endpoint at " + request.getMethod() + " " + uri);
            problem.setTitle("Not found");
        } else {
            problem = ProblemDetail.forStatusAndDetail(status, status.is5xxServerError()
                    ? "The portal failed to handle this request; its log has the details"
                    : "The request was refused: " + status.getReasonPhrase().toLowerCase(Locale.ROOT));
            problem.setTitle(status.getReasonPhrase());
        }
        problem.setInstance(URI.create(uri));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
