package io.missioncontrol.base.api;

import io.missioncontrol.base.NotFoundException;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Any /api path no endpoint claims: a 404 problem detail like every other API error. Not an endpoint to document. */
@Hidden
@RestController
class UnknownApiPathController {

    @RequestMapping("/api/**")
    void unknown(HttpServletRequest request) {
        throw new NotFoundException("No API endpoint at " + request.getMethod() + " " + request.getRequestURI());
    }
}
