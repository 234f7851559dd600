package io.missioncontrol.account;

import java.time.Instant;

/** A member as the API and the pages show them (never the password hash). */
public record MemberInfo(String username, Role role, boolean disabled, MemberSource source, boolean hasPassword,
                         Instant createdAt) {

    static MemberInfo of(Member m) {
        return new MemberInfo(m.getUsername(), m.getRole(), m.isDisabled(), m.getSource(), m.hasPassword(),
                m.getCreatedAt());
    }
}
