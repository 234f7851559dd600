package io.missioncontrol.account;

/** Where a member signs in: a password kept here (local), or a directory / identity provider. */
public enum MemberSource {
    LOCAL, LDAP, OIDC
}
