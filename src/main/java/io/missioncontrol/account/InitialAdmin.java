package io.missioncontrol.account;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code missioncontrol.security.initial-admin-token}: at start, and only while no admin exists, creates the user
 * {@code admin} (ADMIN, no password) holding that personal token. Once an admin exists it does nothing, so the
 * setting may stay in an automated install's configuration. Without it, the first-run page creates the first admin.
 */
@Component
public class InitialAdmin implements ApplicationRunner {

    static final String USERNAME = "admin";
    static final int MIN_TOKEN_LENGTH = 24;
    private static final Logger log = LoggerFactory.getLogger(InitialAdmin.class);

    private final SecurityProperties properties;
    private final MemberRepository members;
    private final PersonalTokenService tokens;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate writeTx;

    InitialAdmin(SecurityProperties properties, MemberRepository members, PersonalTokenService tokens, AuditLog audit,
                 Clock clock, PlatformTransactionManager transactionManager) {
        this.properties = properties;
        this.members = members;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
        this.writeTx = new TransactionTemplate(transactionManager);
    }

    @Override
    public void run(ApplicationArguments args) {
        String token = properties.initialAdminToken();
        if (token == null || token.isBlank()) {
            if (!members.existsByRole(Role.ADMIN)) {
                log.info("No admin yet: open the portal from this machine (http://127.0.0.1:<port>/setup) to create "
                        + "the first one, or set missioncontrol.security.initial-admin-token");
            }
            return;
        }
        if (create(token)) {
            log.info("Created the user '{}' holding the configured initial admin token", USERNAME);
        }
    }

    /** Creates {@code admin} with {@code token} if no admin exists; whether it did. */
    public boolean create(String token) {
        if (token == null || token.strip().length() < MIN_TOKEN_LENGTH || token.strip().length() > 512) {
            throw new IllegalStateException("missioncontrol.security.initial-admin-token must be "
                    + MIN_TOKEN_LENGTH + " to 512 characters (e.g. the output of 'openssl rand -base64 32')");
        }
        String value = token.strip();
        Boolean created;
        try {
            created = writeTx.execute(status -> {
            if (members.existsByRole(Role.ADMIN) || members.findByUsername(USERNAME).isPresent()) {
                return false;
            }
            Member admin = members.saveAndFlush(new Member(USERNAME, null, Role.ADMIN, MemberSource.LOCAL,
                    clock.instant()));
            tokens.store(admin, "initial admin token", value, clock.instant(), null);
            audit.record(null, "user.create", USERNAME, "initial admin, from missioncontrol.security.initial-admin-token",
                    null);
            return true;
            });
        } catch (DataIntegrityViolationException raced) { // another instance on the same database made it first
            return false;
        }
        return Boolean.TRUE.equals(created);
    }
}
