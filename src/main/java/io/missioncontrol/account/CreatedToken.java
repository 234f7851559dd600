package io.missioncontrol.account;

import java.time.Instant;

/** A token just made: the only time {@code token} itself is known to the portal. */
public record CreatedToken(long id, String name, String token, Instant expiresAt) {

    @Override
    public String toString() { // a record's toString would print the secret
        return "CreatedToken[id=" + id + ", name=" + name + ", expiresAt=" + expiresAt + "]";
    }
}
