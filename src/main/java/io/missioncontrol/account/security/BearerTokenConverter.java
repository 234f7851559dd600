package io.missioncontrol.account.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationDetailsSource;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;

/** {@code Authorization: Bearer <token>} → a presented {@link PersonalTokenAuthentication}; no header → none. */
final class BearerTokenConverter implements AuthenticationConverter {

    private static final String SCHEME = "bearer ";
    private final AuthenticationDetailsSource<HttpServletRequest, WebAuthenticationDetails> details =
            new WebAuthenticationDetailsSource();

    @Override
    public Authentication convert(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return null;
        }
        if (!header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new BadCredentialsException("The Authorization header must be 'Bearer <personal token>'");
        }
        String token = header.substring(SCHEME.length()).strip();
        if (token.isEmpty()) {
            throw new BadCredentialsException("The Authorization header holds no token after 'Bearer'");
        }
        PersonalTokenAuthentication presented = PersonalTokenAuthentication.presented(token);
        presented.setDetails(details.buildDetails(request));
        return presented;
    }
}
