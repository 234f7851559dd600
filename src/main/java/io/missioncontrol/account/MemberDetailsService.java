package io.missioncontrol.account;

import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Password sign-in reads members from here: local members with a password. A disabled member is found (so Spring
 * Security says "disabled" after checking the password) but may not sign in.
 */
@Service
@Transactional(readOnly = true)
public class MemberDetailsService implements UserDetailsService {

    private final MemberRepository members;

    MemberDetailsService(MemberRepository members) {
        this.members = members;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        Member member = members.findByUsername(username)
                .filter(m -> m.getSource() == MemberSource.LOCAL && m.hasPassword())
                .orElseThrow(() -> new UsernameNotFoundException("no local member with a password"));
        return User.withUsername(member.getUsername())
                .password(member.getPasswordHash())
                .authorities(AuthorityUtils.createAuthorityList(member.getRole().authorities()))
                .disabled(member.isDisabled())
                .build();
    }
}
