package io.missioncontrol.cluster.ssh;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;

import io.missioncontrol.cluster.HostKeyPolicy;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * Verifies host keys against an OpenSSH known_hosts file (plain and hashed {@code |1|} entries,
 * {@code [host]:port} for non-standard ports, {@code @revoked}), remembering why a key was refused so that
 * the pool can report {@code HOST_KEY_UNKNOWN} and {@code HOST_KEY_CHANGED} apart. Under
 * {@link HostKeyPolicy#ACCEPT_NEW} an unknown key is appended to the file; a changed key is always refused.
 * A new instance is made for every connection attempt, so edits to the file take effect at once.
 */
final class KnownHostsVerifier extends OpenSSHKnownHosts {

    enum Refusal { NONE, UNKNOWN, CHANGED }

    private final HostKeyPolicy policy;
    private volatile Refusal refusal = Refusal.NONE;
    private volatile String presentedKey = "";

    KnownHostsVerifier(Path knownHosts, HostKeyPolicy policy) throws IOException {
        super(knownHosts.toFile());
        this.policy = policy;
    }

    @Override
    protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
        presentedKey = describe(key);
        if (policy == HostKeyPolicy.ACCEPT_NEW) {
            try {
                HostEntry entry = new HostEntry(null, hostname, KeyType.fromKey(key), key);
                File file = getFile();
                Path parent = file.toPath().toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                entries().add(entry);
                write(entry);
                return true;
            } catch (IOException e) {
                log.warn("could not record host key of {} in {}: {}", hostname, getFile(), e.toString());
                refusal = Refusal.UNKNOWN;
                return false;
            }
        }
        refusal = Refusal.UNKNOWN;
        return false;
    }

    @Override
    protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
        presentedKey = describe(key);
        refusal = Refusal.CHANGED;
        return false;
    }

    Refusal refusal() {
        return refusal;
    }

    /** Type and SHA256 fingerprint of the key the server presented, as {@code ssh-keygen -l} shows them. */
    String presentedKey() {
        return presentedKey;
    }

    static String describe(PublicKey key) {
        return KeyType.fromKey(key) + " " + sha256Fingerprint(key);
    }

    static String sha256Fingerprint(PublicKey key) {
        byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
