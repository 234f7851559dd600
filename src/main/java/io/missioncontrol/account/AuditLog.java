package io.missioncontrol.account;

import java.time.Clock;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit log: who did what, when and from where. Every feature records its actions here (sign-ins, user, role
 * and token changes; launches, cancels and deletions). Reading it is for admins.
 */
@Service
@Transactional(readOnly = true)
public class AuditLog {

    private final AuditEventRepository events;
    private final Clock clock;

    AuditLog(AuditEventRepository events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    /**
     * Records one event; joins the caller's write transaction when there is one (so the record and the change
     * commit together).
     *
     * @param actor         the member's username, or null for the portal itself / an unknown caller
     * @param action        what happened, e.g. {@code sign-in}, {@code token.create}, {@code job.launch}
     * @param target        what it happened to (a username, a job id), or null
     * @param detail        more words, never a secret, or null
     * @param remoteAddress where the request came from, or null
     */
    @Transactional
    public void record(String actor, String action, String target, String detail, String remoteAddress) {
        events.save(new AuditEvent(clock.instant(), cut(actor, 100), cut(action, 64), cut(target, 255),
                cut(detail, 2000), cut(remoteAddress, 64)));
    }

    /** A page of events, newest first. */
    @PreAuthorize("hasRole('ADMIN')")
    public Slice<AuditEvent> page(Pageable pageable) {
        return events.findAllByOrderByAtDescIdDesc(pageable);
    }

    private static String cut(String s, int max) {
        if (s == null) {
            return null;
        }
        String printable = s.replaceAll("\\p{Cntrl}", " "); // one line per event, nothing invisible
        return printable.length() <= max ? printable : printable.substring(0, max - 1) + "…";
    }
}
