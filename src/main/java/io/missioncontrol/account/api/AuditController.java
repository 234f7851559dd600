package io.missioncontrol.account.api;

import static io.missioncontrol.base.api.RequestLimits.AT_LEAST;
import static io.missioncontrol.base.api.RequestLimits.AT_MOST;

import io.missioncontrol.account.AuditEvent;
import io.missioncontrol.account.AuditLog;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Slice;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/audit/} (admins): the audit log, newest first, {@code page} (from 0) and {@code size} (1-500,
 * default 100); {@code X-Has-Next} says whether more follow.
 */
@RestController
@RequestMapping("/api/audit")
class AuditController {

    static final int MAX_SIZE = 500;

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping({"", "/"})
    ResponseEntity<List<AuditEventResponse>> list(
            @RequestParam(name = "page", defaultValue = "0") @Min(value = 0, message = AT_LEAST)
            @Max(value = Integer.MAX_VALUE / MAX_SIZE, message = AT_MOST) int page,
            @RequestParam(name = "size", defaultValue = "100") @Min(value = 1, message = AT_LEAST)
            @Max(value = MAX_SIZE, message = AT_MOST) int size) {
        Slice<AuditEvent> slice = audit.page(PageRequest.of(page, size));
        return ResponseEntity.ok().header("X-Has-Next", String.valueOf(slice.hasNext()))
                .body(slice.getContent().stream().map(AuditEventResponse::of).toList());
    }

    record AuditEventResponse(long id, Instant at, String actor, String action, String target, String detail,
                              String remoteAddress) {
        static AuditEventResponse of(AuditEvent e) {
            return new AuditEventResponse(e.getId(), e.getAt(), e.getActor(), e.getAction(), e.getTarget(),
                    e.getDetail(), e.getRemoteAddress());
        }
    }
}
