package io.missioncontrol.account.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A member's account on one cluster (table {@code cluster_accounts}): the Unix user name and, for own-key
 * clusters, the key pair — the public key as its authorized_keys line, the private key only encrypted.
 */
@Entity
@Table(name = "cluster_accounts")
class ClusterAccount {

    /** Where the key pair came from. */
    enum KeySource { GENERATED, UPLOADED }

    @Id
    private String id;

    /** The portal member's user name. */
    @Column(nullable = false)
    private String username;

    @Column(nullable = false)
    private String cluster;

    @Column(name = "unix_user", nullable = false)
    private String unixUser;

    /** The cluster's run_as when this was set up ({@code own-key}, {@code sudo}). */
    @Column(nullable = false)
    private String mode;

    @Column(name = "public_key")
    private String publicKey;

    @Column(name = "private_key_encrypted")
    private byte[] privateKeyEncrypted;

    @Column(name = "private_key_nonce")
    private byte[] privateKeyNonce;

    @Column(name = "key_source")
    private String keySource;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected ClusterAccount() {
    }

    ClusterAccount(String username, String cluster, String unixUser, String mode, Instant now) {
        this.id = UUID.randomUUID().toString();
        this.username = username;
        this.cluster = cluster;
        this.unixUser = unixUser;
        this.mode = mode;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void account(String newUnixUser, String newMode, Instant now) {
        this.unixUser = newUnixUser;
        this.mode = newMode;
        this.updatedAt = now;
    }

    void key(String publicLine, SecretBox.Sealed privateKey, KeySource source, Instant now) {
        this.publicKey = publicLine;
        this.privateKeyEncrypted = privateKey.ciphertext();
        this.privateKeyNonce = privateKey.nonce();
        this.keySource = source.name();
        this.updatedAt = now;
    }

    boolean hasKey() {
        return publicKey != null && privateKeyEncrypted != null && privateKeyNonce != null;
    }

    /** What the private key's ciphertext is bound to: this member on this cluster. */
    String secretContext() {
        return "cluster_accounts:" + username + "@" + cluster;
    }

    SecretBox.Sealed sealedPrivateKey() {
        return new SecretBox.Sealed(privateKeyEncrypted, privateKeyNonce);
    }

    String getUsername() { return username; }
    String getCluster() { return cluster; }
    String getUnixUser() { return unixUser; }
    String getMode() { return mode; }
    String getPublicKey() { return publicKey; }
    String getKeySource() { return keySource; }

    @Override
    public String toString() {
        return "ClusterAccount[" + username + "@" + cluster + " as " + unixUser + ", " + mode + "]";
    }
}
