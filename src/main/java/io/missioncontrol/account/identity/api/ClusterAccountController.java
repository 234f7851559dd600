package io.missioncontrol.account.identity.api;

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
        checkMayAccess(username);
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
     * NOT ENFORCED YET — the one place the "self or admin" rule goes once sign-in exists (the integrator wires the
     * signed-in member in here: 403 unless {@code username} is the signed-in member or an admin). Until then anyone
     * who can reach the API can read and change every member's cluster accounts. Note for the wiring: on a
     * {@code run_as: sudo} cluster the Unix account named is the one the service account acts as, so changing it
     * should be for admins only (a member naming someone else's account would act as them).
     */
    private void checkMayAccess(String username) {
        // intentionally empty until sign-in lands (see above)
    }
}
