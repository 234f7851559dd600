package io.missioncontrol.account.security;

import io.missioncontrol.account.Member;
import io.missioncontrol.account.PersonalTokenService;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;

/** Checks a presented personal token against the stored hashes. */
final class PersonalTokenAuthenticationProvider implements AuthenticationProvider {

    private final PersonalTokenService tokens;

    PersonalTokenAuthenticationProvider(PersonalTokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        PersonalTokenAuthentication presented = (PersonalTokenAuthentication) authentication;
        Member member = tokens.authenticate(presented.token()).orElseThrow(() -> new BadCredentialsException(
                "The personal token is unknown, revoked or expired, or its member is disabled"));
        return PersonalTokenAuthentication.of(member.getUsername(),
                AuthorityUtils.createAuthorityList(member.getRole().authorities()), presented.getDetails());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return PersonalTokenAuthentication.class.isAssignableFrom(authentication);
    }
}
