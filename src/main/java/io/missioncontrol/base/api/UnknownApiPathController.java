package io.missioncontrol.base.api;

import io.missioncontrol.base.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Any /api path no endpoint claims: a 404 problem detail like every other API error. */
@RestController
class UnknownApiPathController {

    @RequestMapping("/api/**")
    void unknown(HttpServletRequest request) {
        throw new NotFoundException("No API endpoint at " + request.getMethod() + " " + request.getRequestURI());
    }
}
