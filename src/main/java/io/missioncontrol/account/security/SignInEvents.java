package io.missioncontrol.account.security;

import io.missioncontrol.account.AuditLog;
import io.missioncontrol.account.SignInThrottle;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Spring Security's authentication events into the audit log and the sign-in throttle. A password sign-in is
 * audited when it succeeds or fails; a personal token only when it fails (a good one is every API request, and its
 * last use is kept with the token).
 */
@Component
class SignInEvents {

    private final AuditLog audit;
    private final SignInThrottle throttle;

    SignInEvents(AuditLog audit, SignInThrottle throttle) {
        this.audit = audit;
        this.throttle = throttle;
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        Authentication auth = event.getAuthentication();
        if (auth instanceof UsernamePasswordAuthenticationToken) {
            throttle.succeeded(auth.getName());
            audit.record(auth.getName(), "sign-in", auth.getName(), "password", remoteAddress(auth));
        }
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        Authentication auth = event.getAuthentication();
        String address = remoteAddress(auth);
        if (auth instanceof PersonalTokenAuthentication) {
            audit.record(null, "sign-in.failure", null, "personal token: " + event.getException().getMessage(),
                    address);
            return;
        }
        String username = auth.getName();
        if (event.getException() instanceof LockedException) { // the throttle's refusal
            audit.record(null, "sign-in.refused", username, "too many failed sign-ins", address);
            return;
        }
        throttle.failed(username, address);
        audit.record(null, "sign-in.failure", username, "password: " + event.getException().getMessage(), address);
    }

    static String remoteAddress(Authentication authentication) {
        return authentication != null && authentication.getDetails() instanceof WebAuthenticationDetails web
                ? web.getRemoteAddress() : null;
    }
}
