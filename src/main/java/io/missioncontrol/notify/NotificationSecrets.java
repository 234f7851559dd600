package io.missioncontrol.notify;

import io.missioncontrol.account.identity.SecretBox;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;

/**
 * The one place notification secrets (Slack webhook and ntfy URLs) are encrypted and decrypted: AES-256-GCM with
 * the portal's master key ({@code MISSIONCONTROL_MASTER_KEY} or {@code <data-dir>/master.key}, shared with the
 * members' cluster keys), each value bound to its member and channel so a ciphertext moved to another row does
 * not open.
 */
@Component
class NotificationSecrets {

    private final SecretBox box;

    NotificationSecrets(SecretBox box) {
        this.box = box;
    }

    SecretBox.Sealed seal(String plain, String member, Channel channel) {
        return box.seal(plain.getBytes(StandardCharsets.UTF_8), context(member, channel));
    }

    String open(byte[] ciphertext, byte[] nonce, String member, Channel channel) {
        return new String(box.open(new SecretBox.Sealed(ciphertext, nonce), context(member, channel)),
                StandardCharsets.UTF_8);
    }

    private static String context(String member, Channel channel) {
        return "notification:" + member + ":" + channel.name();
    }
}
