package io.missioncontrol.account.security;

import java.util.Collection;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * A request's {@code Authorization: Bearer <personal token>}: first as presented (the token, not yet checked), then,
 * from {@link PersonalTokenAuthenticationProvider}, as the member it belongs to (the token erased).
 */
public final class PersonalTokenAuthentication extends AbstractAuthenticationToken {

    private final String username;
    private String token;

    private PersonalTokenAuthentication(String token, String username,
                                        Collection<? extends GrantedAuthority> authorities, boolean authenticated) {
        super(authorities);
        this.token = token;
        this.username = username;
        super.setAuthenticated(authenticated);
    }

    static PersonalTokenAuthentication presented(String token) {
        return new PersonalTokenAuthentication(token, null, List.of(), false);
    }

    static PersonalTokenAuthentication of(String username, Collection<? extends GrantedAuthority> authorities,
                                          Object details) {
        PersonalTokenAuthentication auth = new PersonalTokenAuthentication(null, username, authorities, true);
        auth.setDetails(details);
        return auth;
    }

    String token() {
        return token;
    }

    @Override
    public Object getCredentials() {
        return token;
    }

    @Override
    public Object getPrincipal() {
        return username;
    }

    @Override
    public String getName() {
        return username == null ? "(personal token)" : username;
    }

    @Override
    public void setAuthenticated(boolean authenticated) {
        if (authenticated) {
            throw new IllegalArgumentException("only the provider makes an authenticated token");
        }
        super.setAuthenticated(false);
    }

    @Override
    public void eraseCredentials() {
        super.eraseCredentials();
        token = null;
    }
}
