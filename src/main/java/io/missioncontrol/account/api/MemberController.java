package io.missioncontrol.account.api;

import io.missioncontrol.account.CreatedToken;
import io.missioncontrol.account.MemberInfo;
import io.missioncontrol.account.MemberService;
import io.missioncontrol.account.PersonalTokenService;
import io.missioncontrol.account.Role;
import io.missioncontrol.account.TokenInfo;
import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.base.api.RequestLimits;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Members and their personal tokens: {@code GET /api/me}; {@code /api/users/} (admins) and
 * {@code /api/users/{username}/tokens} (the member themself or an admin). Who may do what is the services' to check
 * (403 otherwise); errors are problem details naming the field.
 */
@RestController
@RequestMapping("/api")
class MemberController {

    private final MemberService members;
    private final PersonalTokenService tokens;

    MemberController(MemberService members, PersonalTokenService tokens) {
        this.members = members;
        this.tokens = tokens;
    }

    @GetMapping({"/me", "/me/"})
    MemberResponse me() {
        return MemberResponse.of(members.me());
    }

    @GetMapping({"/users", "/users/"})
    List<MemberResponse> list() {
        return members.list().stream().map(MemberResponse::of).toList();
    }

    /** {@code {"username", "password"?, "role"}} → 201 with the member. */
    @PostMapping({"/users", "/users/"})
    ResponseEntity<MemberResponse> create(@Valid @RequestBody CreateMemberRequest request) {
        MemberInfo created = members.create(request.username(), request.password(), role(request.role(), true));
        return ResponseEntity.created(URI.create("/api/users/" + created.username())).body(MemberResponse.of(created));
    }

    /** {@code {"role"?, "disabled"?}}: what is given changes. */
    @PatchMapping({"/users/{username}", "/users/{username}/"})
    MemberResponse update(@PathVariable String username, @Valid @RequestBody UpdateMemberRequest request) {
        if (request.role() == null && request.disabled() == null) {
            throw new InvalidInputException("body", "changes nothing; give role and/or disabled");
        }
        return MemberResponse.of(members.update(username, role(request.role(), false), request.disabled()));
    }

    /** {@code {"name", "expires_in_days"?}} → 201 {@code {"id", "name", "token", "expires_at"}}: the token this once. */
    @PostMapping({"/users/{username}/tokens", "/users/{username}/tokens/"})
    @ResponseStatus(HttpStatus.CREATED)
    CreatedTokenResponse createToken(@PathVariable String username, @Valid @RequestBody CreateTokenRequest request) {
        CreatedToken created = tokens.create(username, request.name(), request.expiresInDays());
        return new CreatedTokenResponse(created.id(), created.name(), created.token(), created.expiresAt());
    }

    @GetMapping({"/users/{username}/tokens", "/users/{username}/tokens/"})
    List<TokenResponse> listTokens(@PathVariable String username) {
        return tokens.list(username).stream().map(TokenResponse::of).toList();
    }

    @DeleteMapping({"/users/{username}/tokens/{id}", "/users/{username}/tokens/{id}/"})
    RevokedResponse revoke(@PathVariable String username, @PathVariable long id) {
        tokens.revoke(username, id);
        return new RevokedResponse(true);
    }

    private static Role role(String value, boolean required) {
        if (value == null) {
            if (required) {
                throw new InvalidInputException("role", "is missing; one of " + roles());
            }
            return null;
        }
        try {
            return Role.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("role", "must be one of " + roles());
        }
    }

    private static String roles() {
        return String.join(", ", Arrays.stream(Role.values()).map(Role::name).toList());
    }

    record CreateMemberRequest(
            @Size(max = 32, message = RequestLimits.TOO_LONG) String username,
            @Size(max = 128, message = RequestLimits.TOO_LONG) String password,
            @Size(max = 16, message = RequestLimits.TOO_LONG) String role) {

        @Override
        public String toString() {
            return "CreateMemberRequest[username=" + username + ", role=" + role + "]";
        }
    }

    record UpdateMemberRequest(@Size(max = 16, message = RequestLimits.TOO_LONG) String role, Boolean disabled) {
    }

    record CreateTokenRequest(@Size(max = 100, message = RequestLimits.TOO_LONG) String name,
                              Integer expiresInDays) {
    }

    record MemberResponse(String username, Role role, boolean disabled, String source, boolean hasPassword,
                          Instant createdAt) {
        static MemberResponse of(MemberInfo m) {
            return new MemberResponse(m.username(), m.role(), m.disabled(), m.source().name(), m.hasPassword(),
                    m.createdAt());
        }
    }

    record TokenResponse(long id, String name, String prefix, Instant createdAt, Instant expiresAt,
                         Instant lastUsedAt) {
        static TokenResponse of(TokenInfo t) {
            return new TokenResponse(t.id(), t.name(), t.prefix(), t.createdAt(), t.expiresAt(), t.lastUsedAt());
        }
    }

    record CreatedTokenResponse(long id, String name, String token, Instant expiresAt) {
    }

    record RevokedResponse(boolean revoked) {
    }
}
