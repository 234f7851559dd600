package io.missioncontrol.account.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missioncontrol.base.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key pairs made by the JDK and by OpenSSH's ssh-keygen (the real tool a member uses). */
class MemberKeysTest {

    @TempDir
    Path dir;

    @Test
    void aGeneratedKeyIsAnEd25519AuthorizedKeysLineNamingMemberAndCluster() throws Exception {
        MemberKeys.Made made = MemberKeys.generate("alice", "dev");

        assertThat(made.publicLine()).matches("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5[A-Za-z0-9+/]+=* "
                + "mission-control:alice@dev");
        KeyPair again = MemberKeys.restore(made.publicLine(), made.keys().getPrivate().getEncoded());
        assertThat(again.getPublic().getEncoded()).isEqualTo(made.keys().getPublic().getEncoded());
        assertThat(again.getPrivate().getEncoded()).isEqualTo(made.keys().getPrivate().getEncoded());
        assertThat(made.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void theLineIsWhatSshKeygenPrintsForTheSameKey() throws Exception {
        Path key = sshKeygen("ed25519", "");
        MemberKeys.Made made = MemberKeys.parseUpload(Files.readString(key), "bob", "dev", "private_key");

        String[] ours = made.publicLine().split(" ");
        String[] theirs = Files.readString(Path.of(key + ".pub")).strip().split(" ");
        assertThat(ours[0]).isEqualTo(theirs[0]);
        assertThat(ours[1]).isEqualTo(theirs[1]);
        assertThat(ours[2]).isEqualTo("mission-control:bob@dev");
        KeyPair again = MemberKeys.restore(made.publicLine(), made.keys().getPrivate().getEncoded());
        assertThat(again.getPrivate().getEncoded()).isEqualTo(made.keys().getPrivate().getEncoded());
    }

    @Test
    void anUploadedRsaKeyWorksToo() throws Exception {
        Path key = sshKeygen("rsa", "");
        MemberKeys.Made made = MemberKeys.parseUpload(Files.readString(key), "bob", "dev", "private_key");

        assertThat(made.publicLine()).startsWith("ssh-rsa ")
                .contains(Files.readString(Path.of(key + ".pub")).split(" ")[1]);
        assertThat(MemberKeys.restore(made.publicLine(), made.keys().getPrivate().getEncoded()).getPrivate()
                .getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void aKeyWithAPassphraseOrNotAKeyIsRefusedNamingTheFieldWithoutEchoingIt() throws Exception {
        String protectedKey = Files.readString(sshKeygen("ed25519", "secret passphrase"));
        assertThatThrownBy(() -> MemberKeys.parseUpload(protectedKey, "bob", "dev", "private_key"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.messageFor("private_key")).contains("passphrase");
                    assertThat(e.getMessage()).doesNotContain(protectedKey.lines().skip(1).findFirst().orElseThrow());
                });
        assertThatThrownBy(() -> MemberKeys.parseUpload("ssh-ed25519 AAAA bob@laptop", "bob", "dev", "private_key"))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.messageFor("private_key")).contains("BEGIN OPENSSH PRIVATE KEY"));
        String truncated = String.join("\n", Files.readString(sshKeygen("ed25519", "")).lines().limit(3).toList());
        assertThatThrownBy(() -> MemberKeys.parseUpload(truncated, "bob", "dev", "private_key"))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.messageFor("private_key")).contains("not a usable"));
    }

    private Path sshKeygen(String type, String passphrase) throws Exception {
        Path key = dir.resolve("id_" + type + "_" + System.nanoTime());
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", "member@laptop",
                "-f", key.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        return key;
    }
}
