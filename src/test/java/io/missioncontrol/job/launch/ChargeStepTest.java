package io.missioncontrol.job.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.base.InvalidInputException.FieldError;
import io.missioncontrol.cluster.ChargeDefaults;
import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.project.MlopsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Launch step 2b against a scripted cluster: charge account, QoS and constraint layered cluster &lt; partition &lt;
 * project &lt; the member's choice, then checked against the launching identity's associations.
 */
class ChargeStepTest {

    final ScriptedLaunchGateway cluster = new ScriptedLaunchGateway();
    final ChargeStep step = new ChargeStep(cluster);
    final List<FieldError> errors = new ArrayList<>();

    @BeforeEach
    void aMemberInVisionAndNlpWithHighQosOnlyInVisionAndOnDebug() {
        cluster.association("nlp", "debug", "high", "normal").association("nlp", null, "normal")
                .association("vision", null, "high", "normal");
        // clusters.yaml: vision/normal for the cluster, account nlp on partition debug
        cluster.dev = withCharge(cluster.dev, new ChargeDefaults("vision", "normal",
                Map.of("debug", new ChargeDefaults("nlp", null, Map.of()))));
    }

    private static ClusterDefinition withCharge(ClusterDefinition c, ChargeDefaults charge) {
        return new ClusterDefinition(c.name(), c.displayName(), c.description(), c.host(), c.port(), c.user(),
                c.keyPath(), c.knownHosts(), c.hostKeyPolicy(), c.workspace(), c.partitions(), c.gpuTypes(),
                c.template(), charge, c.runAs(), c.login());
    }

    private static LaunchRequest request(String account, String qos, String constraint) {
        return new LaunchRequest("project", "train", null, ScriptedLaunchGateway.CLUSTER, null, null, null, 0, null,
                null, null, account, qos, constraint, Map.of(), List.of(), false, null);
    }

    private static MlopsConfig.Resources project(String account, String qos, String constraint) {
        return new MlopsConfig.Resources(null, null, null, null, null, null, null, account, qos, constraint);
    }

    @Test
    void theClusterDefaultAppliesWhenNothingElseSetsAValue() {
        ChargeStep.Charge charge = step.check(request(null, null, null), MlopsConfig.Resources.NONE, cluster.dev,
                "gpu", errors);

        assertThat(errors).isEmpty();
        assertThat(charge).isEqualTo(new ChargeStep.Charge("vision", "normal", null));
    }

    @Test
    void aPartitionsDefaultWinsOverTheClustersForThatValueOnly() {
        ChargeStep.Charge charge = step.check(request(null, null, null), MlopsConfig.Resources.NONE, cluster.dev,
                "debug", errors);

        assertThat(errors).isEmpty();
        assertThat(charge).isEqualTo(new ChargeStep.Charge("nlp", "normal", null));
    }

    @Test
    void theProjectWinsOverTheClusterAndTheMembersChoiceOverTheProject() {
        MlopsConfig.Resources committed = project("nlp", "high", "a100&ib");

        assertThat(step.check(request(null, null, null), committed, cluster.dev, "debug", errors))
                .isEqualTo(new ChargeStep.Charge("nlp", "high", "a100&ib"));
        assertThat(step.check(request("vision", null, "a6000"), committed, cluster.dev, "gpu", errors))
                .isEqualTo(new ChargeStep.Charge("vision", "high", "a6000"));
        assertThat(errors).isEmpty();
    }

    @Test
    void blankInTheRequestMeansSlurmsDefaultAndSkipsEveryLayerBelow() {
        ChargeStep.Charge charge = step.check(request("", " ", ""), project("nlp", "high", "a100"), cluster.dev,
                "debug", errors);

        assertThat(errors).isEmpty();
        assertThat(charge).isEqualTo(ChargeStep.Charge.NONE);
        assertThat(cluster.asked).as("nothing to check, nothing asked").doesNotContain("associations");
    }

    @Test
    void anAccountTheMemberHasNoAssociationForIsRefusedNamingAccountWithTheAllowedOnes() {
        step.check(request("lab", null, null), MlopsConfig.Resources.NONE, cluster.dev, "gpu", errors);

        assertThat(errors).containsExactly(new FieldError("account", "SLURM account 'lab' is not one 'mlops' may "
                + "charge on dev in partition 'gpu'; allowed: nlp, vision"));
    }

