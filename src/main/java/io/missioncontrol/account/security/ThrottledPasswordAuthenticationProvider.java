package io.missioncontrol.account.security;

import io.missioncontrol.account.SignInThrottle;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * Password sign-in (Spring Security's own {@code DaoAuthenticationProvider}), refused without a look at the password
 * while the username or the address has failed too often ({@link SignInThrottle}; the failures themselves are
 * counted from Spring Security's failure events, {@link SignInEvents}).
 */
final class ThrottledPasswordAuthenticationProvider implements AuthenticationProvider {

    private final AuthenticationProvider passwords;
    private final SignInThrottle throttle;

    ThrottledPasswordAuthenticationProvider(AuthenticationProvider passwords, SignInThrottle throttle) {
        this.passwords = passwords;
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        if (throttle.refused(authentication.getName(), SignInEvents.remoteAddress(authentication))) {
            // a lock (members are never locked otherwise), so Spring Security publishes it as one
            throw new LockedException(throttle.refusal());
        }
        return passwords.authenticate(authentication);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
