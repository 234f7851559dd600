package io.missioncontrol.account;

import io.missioncontrol.base.ConflictException;
import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.base.NotFoundException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The lab's members: who they are, their role, whether they may sign in. Changes are for admins (checked here,
 * not only on the routes) and each lands in the audit log with the change.
 */
@Service
@Transactional(readOnly = true)
public class MemberService {

    private final MemberRepository members;
    private final PasswordEncoder passwords;
    private final AuditLog audit;
    private final Clock clock;

    MemberService(MemberRepository members, PasswordEncoder passwords, AuditLog audit, Clock clock) {
        this.members = members;
        this.passwords = passwords;
        this.audit = audit;
        this.clock = clock;
    }

    /** The signed-in member. */
    @PreAuthorize("isAuthenticated()")
    public MemberInfo me() {
        String username = Actor.username();
        return members.findByUsername(username).map(MemberInfo::of)
                .orElseThrow(() -> new NotFoundException("The signed-in member '" + username + "' no longer exists"));
    }

    @PreAuthorize("hasRole('ADMIN')")
    public List<MemberInfo> list() {
        return members.findAllByOrderByUsernameAsc().stream().map(MemberInfo::of).toList();
    }

    /** Used by sign-in itself (no caller to check). */
    public Optional<Member> find(String username) {
        return username == null ? Optional.empty() : members.findByUsername(username);
    }

    /**
     * A new local member; {@code password} may be null (the member then signs in with a token an admin makes, or
     * elsewhere). 409 when the username is taken.
     */
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    public MemberInfo create(String username, String password, Role role) {
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        collect(errors, () -> Usernames.check(username));
        if (password != null) {
            collect(errors, () -> Passwords.check(password));
        }
        if (role == null) {
            errors.add(new InvalidInputException.FieldError("role", "is missing; one of ADMIN, MEMBER, VIEWER"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        if (members.findByUsername(username).isPresent()) {
            throw new ConflictException("username: '" + username + "' is already a member");
        }
        Member member;
        try {
            member = members.saveAndFlush(new Member(username, password == null ? null : passwords.encode(password),
                    role, MemberSource.LOCAL, clock.instant()));
        } catch (DataIntegrityViolationException raced) {
            throw new ConflictException("username: '" + username + "' is already a member");
        }
        audit.record(Actor.username(), "user.create", username, "role " + role, Actor.remoteAddress());
        return MemberInfo.of(member);
    }

    /** Changes a member's role and/or whether they may sign in (null: unchanged). The last admin stays an admin. */
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    public MemberInfo update(String username, Role role, Boolean disabled) {
        Member member = members.findByUsername(username)
                .orElseThrow(() -> new NotFoundException("No member '" + username + "'"));
        boolean losesAdmin = member.getRole() == Role.ADMIN && !member.isDisabled()
                && ((role != null && role != Role.ADMIN) || Boolean.TRUE.equals(disabled));
        if (losesAdmin && members.findAll().stream()
                .filter(m -> m.getRole() == Role.ADMIN && !m.isDisabled()).count() <= 1) {
            throw new ConflictException("'" + username + "' is the last active admin; make another admin first");
        }
        if (role != null && role != member.getRole()) {
            audit.record(Actor.username(), "user.role", username, member.getRole() + " → " + role,
                    Actor.remoteAddress());
            member.setRole(role);
        }
        if (disabled != null && disabled != member.isDisabled()) {
            audit.record(Actor.username(), disabled ? "user.disable" : "user.enable", username, null,
                    Actor.remoteAddress());
            member.setDisabled(disabled);
        }
        return MemberInfo.of(member);
    }

    /** Whether an admin who may sign in exists. */
    public boolean adminExists() {
        return members.existsByRoleAndDisabledFalse(Role.ADMIN);
    }

    /**
     * The first-run page: creates the first admin with a password, only while no admin exists and only for a
     * request from this machine (loopback).
     */
    @Transactional
    public MemberInfo createFirstAdmin(String username, String password, String remoteAddress) {
        if (!isLoopback(remoteAddress)) {
            throw new ConflictException("The first admin can only be created from this machine (loopback)");
        }
        Usernames.check(username);
        Passwords.check(password);
        if (members.existsByRole(Role.ADMIN)) {
            throw new ConflictException("An admin exists already; sign in instead");
        }
        if (members.findByUsername(username).isPresent()) {
            throw new ConflictException("username: '" + username + "' is already a member");
        }
        Member admin = members.saveAndFlush(new Member(username, passwords.encode(password), Role.ADMIN,
                MemberSource.LOCAL, clock.instant()));
        audit.record(username, "user.create", username, "first admin, from the first-run page", remoteAddress);
        return MemberInfo.of(admin);
    }

    /** Whether {@code address} is a literal loopback IP (no name lookup). */
    public static boolean isLoopback(String address) {
        if (address == null || address.isBlank() || !address.matches("[0-9a-fA-F:.%]+")) { // literal IPs only: no lookup
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void collect(List<InvalidInputException.FieldError> errors, Runnable check) {
        try {
            check.run();
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
        }
    }
}