    @Test
    void aQosNotAllowedWithTheAccountIsRefusedNamingQosWithTheAllowedOnes() {
        step.check(request("nlp", "high", null), MlopsConfig.Resources.NONE, cluster.dev, "gpu", errors);

        assertThat(errors).containsExactly(new FieldError("qos", "QoS 'high' is not allowed with account 'nlp' on "
                + "dev in partition 'gpu'; allowed: normal"));
    }

    @Test
    void thePartitionsOwnAssociationDecidesInThatPartition() {
        ChargeStep.Charge charge = step.check(request("nlp", "high", null), MlopsConfig.Resources.NONE, cluster.dev,
                "debug", errors);

        assertThat(errors).isEmpty();
        assertThat(charge.qos()).isEqualTo("high");
    }

    @Test
    void aRefusedDefaultSaysWhichLayerItCameFrom() {
        step.check(request("nlp", null, null), MlopsConfig.Resources.NONE,
                withCharge(cluster.dev, new ChargeDefaults(null, "high", Map.of())), "gpu", errors);
        step.check(request(null, null, null), project("lab", null, null), cluster.dev, "gpu", errors);

        assertThat(errors).containsExactly(
                new FieldError("qos", "QoS 'high' (the cluster's default in clusters.yaml) is not allowed with "
                        + "account 'nlp' on dev in partition 'gpu'; allowed: normal"),
                new FieldError("account", "SLURM account 'lab' (from the project's .mlops-config.yaml) is not one "
                        + "'mlops' may charge on dev in partition 'gpu'; allowed: nlp, vision"));
    }

    @Test
    void aQosWithoutAccountMustBeAllowedWithSomeAccount() {
        cluster.dev = withCharge(cluster.dev, ChargeDefaults.NONE);

        step.check(request(null, "high", null), MlopsConfig.Resources.NONE, cluster.dev, "gpu", errors);
        step.check(request(null, "urgent", null), MlopsConfig.Resources.NONE, cluster.dev, "gpu", errors);

        assertThat(errors).containsExactly(new FieldError("qos", "QoS 'urgent' is not allowed for 'mlops' with any "
                + "account on dev in partition 'gpu'; allowed: normal, high"));
    }

    @Test
    void aMemberWithoutAnyAssociationIsToldToAskForOne() {
        cluster.associations.clear();

        step.check(request("vision", null, null), MlopsConfig.Resources.NONE, cluster.dev, "gpu", errors);

        assertThat(errors).containsExactly(new FieldError("account", "SLURM account 'vision' is not one 'mlops' may "
                + "charge on dev in partition 'gpu'; 'mlops' has no SLURM association there (ask the cluster's "
                + "administrator for one)"));
    }

    @Test
    void aConstraintOutsideSlurmsFeatureSyntaxIsRefusedNamingConstraintAndNothingIsAsked() {
        cluster.dev = withCharge(cluster.dev, ChargeDefaults.NONE);

        step.check(request(null, null, "gpu && $(reboot)"), MlopsConfig.Resources.NONE, cluster.dev, "gpu", errors);
        step.check(request("a b", "x'y", null), MlopsConfig.Resources.NONE, cluster.dev, "gpu", errors);

        assertThat(errors).extracting(FieldError::field).containsExactly("constraint", "account", "qos");
        assertThat(errors.getFirst().message()).startsWith("must be a SLURM feature expression");
        assertThat(cluster.asked).doesNotContain("associations");
    }

    @Test
    void withoutAPartitionOrClusterOnlyTheLayersAboveApply() {
        assertThat(step.check(request(null, null, null), MlopsConfig.Resources.NONE, cluster.dev, null, errors))
                .isEqualTo(new ChargeStep.Charge("vision", "normal", null));
        assertThat(step.check(request(null, null, "a100"), project("nlp", null, null), null, null, errors))
                .isEqualTo(new ChargeStep.Charge("nlp", null, "a100"));
        assertThat(errors).isEmpty();
    }

    @Test
    void theClusterIsNotAskedWhenThePartitionOrClusterIsAlreadyWrong() {
        errors.add(new FieldError("partition", "no partition 'nope' on dev; it has [debug, gpu]"));

        ChargeStep.Charge charge = step.check(request("lab", null, null), MlopsConfig.Resources.NONE, cluster.dev,
                "nope", errors);

        assertThat(charge.account()).isEqualTo("lab");
        assertThat(errors).hasSize(1);
        assertThat(cluster.asked).isEmpty();
    }
}
