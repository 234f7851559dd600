package io.missioncontrol.account.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts secrets at rest with AES-256-GCM: a fresh random 12-byte nonce per value, a 128-bit tag, and
 * associated data that binds each ciphertext to where it belongs (a row's member and cluster), so a ciphertext
 * copied to another row does not open. The master key is outside the database: {@code MISSIONCONTROL_MASTER_KEY}
 * (base64 of 32 bytes) or a key file created with mode 0600 on first start.
 */
public final class SecretBox {

    private static final Logger log = LoggerFactory.getLogger(SecretBox.class);

    /** The environment variable holding the master key. */
    public static final String MASTER_KEY_ENV = "MISSIONCONTROL_MASTER_KEY";
    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A sealed value: ciphertext (with its tag) and the nonce it was sealed with. */
    public record Sealed(byte[] ciphertext, byte[] nonce) {
        public Sealed {
            Objects.requireNonNull(ciphertext, "ciphertext");
            Objects.requireNonNull(nonce, "nonce");
        }

        @Override
        public String toString() {
            return "Sealed[" + ciphertext.length + " bytes]";
        }
    }

    /** A sealed value that does not open: tampered with, moved to another row, or sealed under another master key. */
    public static final class UnreadableSecretException extends RuntimeException {
        UnreadableSecretException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final SecretKey key;

    private SecretBox(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the master key must be " + KEY_BYTES + " bytes, got " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /** A box with the given 32-byte key (tests, tools). */
    public static SecretBox withKey(byte[] key) {
        return new SecretBox(key.clone());
    }

    /**
     * The portal's box: the key from {@code envValue} (the value of {@value #MASTER_KEY_ENV}) when set, else from
     * {@code keyFile}, which is created (32 random bytes, base64, mode 0600) when it does not exist.
     *
     * @throws IllegalStateException the key is malformed (the message says how to fix it, never shows the value)
     */
    public static SecretBox open(String envValue, Path keyFile) {
        if (envValue != null && !envValue.isBlank()) {
            return new SecretBox(decode(envValue, MASTER_KEY_ENV));
        }
        return new SecretBox(decode(readOrCreate(keyFile), "the master key file " + keyFile));
    }

    private static byte[] decode(String base64, String where) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + " is not valid base64; it must be the base64 encoding of "
                    + KEY_BYTES + " random bytes (e.g. `openssl rand -base64 32`)");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalStateException(where + " must be the base64 encoding of " + KEY_BYTES
                    + " random bytes (e.g. `openssl rand -base64 32`), but it decodes to " + key.length + " bytes");
        }
        return key;
    }

    private static String readOrCreate(Path keyFile) {
        try {
            Files.createDirectories(keyFile.toAbsolutePath().getParent());
            if (!Files.exists(keyFile)) {
                byte[] fresh = new byte[KEY_BYTES];
                RANDOM.nextBytes(fresh);
                try {
                    Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(keyFile, Base64.getEncoder().encodeToString(fresh) + "\n");
                    log.info("Created the master key file {} (mode 0600); keep it: without it the members' stored"
                            + " keys cannot be read", keyFile);
                } catch (FileAlreadyExistsException raced) {
                    // another instance created it a moment ago: use that one
                } finally {
                    Arrays.fill(fresh, (byte) 0);
                }
            }
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(keyFile);
                if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                    log.warn("The master key file {} is accessible to other users; restrict it with chmod 600",
                            keyFile);
                }
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            return Files.readString(keyFile, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the master key file " + keyFile, e);
        }
    }

    /** Encrypts {@code plain}, bound to {@code context} (which must be given again to open it). */
    public Sealed seal(byte[] plain, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new Sealed(cipher.doFinal(plain), nonce);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Decrypts a sealed value.
     *
     * @throws UnreadableSecretException it was changed, sealed for another context or under another master key
     */
    public byte[] open(Sealed sealed, String context) {
        if (sealed.nonce().length != NONCE_BYTES) {
            throw new UnreadableSecretException("the stored secret is damaged (its nonce has "
                    + sealed.nonce().length + " bytes)", null);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.nonce()));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed.ciphertext());
        } catch (AEADBadTagException e) {
            throw new UnreadableSecretException("the stored secret cannot be decrypted: it was changed, or it was"
                    + " encrypted under another master key (was " + MASTER_KEY_ENV + " or master.key replaced?)", e);
        } catch (GeneralSecurityException e) {
            throw new UnreadableSecretException("the stored secret cannot be decrypted: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "SecretBox[AES-256-GCM]";
    }
}
