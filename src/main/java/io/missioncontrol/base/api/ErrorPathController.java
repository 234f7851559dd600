package io.missioncontrol.base.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page (Spring Boot's {@code /error}) as a problem detail. Errors that never reached
 * a controller (a failing filter, a request the container refused) come here with their status; the reason is
 * said in general words, since the container's message may carry internals. Asked for directly, {@code /error}
 * is an unknown path like any other (Boot's own controller answered 500 with {@code "status": 999}).
 */
@RestController
class ErrorPathController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        ProblemDetail problem;
        if (code instanceof Integer status && HttpStatus.resolve(status) != null) {
            HttpStatus http = HttpStatus.valueOf(status);
            problem = ProblemDetail.forStatusAndDetail(http, http.is5xxServerError()
                    ? "The portal failed to handle this request; its log has the details"
                    : "The request was refused: " + http.getReasonPhrase().toLowerCase(java.util.Locale.ROOT));
            problem.setTitle(http.getReasonPhrase());
            Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
            if (uri instanceof String path) {
                problem.setInstance(URI.create(path));
            }
        } else {
            problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                    "No API endpoint at " + request.getMethod() + " " + request.getRequestURI());
            problem.setTitle("Not found");
            problem.setInstance(URI.create(request.getRequestURI()));
        }
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
