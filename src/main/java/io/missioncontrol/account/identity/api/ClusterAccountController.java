package io.missioncontrol.account.identity.api;

import io.missioncontrol.account.Actor;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import io.missioncontrol.account.identity.ClusterIdentities;
import io.missioncontrol.account.identity.ClusterIdentities.ClusterAccountView;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A member's cluster accounts under {@code /api/users/{username}/cluster-accounts}: the Unix account per cluster,
 * the public key line to install (own-key clusters) and a test that logs in as the member.
 */
@RestController
@RequestMapping("/api/users/{username}/cluster-accounts")
class ClusterAccountController {

    /**
     * @param username   the member's Unix account on the cluster
     * @param privateKey optional: the member's own unencrypted OpenSSH private key instead of one the portal makes
     *                   (own-key clusters; stored encrypted, never shown again)
     */
    record SetUpRequest(String username, String privateKey) {
        @Override
        public String toString() {
            return "SetUpRequest[" + username + (privateKey == null ? "" : ", private key given") + "]";
        }
    }

    record ClusterAccountResponse(String cluster, String username, String mode, String publicKey) {
        static ClusterAccountResponse of(ClusterAccountView v) {
            return new ClusterAccountResponse(v.cluster(), v.username(), v.mode(), v.publicKey());
        }
    }

    record TestResponse(boolean success, String message, long latencyMs) {
    }

    private final ClusterIdentities identities;

    ClusterAccountController(ClusterIdentities identities) {
        this.identities = identities;
    }

    @GetMapping({"", "/"})
    List<ClusterAccountResponse> list(@PathVariable String username) {
        checkMayAccess(username);
        return identities.list(username).stream().map(ClusterAccountResponse::of).toList();
    }

    @PutMapping("/{cluster}")
    ClusterAccountResponse setUp(@PathVariable String username, @PathVariable String cluster,
                                 @RequestBody SetUpRequest request) {
        checkMayAccess(username, cluster);
        return ClusterAccountResponse.of(identities.setUp(username, cluster, request.username(),
                request.privateKey()));
    }

    @PostMapping("/{cluster}/test")
    TestResponse test(@PathVariable String username, @PathVariable String cluster) {
        checkMayAccess(username);
        ClusterIdentities.TestResult result = identities.test(username, cluster);
        return new TestResponse(result.success(), result.message(), result.latencyMs());
    }

    /**
     * Self or admin: a member sees and changes only their own cluster accounts. On a {@code run_as: sudo} cluster
     * the Unix account named is the one the service account acts as, so only an admin sets it there (a member
     * naming someone else's account would act as them).
     */
    private void checkMayAccess(String username) {
        checkMayAccess(username, null);
    }

    private void checkMayAccess(String username, String changedCluster) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        boolean admin = auth != null && auth.getAuthorities().stream()
                .anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()));
        if (admin) {
            return;
        }
        if (!username.equals(Actor.username())) {
            throw new AccessDeniedException("only " + username + " or an admin may see or change " + username
                    + "'s cluster accounts");
        }
        if (changedCluster != null && identities.isSudoCluster(changedCluster)) {
            throw new AccessDeniedException("cluster '" + changedCluster + "' runs jobs through sudo: only an admin "
                    + "sets which Unix account a member acts as there");
        }
    }
}
