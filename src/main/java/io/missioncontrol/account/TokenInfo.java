package io.missioncontrol.account;

import java.time.Instant;

/** A personal token as listed: its name and non-secret prefix, never the token. */
public record TokenInfo(long id, String name, String prefix, Instant createdAt, Instant expiresAt,
                        Instant lastUsedAt) {

    static TokenInfo of(PersonalToken t) {
        return new TokenInfo(t.getId(), t.getName(), t.getTokenPrefix(), t.getCreatedAt(), t.getExpiresAt(),
                t.getLastUsedAt());
    }
}
