package io.missioncontrol.cluster;

import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * How a {@link ClusterIdentity} logs in to its cluster. Part of the identity, so the SSH pool (keyed by identity)
 * never lets two ways of logging in share a connection.
 */
public sealed interface ClusterLogin {

    /** The cluster's configured account ({@code user} and {@code key_path} in clusters.yaml). */
    ClusterLogin SERVICE_ACCOUNT = new ServiceAccount();

    /** Logs in with the cluster's configured account and key file. */
    record ServiceAccount() implements ClusterLogin {
        @Override
        public String toString() {
            return "service account";
        }
    }

    /**
     * Logs in as the member's own Unix account with the member's own key pair, held in memory only (it is never
     * written to a file). Two instances are equal when their public keys are: the private key is never compared,
     * printed or logged.
     */
    final class OwnKey implements ClusterLogin {
        private final KeyPair keys;
        private final byte[] publicKey;
        private final String fingerprint;

        public OwnKey(KeyPair keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            this.publicKey = Objects.requireNonNull(keys.getPublic(), "public key").getEncoded();
            Objects.requireNonNull(keys.getPrivate(), "private key");
            this.fingerprint = sha256(publicKey);
        }

        /** The key pair the SSH layer authenticates with. */
        public KeyPair keyPair() {
            return keys;
        }

        /** SHA-256 of the encoded public key (what tells two key pairs apart in logs). */
        public String fingerprint() {
            return fingerprint;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof OwnKey other && Arrays.equals(publicKey, other.publicKey);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(publicKey);
        }

        @Override
        public String toString() {
            return "own key " + keys.getPublic().getAlgorithm() + " SHA256:" + fingerprint;
        }

        private static String sha256(byte[] bytes) {
            try {
                return Base64.getEncoder().withoutPadding()
                        .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from the JDK", e);
            }
        }
    }

    /**
     * Logs in as the cluster's service account and runs every command as {@code sudo -n -u <member> -- …}
     * (the site's sudoers lets the service account do so without a password).
     *
     * @param member the Unix account commands run as
     */
    record Sudo(String member) implements ClusterLogin {
        public Sudo {
            if (member == null || member.isBlank()) {
                throw new IllegalArgumentException("sudo needs the member's account");
            }
        }

        @Override
        public String toString() {
            return "sudo -u " + member;
        }
    }
}
