package io.missioncontrol.account.identity;

import com.hierynomus.sshj.userauth.keyprovider.OpenSSHKeyV1KeyFile;
import io.missioncontrol.base.InvalidInputException;
import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;

/**
 * Members' SSH key pairs: made with the JDK ({@code Ed25519}), or read from an uploaded unencrypted OpenSSH private
 * key. What is stored is the private key's PKCS#8 encoding (encrypted by {@link SecretBox}) and the public key as
 * its {@code authorized_keys} line, from which the key pair is put together again in memory.
 */
final class MemberKeys {

    /** Uploaded key files larger than this are refused before parsing. */
    static final int MAX_UPLOAD_CHARS = 16_000;

    /** A key pair with its {@code authorized_keys} line. */
    record Made(KeyPair keys, String publicLine) {
        @Override
        public String toString() {
            return "Made[" + publicLine + "]";
        }
    }

    private MemberKeys() {
    }

    static Made generate(String username, String cluster) {
        try {
            KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new Made(keys, publicLine(keys.getPublic(), username, cluster));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make Ed25519 keys", e);
        }
    }

    /**
     * Reads an uploaded OpenSSH private key ({@code -----BEGIN OPENSSH PRIVATE KEY-----}, no passphrase).
     *
     * @throws InvalidInputException naming {@code field} when it is not one
     */
    static Made parseUpload(String text, String username, String cluster, String field) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(field, "must be an OpenSSH private key");
        }
        if (text.length() > MAX_UPLOAD_CHARS) {
            throw new InvalidInputException(field, "is too long for a private key (at most " + MAX_UPLOAD_CHARS
                    + " characters)");
        }
        if (!text.strip().startsWith("-----BEGIN OPENSSH PRIVATE KEY-----")) {
            throw new InvalidInputException(field, "must be an OpenSSH private key (the file that starts with"
                    + " -----BEGIN OPENSSH PRIVATE KEY-----, e.g. made by ssh-keygen -t ed25519)");
        }
        OpenSSHKeyV1KeyFile file = new OpenSSHKeyV1KeyFile();
        file.init(new StringReader(text.strip() + "\n"), (net.schmizz.sshj.userauth.password.PasswordFinder) null);
        try {
            PrivateKey priv = file.getPrivate();
            PublicKey pub = file.getPublic();
            if (priv.getEncoded() == null) {
                throw new InvalidInputException(field, "holds a key type the portal cannot store");
            }
            return new Made(new KeyPair(pub, priv), publicLine(pub, username, cluster));
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException invalid) {
                throw invalid;
            }
            // never echo the key or the parser's text about its content
            throw new InvalidInputException(field, "is not a usable OpenSSH private key (it must be complete and"
                    + " not protected by a passphrase; remove one with ssh-keygen -p)");
        }
    }

    /** {@code <type> <base64 blob> mission-control:<username>@<cluster>}, as it goes into authorized_keys. */
    static String publicLine(PublicKey pub, String username, String cluster) {
        byte[] blob = new Buffer.PlainBuffer().putPublicKey(pub).getCompactData();
        return KeyType.fromKey(pub) + " " + Base64.getEncoder().encodeToString(blob) + " mission-control:"
                + username + "@" + cluster;
    }

    /** The key pair again, from the stored public line and the decrypted PKCS#8 private key. */
    static KeyPair restore(String publicLine, byte[] pkcs8) throws GeneralSecurityException {
        String[] parts = publicLine.split(" ");
        PublicKey pub;
        try {
            pub = new Buffer.PlainBuffer(Base64.getDecoder().decode(parts[1])).readPublicKey();
        } catch (Buffer.BufferException | RuntimeException e) {
            throw new GeneralSecurityException("the stored public key cannot be read", e);
        }
        String algorithm = switch (KeyType.fromString(parts[0])) {
            case ED25519 -> "Ed25519";
            case RSA -> "RSA";
            case ECDSA256, ECDSA384, ECDSA521 -> "EC";
            default -> throw new GeneralSecurityException("unsupported key type " + parts[0]);
        };
        PrivateKey priv = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        return new KeyPair(pub, priv);
    }
}
