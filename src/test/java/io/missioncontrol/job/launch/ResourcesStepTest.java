package io.missioncontrol.job.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.base.InvalidInputException.FieldError;
import io.missioncontrol.cluster.slurm.SlurmResources;
import io.missioncontrol.cluster.slurm.SlurmRules;
import io.missioncontrol.project.MlopsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Launch step 2 against a scripted cluster: the rule book first, then the cluster's partitions and GPUs. */
class ResourcesStepTest {

    final ScriptedLaunchGateway cluster = new ScriptedLaunchGateway();
    final ResourcesStep step = new ResourcesStep(cluster);
    final List<FieldError> errors = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void aClusterWithADefaultCpuPartitionAndAGpuPartition() {
        cluster.partition("debug", true).partition("gpu", false)
                .gpus("gpu", "a100", 2, 2).gpus("gpu", "a6000", 4, 1);
    }

    @Test
    void anUnknownClusterIsNamedWithTheConfiguredOnes() {
        assertThat(step.cluster("elsewhere", errors)).isNull();
        assertThat(step.cluster(" ", errors)).isNull();

        assertThat(errors).containsExactly(
                new FieldError("cluster", "no cluster named 'elsewhere'; configured: [dev]"),
                new FieldError("cluster", "is required"));
    }

    @Test
    void resourcesTheRuleBookRefusesAreRefusedNamingTheField() {
        LaunchRequest request = LaunchSteps.request("train", null, null, -1, "lots", Map.of(), List.of(), false);

        step.asked(request, MlopsConfig.Resources.NONE, errors);

        assertThat(errors).extracting(FieldError::field).containsExactly("gpus_per_node", "memory");
        assertThat(errors).containsExactly(SlurmRules.gpusPerNode(-1).problem().orElseThrow(),
                SlurmRules.memory("lots").problem().orElseThrow());
    }

    @Test
    void whatTheRequestLeavesOpenComesFromTheCommittedDefaults() {
        MlopsConfig.Resources defaults = new MlopsConfig.Resources("gpu", "04:00:00", 8, "32g", 2, 1, "a6000");

        ResourcesStep.Asked asked = step.asked(LaunchSteps.request("train"), defaults, errors);
        String partition = step.onCluster(asked, cluster.dev, errors, warnings);
        SlurmResources resources = asked.resources("train", partition);

        assertThat(errors).isEmpty();
        assertThat(resources.partition()).isEqualTo("gpu");
        assertThat(resources.gpuType()).isEqualTo("a6000");
        assertThat(resources.gpusPerNode()).isEqualTo(2);
        assertThat(resources.cpusPerTask()).isEqualTo(8);
        assertThat(resources.memory().text()).isEqualTo("32G"); // 32g is 32G
        assertThat(resources.timeLimit().text()).isEqualTo("04:00:00");
    }

    @Test
    void noPartitionAskedMeansTheClustersDefault() {
        ResourcesStep.Asked asked = step.asked(LaunchSteps.request("train"), MlopsConfig.Resources.NONE, errors);

        assertThat(step.onCluster(asked, cluster.dev, errors, warnings)).isEqualTo("debug");
        assertThat(errors).isEmpty();
        assertThat(cluster.asked).containsExactly("partitions"); // no GPUs asked for: availability is not fetched
    }

    @Test
    void anUnknownPartitionIsNamedWithTheClustersPartitions() {
        ResourcesStep.Asked asked = step.asked(LaunchSteps.request("train", "huge", null, null, null, Map.of(),
                List.of(), false), MlopsConfig.Resources.NONE, errors);

        step.onCluster(asked, cluster.dev, errors, warnings);

        assertThat(errors).containsExactly(new FieldError("partition", "no partition 'huge' on dev; it has [debug, gpu]"));
    }

    @Test
    void aPartitionNameSlurmWouldNotTakeIsNotLookedForOnTheCluster() {
        ResourcesStep.Asked asked = step.asked(LaunchSteps.request("train", "gpu;reboot", null, null, null, Map.of(),
                List.of(), false), MlopsConfig.Resources.NONE, errors);

        step.onCluster(asked, cluster.dev, errors, warnings);

        assertThat(errors).containsExactly(SlurmRules.partition("gpu;reboot").problem().orElseThrow());
        assertThat(errors.getFirst().field()).isEqualTo("partition");
        assertThat(cluster.asked).isEmpty();
    }

    @Test
    void moreGpusThanAreFreeIsAWarningThatTheJobWillWaitNotARefusal() {
        ResourcesStep.Asked asked = step.asked(LaunchSteps.request("train", "gpu", "a6000", 3, null, Map.of(),
                List.of(), false), MlopsConfig.Resources.NONE, errors);

        step.onCluster(asked, cluster.dev, errors, warnings);

        assertThat(errors).isEmpty();
        assertThat(warnings).containsExactly("You ask for 3 a6000 GPUs but 1 is free now: the job will wait in the queue.");
    }

    @Test
    void gpusThatAreFreeNeedNoWarning() {
        ResourcesStep.Asked asked = step.asked(LaunchSteps.request("train", "gpu", null, 3, null, Map.of(),
                List.of(), false), MlopsConfig.Resources.NONE, errors);

        step.onCluster(asked, cluster.dev, errors, warnings);

        assertThat(errors).isEmpty();
        assertThat(warnings).isEmpty(); // 2 a100 + 1 a6000 free, any type
    }

    @Test
    void aGpuTypeThePartitionDoesNotOfferIsNamedWithTheTypesItHas() {
        ResourcesStep.Asked asked = step.asked(LaunchSteps.request("train", "gpu", "h100", 1, null, Map.of(),
                List.of(), false), MlopsConfig.Resources.NONE, errors);

        step.onCluster(asked, cluster.dev, errors, warnings);

        assertThat(errors).containsExactly(new FieldError("gpu_type",
                "partition 'gpu' offers no GPU type 'h100'; it has [a100, a6000]"));
    }

    @Test
    void gpusOnAPartitionWithoutGpusAreRefused() {
        ResourcesStep.Asked asked = step.asked(LaunchSteps.request("train", "debug", null, 1, null, Map.of(),
                List.of(), false), MlopsConfig.Resources.NONE, errors);

        step.onCluster(asked, cluster.dev, errors, warnings);

        assertThat(errors).containsExactly(new FieldError("gpus_per_node", "partition 'debug' has no GPUs"));
    }

    @Test
    void anUnknownClusterIsNotAsked() {
        ResourcesStep.Asked asked = step.asked(LaunchSteps.request("train"), MlopsConfig.Resources.NONE, errors);
        step.cluster("elsewhere", errors);

        assertThat(step.onCluster(asked, null, errors, warnings)).isNull();
        assertThat(cluster.asked).isEmpty();
    }
}
