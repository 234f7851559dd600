package io.missioncontrol.account;

import java.util.List;

/**
 * What a member may do. Each role includes the ones below it, granted as explicit authorities (an admin holds
 * {@code ROLE_ADMIN}, {@code ROLE_MEMBER} and {@code ROLE_VIEWER}), so {@code @RolesAllowed("MEMBER")} admits admins
 * everywhere the check is made: routes, request rules and method security.
 */
public enum Role {
    /** Users, cluster reload, every job. */
    ADMIN,
    /** Launches; own projects and jobs. */
    MEMBER,
    /** Reads only. */
    VIEWER;

    /** The Spring Security authorities of this role, itself first. */
    public List<String> authorities() {
        return switch (this) {
            case ADMIN -> List.of("ROLE_ADMIN", "ROLE_MEMBER", "ROLE_VIEWER");
            case MEMBER -> List.of("ROLE_MEMBER", "ROLE_VIEWER");
            case VIEWER -> List.of("ROLE_VIEWER");
        };
    }
}
