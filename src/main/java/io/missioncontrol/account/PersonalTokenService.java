package io.missioncontrol.account;

import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.base.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Personal API tokens: {@code mc_} and 32 random bytes (base64url), shown once when made; the database keeps only
 * their SHA-256 (a token this random needs no slow hash) and a short prefix to tell them apart. A member manages
 * their own tokens, an admin anyone's.
 */
@Service
@Transactional(readOnly = true)
public class PersonalTokenService {

    static final String PREFIX = "mc_";
    static final int RANDOM_BYTES = 32;
    static final int SHOWN_PREFIX = 8;
    static final int MAX_EXPIRES_IN_DAYS = 3650;
    /** Last-used times are kept to the minute: no write for every request. */
    static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(PersonalTokenService.class);

    private final SecureRandom random = new SecureRandom();
    private final PersonalTokenRepository tokens;
    private final MemberRepository members;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate writeTx;
    private final TransactionTemplate readTx;

    PersonalTokenService(PersonalTokenRepository tokens, MemberRepository members, AuditLog audit, Clock clock,
                         PlatformTransactionManager transactionManager) {
        this.tokens = tokens;
        this.members = members;
        this.audit = audit;
        this.clock = clock;
        this.writeTx = new TransactionTemplate(transactionManager);
        this.readTx = new TransactionTemplate(transactionManager);
        this.readTx.setReadOnly(true);
    }

    @PreAuthorize("hasRole('ADMIN') or #username == authentication.name")
    @Transactional
    public CreatedToken create(String username, String name, Integer expiresInDays) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("name", "is empty; name the token after where it is used, e.g. 'laptop'");
        }
        if (name.length() > 100) {
            throw new InvalidInputException("name", "is too long; at most 100 characters");
        }
        if (expiresInDays != null && (expiresInDays < 1 || expiresInDays > MAX_EXPIRES_IN_DAYS)) {
            throw new InvalidInputException("expires_in_days", "must be between 1 and " + MAX_EXPIRES_IN_DAYS
                    + " (leave it out for a token that does not expire)");
        }
        Member member = members.findByUsername(username)
                .orElseThrow(() -> new NotFoundException("No member '" + username + "'"));
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        Instant expires = expiresInDays == null ? null : now.plus(Duration.ofDays(expiresInDays));
        PersonalToken saved = store(member, name.strip(), token, now, expires);
        audit.record(Actor.username(), "token.create", username, "token '" + saved.getName() + "' ("
                + saved.getTokenPrefix() + "…)" + (expires == null ? "" : ", expires " + expires), Actor.remoteAddress());
        return new CreatedToken(saved.getId(), saved.getName(), token, expires);
    }

    @PreAuthorize("hasRole('ADMIN') or #username == authentication.name")
    public List<TokenInfo> list(String username) {
        if (members.findByUsername(username).isEmpty()) {
            throw new NotFoundException("No member '" + username + "'");
        }
        return tokens.findByMemberUsernameAndRevokedAtIsNullOrderByCreatedAtDescIdDesc(username).stream()
                .map(TokenInfo::of).toList();
    }

    @PreAuthorize("hasRole('ADMIN') or #username == authentication.name")
    @Transactional
    public void revoke(String username, long id) {
        PersonalToken token = tokens.findByIdAndMemberUsername(id, username)
                .filter(t -> t.getRevokedAt() == null)
                .orElseThrow(() -> new NotFoundException("Member '" + username + "' has no token " + id));
        token.revokedAt(clock.instant());
        audit.record(Actor.username(), "token.revoke", username, "token '" + token.getName() + "' ("
                + token.getTokenPrefix() + "…)", Actor.remoteAddress());
    }

    /**
     * The member a presented token belongs to, if it is theirs, unrevoked, unexpired and they may sign in. Records
     * when it was last used (to the minute).
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED) // its own read, then its own write
    public Optional<Member> authenticate(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > 512) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        // a read on the read pool, done before the (rare) write: the writer is one connection
        Optional<PersonalToken> found = readTx.execute(status -> tokens.findByTokenHash(sha256(presented)))
                .filter(t -> t.usableAt(now) && !t.getMember().isDisabled());
        found.filter(t -> t.getLastUsedAt() == null
                        || Duration.between(t.getLastUsedAt(), now).compareTo(LAST_USED_GRANULARITY) >= 0)
                .ifPresent(t -> markUsed(t, now));
        return found.map(PersonalToken::getMember);
    }

    /** Best effort: a busy database must not turn a valid token into a failed request. */
    private void markUsed(PersonalToken token, Instant now) {
        try {
            writeTx.executeWithoutResult(status -> tokens.markUsed(token.getId(), now));
        } catch (RuntimeException busy) {
            log.debug("Last use of token {} not recorded: {}", token.getId(), busy.toString());
        }
    }

    /** Stores a token the caller made (or was configured with); package-private: the initial admin's. */
    @Transactional
    PersonalToken store(Member member, String name, String token, Instant now, Instant expires) {
        return tokens.saveAndFlush(new PersonalToken(member, name, sha256(token), token.substring(0,
                Math.min(SHOWN_PREFIX, token.length() / 4)), now, expires));
    }

    boolean known(String token) {
        return tokens.findByTokenHash(sha256(token)).isPresent();
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
