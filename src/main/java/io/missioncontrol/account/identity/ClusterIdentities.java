package io.missioncontrol.account.identity;

import io.missioncontrol.base.ConflictException;
import io.missioncontrol.base.DatabaseWrites;
import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.ClusterGateway;
import io.missioncontrol.cluster.ClusterIdentity;
import io.missioncontrol.cluster.ClusterService;
import io.missioncontrol.cluster.RunAs;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Members' identities on the clusters: which {@link ClusterIdentity} a member acts as ({@link #forMember}), setting
 * one up ({@link #setUp}: the Unix account and, on own-key clusters, the key pair), and trying it
 * ({@link #test}). Members listed in {@link ClusterIdentityProperties#serviceAccountMembers} act as the cluster's
 * configured account.
 */
@Service
public class ClusterIdentities {

    private static final Logger log = LoggerFactory.getLogger(ClusterIdentities.class);

    /** A Unix account name as the portal accepts it (POSIX portable, at most 32 characters). */
    public static final Pattern UNIX_USER = Pattern.compile("^[a-z_][a-z0-9_-]{0,31}$");

    /** What {@code mode} says for a member mapped to the service account. */
    public static final String SERVICE_ACCOUNT_MODE = "service-account";

    /**
     * A member's account on a cluster as the API shows it.
     *
     * @param cluster   the cluster's name
     * @param username  the Unix account ({@code null} when not set up yet)
     * @param mode      {@code own-key}, {@code sudo} or {@code service-account}
     * @param publicKey the exact authorized_keys line to add (own-key only; {@code null} otherwise)
     */
    public record ClusterAccountView(String cluster, String username, String mode, String publicKey) {
    }

    /** The outcome of {@link #test}. */
    public record TestResult(boolean success, String message, long latencyMs) {
    }

    private final ClusterAccountRepository accounts;
    private final ClusterService clusters;
    private final ClusterGateway gateway;
    private final SecretBox box;
    private final ClusterIdentityProperties properties;
    private final Clock clock;
    private final DatabaseWrites writes;

    public ClusterIdentities(ClusterAccountRepository accounts, ClusterService clusters, ClusterGateway gateway,
                             SecretBox box, ClusterIdentityProperties properties, Clock clock,
                             PlatformTransactionManager transactionManager) {
        this.accounts = accounts;
        this.clusters = clusters;
        this.gateway = gateway;
        this.box = box;
        this.properties = properties;
        this.clock = clock;
        this.writes = new DatabaseWrites(new TransactionTemplate(transactionManager));
    }

    /**
     * The identity {@code username} acts as on {@code cluster}.
     *
     * @throws io.missioncontrol.base.NotFoundException no such cluster
     * @throws ConflictException the member has not set up an account there yet (the message says how)
     */
    public ClusterIdentity forMember(String username, String cluster) {
        ClusterDefinition definition = clusters.require(cluster);
        if (properties.actsAsServiceAccount(username)) {
            return gateway.serviceAccount(cluster);
        }
        ClusterAccount account = accounts.findByUsernameAndCluster(username, cluster)
                .orElseThrow(() -> new ConflictException("'" + username + "' has no account on cluster '" + cluster
                        + "' yet: set your Unix account there on the My cluster accounts page (or PUT /api/users/"
                        + username + "/cluster-accounts/" + cluster + " with {\"username\": \"<unix account>\"})"));
        return switch (definition.runAs()) {
            case SUDO -> ClusterIdentity.sudo(cluster, account.getUnixUser());
            case OWN_KEY -> {
                if (!account.hasKey()) {
                    throw new ConflictException("'" + username + "' has no key for cluster '" + cluster
                            + "' yet (it runs jobs with each member's own key): save your Unix account on the My"
                            + " cluster accounts page again to get one, then add its public key line to"
                            + " ~/.ssh/authorized_keys on the cluster");
                }
                yield ClusterIdentity.ownKey(cluster, account.getUnixUser(), keyPair(account));
            }
        };
    }

    /**
     * Sets the member's Unix account on the cluster; on an own-key cluster makes a key pair when there is none.
     *
     * @throws InvalidInputException naming {@code username} for a bad Unix account name
     */
    public ClusterAccountView setUp(String username, String cluster, String unixUser) {
        return setUp(username, cluster, unixUser, null);
    }

    /**
     * {@link #setUp(String, String, String)} with the member's own OpenSSH private key instead of a generated one
     * ({@code privateKey} {@code null}: keep the stored key, or make one).
     *
     * @throws InvalidInputException naming {@code username} or {@code private_key}
     * @throws ConflictException the member acts as the service account, or another member has that Unix account
     */
    public ClusterAccountView setUp(String username, String cluster, String unixUser, String privateKey) {
        ClusterDefinition definition = clusters.require(cluster);
        if (unixUser == null || !UNIX_USER.matcher(unixUser).matches()) {
            throw new InvalidInputException("username", "must be a Unix account name: a lowercase letter or '_'"
                    + " followed by up to 31 lowercase letters, digits, '_' or '-'");
        }
        if (properties.actsAsServiceAccount(username)) {
            throw new ConflictException("'" + username + "' acts as cluster '" + cluster + "''s configured account '"
                    + definition.user() + "' (missioncontrol.security.service-account-members): nothing to set up");
        }
        String mode = definition.runAs().configValue();
        MemberKeys.Made uploaded = privateKey == null ? null
                : MemberKeys.parseUpload(privateKey, username, cluster, "private_key");
        if (uploaded != null && definition.runAs() != RunAs.OWN_KEY) {
            throw new InvalidInputException("private_key", "is only used on clusters with run_as: own-key; cluster '"
                    + cluster + "' runs members' jobs through sudo");
        }
        ClusterAccountView view = writes.inTransaction("set up a cluster account", status -> {
            accounts.findByClusterAndUnixUser(cluster, unixUser)
                    .filter(other -> !other.getUsername().equals(username))
                    .ifPresent(other -> {
                        throw new ConflictException("the Unix account '" + unixUser + "' on cluster '" + cluster
                                + "' already belongs to another member");
                    });
            ClusterAccount account = accounts.findByUsernameAndCluster(username, cluster).orElse(null);
            if (account == null) {
                account = new ClusterAccount(username, cluster, unixUser, mode, clock.instant());
            } else {
                account.account(unixUser, mode, clock.instant());
            }
            if (uploaded != null) {
                store(account, uploaded, ClusterAccount.KeySource.UPLOADED);
            } else if (definition.runAs() == RunAs.OWN_KEY && !account.hasKey()) {
                store(account, MemberKeys.generate(username, cluster), ClusterAccount.KeySource.GENERATED);
            }
            accounts.saveAndFlush(account);
            return view(definition, account);
        });
        log.info("Cluster account of {} on {}: Unix account {}, {}{}", username, cluster, unixUser, mode,
                uploaded != null ? ", uploaded key" : "");
        return view;
    }

    /** Logs in as the member (through {@link ClusterGateway#testConnection}) and checks who commands run as. */
    public TestResult test(String username, String cluster) {
        ClusterGateway.ConnectionTest test = gateway.testConnection(forMember(username, cluster));
        return new TestResult(test.success(), test.message(), test.latencyMs());
    }

    /** One entry per configured cluster, in clusters.yaml order, set up or not. */
    public List<ClusterAccountView> list(String username) {
        Map<String, ClusterAccount> mine = accounts.findByUsernameOrderByCluster(username).stream()
                .collect(Collectors.toMap(ClusterAccount::getCluster, Function.identity()));
        return clusters.clusters().stream().map(c -> properties.actsAsServiceAccount(username)
                ? new ClusterAccountView(c.name(), c.user(), SERVICE_ACCOUNT_MODE, null)
                : mine.containsKey(c.name()) ? view(c, mine.get(c.name()))
                : new ClusterAccountView(c.name(), null, c.runAs().configValue(), null)).toList();
    }

    /** Whether the cluster runs members' jobs through sudo (an unknown cluster is a NotFoundException). */
    public boolean isSudoCluster(String cluster) {
        return clusters.require(cluster).runAs() == RunAs.SUDO;
    }

    /** The member's account on the cluster. */
    public ClusterAccountView get(String username, String cluster) {
        ClusterDefinition definition = clusters.require(cluster);
        return list(username).stream().filter(v -> v.cluster().equals(definition.name())).findFirst().orElseThrow();
    }

    private static ClusterAccountView view(ClusterDefinition cluster, ClusterAccount account) {
        boolean ownKey = cluster.runAs() == RunAs.OWN_KEY;
        return new ClusterAccountView(cluster.name(), account.getUnixUser(), cluster.runAs().configValue(),
                ownKey ? account.getPublicKey() : null);
    }

    private void store(ClusterAccount account, MemberKeys.Made made, ClusterAccount.KeySource source) {
        byte[] pkcs8 = made.keys().getPrivate().getEncoded();
        try {
            account.key(made.publicLine(), box.seal(pkcs8, account.secretContext()), source, clock.instant());
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private KeyPair keyPair(ClusterAccount account) {
        byte[] pkcs8;
        try {
            pkcs8 = box.open(account.sealedPrivateKey(), account.secretContext());
        } catch (SecretBox.UnreadableSecretException e) {
            throw new ConflictException("the stored key of '" + account.getUsername() + "' for cluster '"
                    + account.getCluster() + "' cannot be used: " + e.getMessage());
        }
        try {
            return MemberKeys.restore(account.getPublicKey(), pkcs8);
        } catch (GeneralSecurityException e) {
            throw new ConflictException("the stored key of '" + account.getUsername() + "' for cluster '"
                    + account.getCluster() + "' cannot be used (" + e.getMessage() + "); set it up again");
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }
}
