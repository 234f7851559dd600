package io.missioncontrol.account.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {

    private static final String CONTEXT = "cluster_accounts:alice@dev";
    private static final byte[] SECRET = "the private key bytes".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @Test
    void sealedValuesOpenAgainAndEachGetsItsOwnNonce() {
        SecretBox box = SecretBox.withKey(randomKey());
        SecretBox.Sealed a = box.seal(SECRET, CONTEXT);
        SecretBox.Sealed b = box.seal(SECRET, CONTEXT);

        assertThat(box.open(a, CONTEXT)).isEqualTo(SECRET);
        assertThat(box.open(b, CONTEXT)).isEqualTo(SECRET);
        assertThat(a.nonce()).hasSize(12).isNotEqualTo(b.nonce());
        assertThat(a.ciphertext()).isNotEqualTo(b.ciphertext());
        assertThat(new String(a.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("private key");
        assertThat(a.toString()).doesNotContain(Base64.getEncoder().encodeToString(a.ciphertext()));
    }

    @Test
    void aTamperedCiphertextNonceOrContextIsRefused() {
        SecretBox box = SecretBox.withKey(randomKey());
        SecretBox.Sealed sealed = box.seal(SECRET, CONTEXT);

        byte[] flipped = sealed.ciphertext().clone();
        flipped[3] ^= 1;
        assertThatThrownBy(() -> box.open(new SecretBox.Sealed(flipped, sealed.nonce()), CONTEXT))
                .isInstanceOf(SecretBox.UnreadableSecretException.class).hasMessageContaining("changed");
        byte[] otherNonce = sealed.nonce().clone();
        otherNonce[0] ^= 1;
        assertThatThrownBy(() -> box.open(new SecretBox.Sealed(sealed.ciphertext(), otherNonce), CONTEXT))
                .isInstanceOf(SecretBox.UnreadableSecretException.class);
        // copied to bob's row: does not open there
        assertThatThrownBy(() -> box.open(sealed, "cluster_accounts:bob@dev"))
                .isInstanceOf(SecretBox.UnreadableSecretException.class);
        assertThatThrownBy(() -> box.open(new SecretBox.Sealed(sealed.ciphertext(), new byte[5]), CONTEXT))
                .isInstanceOf(SecretBox.UnreadableSecretException.class).hasMessageContaining("nonce");
    }

    @Test
    void anotherMasterKeyIsRefusedWithAHint() {
        SecretBox.Sealed sealed = SecretBox.withKey(randomKey()).seal(SECRET, CONTEXT);

        assertThatThrownBy(() -> SecretBox.withKey(randomKey()).open(sealed, CONTEXT))
                .isInstanceOf(SecretBox.UnreadableSecretException.class)
                .hasMessageContaining("another master key").hasMessageContaining("MISSIONCONTROL_MASTER_KEY");
    }

    @Test
    void theKeyFileIsCreatedOnceWithMode0600AndReused() throws Exception {
        Path file = dir.resolve("data/master.key");
        SecretBox first = SecretBox.open(null, file);

        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
        String content = Files.readString(file);

        SecretBox again = SecretBox.open("", file);
        assertThat(Files.readString(file)).isEqualTo(content);
        assertThat(again.open(first.seal(SECRET, CONTEXT), CONTEXT)).isEqualTo(SECRET);
    }

    @Test
    void theEnvironmentKeyWinsOverTheFile() {
        byte[] key = randomKey();
        Path file = dir.resolve("master.key");
        SecretBox fromEnv = SecretBox.open(Base64.getEncoder().encodeToString(key), file);

        assertThat(file).doesNotExist();
        assertThat(SecretBox.withKey(key).open(fromEnv.seal(SECRET, CONTEXT), CONTEXT)).isEqualTo(SECRET);
    }

    @Test
    void aMalformedEnvironmentKeyIsAClearErrorThatDoesNotShowTheValue() {
        Path file = dir.resolve("master.key");
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);

        assertThatThrownBy(() -> SecretBox.open(shortKey, file)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MISSIONCONTROL_MASTER_KEY").hasMessageContaining("32")
                .hasMessageContaining("16 bytes").hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> SecretBox.open("not base64 at all!", file)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MISSIONCONTROL_MASTER_KEY is not valid base64")
                .hasMessageNotContaining("not base64 at all!");
        assertThat(file).doesNotExist();
    }
}
