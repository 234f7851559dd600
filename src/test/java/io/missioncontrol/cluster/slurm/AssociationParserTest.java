package io.missioncontrol.cluster.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** sacctmgr's associations, from real dev-cluster output (slurm-output/sacctmgr-assoc-*.txt). */
class AssociationParserTest {

    @Test
    void readsAccountsTheirQosListsAndPartitionsWithAnEmptyPartitionMeaningAny() {
        List<Association> alice = AssociationParser.parse(SlurmOutput.read("sacctmgr-assoc-alice.txt"));

        assertThat(alice).containsExactly(
                new Association("nlp", List.of("high", "normal"), "debug"),
                new Association("nlp", List.of("normal"), null),
                new Association("vision", List.of("high", "normal"), null));
        assertThat(AssociationParser.parse(SlurmOutput.read("sacctmgr-assoc-bob.txt")))
                .containsExactly(new Association("nlp", List.of("normal"), null));
        assertThat(AssociationParser.parse(SlurmOutput.read("sacctmgr-assoc-mlops.txt")))
                .extracting(Association::account).containsExactly("nlp", "vision", "lab");
    }

    @Test
    void aUserWithoutAssociationsHasNone() {
        assertThat(AssociationParser.parse(SlurmOutput.read("sacctmgr-assoc-nobody.txt"))).isEmpty();
        assertThat(AssociationParser.parse("\n\n")).isEmpty();
    }

    @Test
    void theTrailingPipeOfDashPAHeaderLineAndCrLineEndsAreTolerated() {
        List<Association> expected = AssociationParser.parse(SlurmOutput.read("sacctmgr-assoc-alice.txt"));

        assertThat(AssociationParser.parse(SlurmOutput.read("sacctmgr-assoc-alice-trailing-pipe.txt")))
                .isEqualTo(expected);
        assertThat(AssociationParser.parse("Account|QOS|Partition\r\nnlp|high,normal|debug\r\nnlp|normal|\r\n"
                + "vision|high,normal|\r\n")).isEqualTo(expected);
    }

    @Test
    void anEmptyQosListIsEmptyAndRepeatedAssociationsAreMerged() {
        assertThat(AssociationParser.parse("lab||\nlab|normal|\nlab|high,normal|\ngpu-acct| normal , |gpu\n"))
                .containsExactly(new Association("lab", List.of("normal", "high"), null),
                        new Association("gpu-acct", List.of("normal"), "gpu"));
        assertThat(AssociationParser.parse("lab||")).containsExactly(new Association("lab", List.of(), null));
    }

    @Test
    void anythingElseIsRefusedWithTheLine() {
        assertThatThrownBy(() -> AssociationParser.parse("nlp|normal\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sacctmgr line 1: expected account|qos|partition, got nlp|normal");
        assertThatThrownBy(() -> AssociationParser.parse("lab|normal|\n|normal|gpu"))
                .hasMessage("sacctmgr line 2: no account in |normal|gpu");
        assertThatThrownBy(() -> AssociationParser.parse("a|b|c|d"))
                .hasMessageStartingWith("sacctmgr line 1: expected");
    }

    @Test
    void aPartitionsOwnAssociationWinsOverTheOneForEveryPartition() {
        Associations alice = new Associations("alice",
                AssociationParser.parse(SlurmOutput.read("sacctmgr-assoc-alice.txt")));

        assertThat(alice.accounts()).containsExactly("nlp", "vision");
        assertThat(alice.qos("nlp", "debug")).containsExactly("high", "normal");
        assertThat(alice.qos("nlp", "gpu")).containsExactly("normal");
        assertThat(alice.qos("vision", "debug")).containsExactly("high", "normal");
        assertThat(alice.qos("lab", "gpu")).isEmpty();
        assertThat(alice.applying("lab", "gpu")).isEmpty();
        assertThat(alice.qos("gpu")).containsExactly("normal", "high");

        Associations onlyDebug = new Associations("carol", List.of(new Association("ml", List.of("normal"),
                "debug")));
        assertThat(onlyDebug.accounts("gpu")).isEmpty();
        assertThat(onlyDebug.accounts("debug")).containsExactly("ml");
        assertThat(onlyDebug.accounts(null)).containsExactly("ml");
    }
}
