package io.missioncontrol.project.hydra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HydraConfigLoaderTest {

    @TempDir
    Path project;

    private HydraConfig load() {
        return HydraConfigLoader.load(project).orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @Nested
    class FindingThePrimaryConfig {

        @Test
        void commonLayoutsAreTriedInOrderAndTheFirstFoundWins() {
            Projects.write(project, "conf/config.yaml", "a: conf\n", "configs/config.yaml", "a: configs\n");

            HydraConfig config = load();

            assertThat(config.configPath()).isEqualTo("configs");
            assertThat(config.configName()).isEqualTo("config");
            assertThat(config.values()).containsExactly(entry("a", "configs"));
        }

        @Test
        void trainYamlComesBeforeConfigYamlInTheSameFolder() {
            Projects.write(project, "configs/config.yaml", "a: config\n", "configs/train.yaml", "a: train\n");

            assertThat(load().configName()).isEqualTo("train");
        }

        @Test
        void confTrainYamlIsTheLastCommonLayout() {
            Projects.write(project, "conf/train.yaml", "a: 1\n");

            assertThat(load().configPath()).isEqualTo("conf");
        }

        @Test
        void aMissingConfigIsAResultNamingEveryFileLookedAt() {
            Projects.write(project, "README.md", "no hydra here\n");

            HydraLoadResult result = HydraConfigLoader.load(project);

            assertThat(result).isInstanceOf(HydraLoadResult.NotFound.class);
            assertThat(result.message()).isEqualTo("no Hydra config found (looked at configs/train.yaml, "
                    + "configs/config.yaml, conf/config.yaml, config/config.yaml, conf/train.yaml)");
        }

        @Test
        void theConfiguredPathAndNameAreUsedAsGiven() {
            Projects.write(project, "src/cfg/main.yaml", "a: 1\n", "configs/train.yaml", "a: 2\n");

            HydraConfig config = HydraConfigLoader.load(project, "src/cfg", "main").orElseThrow();

            assertThat(config.configPath()).isEqualTo("src/cfg");
            assertThat(config.configName()).isEqualTo("main");
            assertThat(config.values()).containsExactly(entry("a", 1));
        }

        @Test
        void theConfiguredNameMayEndInYamlAndThePathStartWithDotSlash() {
            Projects.write(project, "cfg/main.yaml", "a: 1\n");

            HydraConfig config = HydraConfigLoader.load(project, "./cfg/", "main.yaml").orElseThrow();

            assertThat(config.configPath()).isEqualTo("cfg");
            assertThat(config.configName()).isEqualTo("main");
        }

        @Test
        void aConfiguredPathAloneIsSearchedForTrainThenConfig() {
            Projects.write(project, "cfg/config.yaml", "a: 1\n");

            HydraLoadResult result = HydraConfigLoader.load(project, "cfg", null);

            assertThat(result.orElseThrow().configName()).isEqualTo("config");
        }

        @Test
        void aConfiguredNameAloneIsSearchedInTheCommonFolders() {
            HydraLoadResult result = HydraConfigLoader.load(project, null, "pretrain");

            assertThat(result.message()).isEqualTo(
                    "no Hydra config found (looked at configs/pretrain.yaml, conf/pretrain.yaml, config/pretrain.yaml)");
        }

        @Test
        void aConfigAtTheProjectRootHasAnEmptyConfigPath() {
            Projects.write(project, "config.yaml", "a: 1\n");

            HydraConfig config = HydraConfigLoader.load(project, ".", "config").orElseThrow();

            assertThat(config.configPath()).isEmpty();
        }

        @Test
        void aConfigPathLeavingTheProjectIsRefused() {
            HydraLoadResult result = HydraConfigLoader.load(project, "../elsewhere", "train");

            assertThat(result).isInstanceOf(HydraLoadResult.Invalid.class);
            assertThat(result.message()).contains("config_path '../elsewhere' must be a relative path inside the project");
        }

        @Test
        void anAbsoluteConfigPathIsRefused() {
            assertThat(HydraConfigLoader.load(project, "/etc", "passwd").message())
                    .contains("must be a relative path inside the project");
        }

        @Test
        void aConfigNameLeavingTheConfigFolderIsRefused() {
            Projects.write(project, "configs/train.yaml", "a: 1\n");

            assertThat(HydraConfigLoader.load(project, "configs", "../../secret").message())
                    .contains("config_name '../../secret' must be a relative path inside the project");
        }

        @Test
        void aProjectFolderThatDoesNotExistIsAnInvalidResult() {
            HydraLoadResult result = HydraConfigLoader.load(project.resolve("missing"));

            assertThat(result).isInstanceOf(HydraLoadResult.Invalid.class);
            assertThat(result.message()).contains("cannot be read");
        }
    }

    @Nested
    class TheVisionFixture {

        private final HydraConfig config = Projects.vision();

        @Test
        void groupsAreEveryOptionFolderSortedWithTheirDefaults() {
            assertThat(config.groups()).containsExactly(
                    new HydraGroup("dataset", List.of("cifar10", "imagenet"), "cifar10", true),
                    new HydraGroup("experiment", List.of("big_resnet", "quick"), null, true),
                    new HydraGroup("model", List.of("cnn", "mlp", "resnet"), "cnn", true),
                    new HydraGroup("model/optimizer", List.of("adam", "sgd"), "adam", true),
                    new HydraGroup("trainer", List.of("default", "fast"), "default", true));
        }

        @Test
        void hydrasOwnGroupsAndSettingsAreLeftOut() {
            assertThat(config.hasGroup("hydra/launcher")).isFalse();
            assertThat(config.values()).doesNotContainKey("hydra");
        }

        @Test
        void valuesFollowTheDefaultsListOrderWithThePrimaryMergedAtSelf() {
            assertThat(config.values().keySet()).containsExactly(
                    "model", "dataset", "trainer", "seed", "run_name", "tags", "notes", "debug", "output_dir");
            assertThat(map(config.values().get("model")).keySet())
                    .containsExactly("optimizer", "name", "channels", "dropout", "lr");
        }

        @Test
        void selfAfterTheGroupsLetsThePrimaryOverrideGroupValues() {
            assertThat(config.find("trainer.max_epochs")).contains(ValueInfo.of(20));
            assertThat(config.find("trainer.devices")).contains(ValueInfo.of(1));
        }

        @Test
        void nestedGroupsArePlacedAtTheirGroupPath() {
            assertThat(map(map(config.values().get("model")).get("optimizer")))
                    .containsExactly(entry("name", "adam"), entry("betas", List.of(0.9, 0.999)), entry("weight_decay", 0.0));
        }

        @Test
        void interpolationsAndMissingValuesAreKeptAsText() {
            assertThat(config.find("dataset.root")).contains(ValueInfo.of("${oc.env:DATA_DIR,/data}/cifar10"));
            assertThat(config.find("output_dir")).contains(ValueInfo.of("${hydra:runtime.output_dir}"));
            assertThat(config.find("tags")).contains(ValueInfo.of(List.of("vision", "${model.name}")));
            assertThat(config.find("notes").orElseThrow().missing()).isTrue();
            assertThat(config.find("dataset.root").orElseThrow().interpolation()).isTrue();
        }

        @Test
        void valuesKeepTheirYamlTypes() {
            Map<String, ValueInfo> flat = config.flattened();

            assertThat(flat.get("seed")).isEqualTo(new ValueInfo(42, ValueType.INT));
            assertThat(flat.get("model.lr")).isEqualTo(new ValueInfo(0.001, ValueType.FLOAT));
            assertThat(flat.get("model.dropout")).isEqualTo(new ValueInfo(0.1, ValueType.FLOAT));
            assertThat(flat.get("debug")).isEqualTo(new ValueInfo(false, ValueType.BOOL));
            assertThat(flat.get("trainer.precision")).isEqualTo(new ValueInfo("16-mixed", ValueType.STRING));
            assertThat(flat.get("trainer.gradient_clip_val")).isEqualTo(new ValueInfo(null, ValueType.NULL));
            assertThat(flat.get("model.channels")).isEqualTo(new ValueInfo(List.of(32, 64), ValueType.LIST));
        }

        @Test
        void theFlattenedViewHasOneEntryPerLeafInConfigOrder() {
            assertThat(config.flattened().keySet()).containsExactly(
                    "model.optimizer.name", "model.optimizer.betas", "model.optimizer.weight_decay",
                    "model.name", "model.channels", "model.dropout", "model.lr",
                    "dataset.name", "dataset.root", "dataset.batch_size", "dataset.num_workers", "dataset.image_size",
                    "trainer.max_epochs", "trainer.devices", "trainer.precision", "trainer.gradient_clip_val",
                    "trainer.deterministic",
                    "seed", "run_name", "tags", "notes", "debug", "output_dir");
        }

        @Test
        void findReachesMapsListItemsAndNullValues() {
            assertThat(config.find("model.optimizer").orElseThrow().type()).isEqualTo(ValueType.MAP);
            assertThat(config.find("model.channels.1")).contains(ValueInfo.of(64));
            assertThat(config.find("trainer.gradient_clip_val")).contains(ValueInfo.of(null));
            assertThat(config.find("model.channels.2")).isEmpty();
            assertThat(config.find("model.nope")).isEmpty();
        }

        @Test
        void theComposedValuesCannotBeChanged() {
            assertThat(config.values()).isUnmodifiable();
            assertThat(map(config.values().get("model"))).isUnmodifiable();
        }
    }

    @Nested
    class ComposingWithOtherChoices {

        private final HydraConfig vision = Projects.vision();

        private HydraConfig with(String... groupsAndOptions) {
            Map<String, String> choices = new java.util.LinkedHashMap<>();
            for (int i = 0; i < groupsAndOptions.length; i += 2) {
                choices.put(groupsAndOptions[i], groupsAndOptions[i + 1]);
            }
            return vision.withChoices(choices).orElseThrow();
        }

        @Test
        void anotherOptionReplacesTheGroupsValuesAndItsNestedDefaultsFollow() {
            HydraConfig mlp = with("model", "mlp");

            // mlp.yaml has no _self_: its own values come after its defaults
            assertThat(map(mlp.values().get("model"))).containsExactly(
                    entry("optimizer", Map.of("name", "sgd", "momentum", 0.9, "nesterov", true)),
                    entry("name", "mlp"), entry("hidden", 256), entry("lr", 0.01));
            assertThat(mlp.find("model.channels")).isEmpty();
            assertThat(mlp.group("model").orElseThrow().defaultOption()).isEqualTo("mlp");
            assertThat(mlp.group("model/optimizer").orElseThrow().defaultOption()).isEqualTo("sgd");
            assertThat(mlp.values().keySet()).containsExactly(
                    "model", "dataset", "trainer", "seed", "run_name", "tags", "notes", "debug", "output_dir");
            assertThat(mlp.find("trainer.max_epochs")).as("the primary's _self_ still comes last").contains(ValueInfo.of(20));
        }

        @Test
        void theConfigItselfIsLeftAsItWas() {
            with("model", "mlp");

            assertThat(vision.find("model.name")).contains(ValueInfo.of("cnn"));
            assertThat(vision.choices()).isEmpty();
        }

        @Test
        void aNestedGroupCanBeChosenOnItsOwnOrAgainstItsParentsDefault() {
            assertThat(with("model/optimizer", "sgd").find("model.optimizer.name")).contains(ValueInfo.of("sgd"));
            assertThat(with("model/optimizer", "sgd").find("model.name")).contains(ValueInfo.of("cnn"));

            HydraConfig mlpWithAdam = with("model", "mlp", "model/optimizer", "adam");
            assertThat(map(mlpWithAdam.values().get("model")).get("optimizer"))
                    .isEqualTo(Map.of("name", "adam", "betas", List.of(0.9, 0.999), "weight_decay", 0.0));
            assertThat(mlpWithAdam.find("model.hidden")).contains(ValueInfo.of(256));
        }

        @Test
        void anExperimentOverridesTheGroupsItNamesAndItsGlobalValuesComeBeforeThePrimarysSelf() {
            HydraConfig big = with("experiment", "big_resnet");

            assertThat(big.group("model").orElseThrow().defaultOption()).isEqualTo("resnet");
            assertThat(big.group("dataset").orElseThrow().defaultOption()).isEqualTo("imagenet");
            assertThat(big.group("experiment").orElseThrow().defaultOption()).isEqualTo("big_resnet");
            assertThat(big.find("model.name")).contains(ValueInfo.of("resnet"));
            assertThat(big.find("model.depth")).as("from the experiment").contains(ValueInfo.of(101));
            assertThat(big.find("dataset.image_size")).contains(ValueInfo.of(224));
            // train.yaml lists experiment before _self_: its own seed and max_epochs win
            assertThat(big.find("seed")).contains(ValueInfo.of(42));
            assertThat(big.find("trainer.max_epochs")).contains(ValueInfo.of(20));
        }

        @Test
        void aChoiceOnTheCommandLineWinsOverAnExperimentsOverride() {
            HydraConfig config = with("experiment", "big_resnet", "model", "mlp");

            assertThat(config.group("model").orElseThrow().defaultOption()).isEqualTo("mlp");
            assertThat(map(config.values().get("model"))).containsOnlyKeys("optimizer", "name", "hidden", "lr", "depth");
            assertThat(config.find("model.depth")).contains(ValueInfo.of(101));
            assertThat(config.find("dataset.name")).contains(ValueInfo.of("imagenet"));
        }

        @Test
        void anExperimentOverridingAnotherGroupMergesItsOptionAtItsPlace() {
            HydraConfig quick = with("experiment", "quick");

            assertThat(map(quick.values().get("trainer"))).containsExactly(
                    entry("max_epochs", 20), entry("devices", 1), entry("precision", 32), entry("limit_train_batches", 0.1));
            assertThat(quick.find("run_name")).contains(ValueInfo.of("baseline"));
        }

        @Test
        void aBlankOrNullChoiceLoadsNothingForTheGroup() {
            HydraConfig none = with("model", "");

            assertThat(none.values()).doesNotContainKey("model");
            assertThat(none.group("model").orElseThrow().defaultOption()).isNull();
            assertThat(none.group("model").orElseThrow().inDefaultsList()).isTrue();
            assertThat(with("dataset", "null").values()).doesNotContainKey("dataset");
        }

        @Test
        void choicesAddUpAndAGroupChosenAgainIsChosenAnew() {
            HydraConfig config = vision.withChoices(Map.of("model", "mlp")).orElseThrow()
                    .withChoices(Map.of("model/optimizer", "adam")).orElseThrow()
                    .withChoices(Map.of("model", "resnet")).orElseThrow();

            assertThat(config.choices()).containsExactly(entry("model/optimizer", "adam"), entry("model", "resnet"));
            assertThat(config.find("model.name")).contains(ValueInfo.of("resnet"));
            assertThat(config.find("model.optimizer.name")).contains(ValueInfo.of("adam"));
        }

        @Test
        void choosingTheDefaultsGivesAnEqualConfig() {
            assertThat(with("model", "cnn", "dataset", "cifar10")).isEqualTo(vision).hasSameHashCodeAs(vision);
            assertThat(with("model", "mlp")).isNotEqualTo(vision);
        }

        @Test
        void theLoaderComposesWithChoicesToo() {
            HydraLoadResult result = HydraConfigLoader.load(Projects.fixture("vision"), "configs", "train", Map.of("model", "mlp"));

            assertThat(result.orElseThrow()).isEqualTo(with("model", "mlp"));
            assertThat(HydraConfigLoader.load(Projects.fixture("vision"), null, null, Map.of()).orElseThrow()).isEqualTo(vision);
        }

        @Test
        void unknownGroupsAndOptionsGetTheMessagesValidationGives() {
            HydraLoadResult result = vision.withChoices(Map.of("modle", "mlp"));
            assertThat(result).isInstanceOf(HydraLoadResult.Invalid.class);
            assertThat(result.message()).isEqualTo("unknown group 'modle' — did you mean 'model'?");

            assertThat(vision.withChoices(Map.of("model", "vit")).message()).isEqualTo("option 'vit' not in model: cnn, mlp, resnet");
            assertThat(vision.withChoices(Map.of("model/optimizer", "adamw")).message())
                    .isEqualTo("option 'adamw' not in model/optimizer: adam, sgd — did you mean 'adam'?");
            assertThat(HydraConfigLoader.load(Projects.fixture("vision"), "configs", "train", Map.of("model", "vit")).message())
                    .isEqualTo("option 'vit' not in model: cnn, mlp, resnet");
            assertThat(HydraOverrides.validateText(vision, List.of("model=vit"))).extracting(OverrideProblem::message)
                    .containsExactly("option 'vit' not in model: cnn, mlp, resnet");
        }

        @Test
        void aGroupOutsideTheDefaultsListIsAddedAfterThePrimarysSelf() {
            Projects.write(project,
                    "configs/train.yaml", "seed: 1\nlr: 0.1\n",
                    "configs/experiment/big.yaml", "# @package _global_\nseed: 7\n");
            HydraConfig config = load();

            HydraConfig big = config.withChoices(Map.of("experiment", "big")).orElseThrow();

            assertThat(big.values()).containsExactly(entry("seed", 7), entry("lr", 0.1));
            assertThat(big.group("experiment")).contains(new HydraGroup("experiment", List.of("big"), "big", true));
            assertThat(config.withChoices(Map.of("experiment", "")).orElseThrow()).isEqualTo(config);
        }

        @Test
        void aBrokenOptionFileIsAnInvalidResultNamingFileAndLine() {
            Projects.write(project,
                    "configs/train.yaml", "defaults:\n  - model: cnn\n",
                    "configs/model/cnn.yaml", "name: cnn\n",
                    "configs/model/mlp.yaml", "name: mlp\nlayers: [1, 2\nlr: 0.1\n");
            HydraConfig config = load();

            HydraLoadResult result = config.withChoices(Map.of("model", "mlp"));

            assertThat(result).isInstanceOf(HydraLoadResult.Invalid.class);
            assertThat(result.message()).startsWith("configs/model/mlp.yaml, line 3: broken YAML");
        }

        @Test
        void aConfigMadeByHandCannotBeComposedAgain() {
            HydraConfig byHand = new HydraConfig("configs", "train",
                    List.of(new HydraGroup("model", List.of("cnn", "mlp"), "cnn")), Map.of());

            assertThat(byHand.withChoices(Map.of()).orElseThrow()).isSameAs(byHand);
            assertThat(byHand.withChoices(Map.of("model", "mlp")).message()).contains("cannot be composed with other choices");
        }

        @Test
        void filesAreReadOnceForAllCompositionsOfALoadedConfig() throws Exception {
            Projects.write(project,
                    "configs/train.yaml", "defaults:\n  - model: cnn\n",
                    "configs/model/cnn.yaml", "name: cnn\n",
                    "configs/model/mlp.yaml", "name: mlp\n");
            HydraConfig config = load();
            assertThat(config.withChoices(Map.of("model", "mlp")).orElseThrow().find("model.name")).contains(ValueInfo.of("mlp"));

            java.nio.file.Files.writeString(project.resolve("configs/model/mlp.yaml"), "name: changed\n");

            assertThat(config.withChoices(Map.of("model", "mlp")).orElseThrow().find("model.name"))
                    .as("the snapshot read with the config").contains(ValueInfo.of("mlp"));
            assertThat(HydraConfigLoader.load(project, null, null, Map.of("model", "mlp")).orElseThrow().find("model.name"))
                    .as("a new load reads anew").contains(ValueInfo.of("changed"));
        }
    }

    @Nested
    class Composition {

        @Test
        void selfFirstLetsGroupValuesOverridePrimary() {
            Projects.write(project,
                    "configs/train.yaml", """
                            defaults:
                              - _self_
                              - trainer: default
                            trainer:
                              max_epochs: 5
                              seed: 1
                            """,
                    "configs/trainer/default.yaml", "max_epochs: 10\n");

            HydraConfig config = load();

            assertThat(config.find("trainer.max_epochs")).contains(ValueInfo.of(10));
            assertThat(config.find("trainer.seed")).contains(ValueInfo.of(1));
        }

        @Test
        void selfLastLetsPrimaryValuesOverrideGroups() {
            Projects.write(project,
                    "configs/train.yaml", """
                            defaults:
                              - trainer: default
                              - _self_
                            trainer:
                              max_epochs: 5
                            """,
                    "configs/trainer/default.yaml", "max_epochs: 10\n");

            assertThat(load().find("trainer.max_epochs")).contains(ValueInfo.of(5));
        }

        @Test
        void withoutSelfThePrimaryValuesComeLast() {
            Projects.write(project,
                    "configs/train.yaml", """
                            defaults:
                              - trainer: default
                            trainer:
                              max_epochs: 5
                            """,
                    "configs/trainer/default.yaml", "max_epochs: 10\ndevices: 2\n");

            HydraConfig config = load();

            assertThat(config.find("trainer.max_epochs")).contains(ValueInfo.of(5));
            assertThat(config.find("trainer.devices")).contains(ValueInfo.of(2));
        }

        @Test
        void aNullChoiceListsTheGroupButLoadsNothing() {
            Projects.write(project,
                    "configs/train.yaml", "defaults:\n  - experiment: null\n  - _self_\nseed: 1\n",
                    "configs/experiment/big.yaml", "# @package _global_\nseed: 7\n");

            HydraConfig config = load();

            assertThat(config.values()).containsExactly(entry("seed", 1));
            assertThat(config.group("experiment")).contains(new HydraGroup("experiment", List.of("big"), null, true));
        }

        @Test
        void groupsOutsideTheDefaultsListAreDiscoveredToo() {
            Projects.write(project,
                    "configs/train.yaml", "seed: 1\n",
                    "configs/experiment/big.yaml", "seed: 7\n",
                    "configs/experiment/small.yaml", "seed: 8\n",
                    "configs/model/optimizer/adam.yaml", "lr: 1\n");

            assertThat(load().groups()).containsExactly(
                    new HydraGroup("experiment", List.of("big", "small"), null, false),
                    new HydraGroup("model/optimizer", List.of("adam"), null, false));
        }

        @Test
        void anExperimentWithGlobalPackageOverridesGroupChoicesAndValues() {
            Projects.write(project,
                    "configs/train.yaml", """
                            defaults:
                              - model: cnn
                              - dataset: cifar10
                              - experiment: big
                              - _self_
                            seed: 1
                            """,
                    "configs/model/cnn.yaml", "name: cnn\ndepth: 4\n",
                    "configs/model/resnet.yaml", "name: resnet\ndepth: 50\n",
                    "configs/dataset/cifar10.yaml", "name: cifar10\n",
                    "configs/dataset/imagenet.yaml", "name: imagenet\n",
                    "configs/experiment/big.yaml", """
                            # @package _global_
                            defaults:
                              - override /model: resnet
                              - override /dataset: imagenet
                            model:
                              depth: 101
                            tag: big
                            """);

            HydraConfig config = load();

            assertThat(config.values()).containsExactly(
                    entry("model", Map.of("name", "resnet", "depth", 101)),
                    entry("dataset", Map.of("name", "imagenet")),
                    entry("tag", "big"),
                    entry("seed", 1));
            assertThat(config.group("model").orElseThrow().defaultOption()).isEqualTo("resnet");
            assertThat(config.group("experiment").orElseThrow().defaultOption()).isEqualTo("big");
        }

        @Test
        void anOverrideInThePrimaryChangesAnEarlierChoice() {
            Projects.write(project,
                    "configs/train.yaml", "defaults:\n  - model: cnn\n  - override model: mlp\n",
                    "configs/model/cnn.yaml", "name: cnn\n",
                    "configs/model/mlp.yaml", "name: mlp\n");

            HydraConfig config = load();

            assertThat(config.find("model.name")).contains(ValueInfo.of("mlp"));
            assertThat(config.group("model").orElseThrow().defaultOption()).isEqualTo("mlp");
        }

        @Test
        void anOverrideOfAGroupThatIsNotListedIsAnError() {
            Projects.write(project,
                    "configs/train.yaml", "defaults:\n  - model: cnn\n  - override modle: mlp\n",
                    "configs/model/cnn.yaml", "name: cnn\n");

            HydraLoadResult result = HydraConfigLoader.load(project);

            assertThat(result.message()).isEqualTo(
                    "configs/train.yaml, line 3: 'override modle: mlp' has no earlier entry for group 'modle' to override");
        }

        @Test
        void anOverrideBeforeAnOrdinaryEntryIsAnError() {
            Projects.write(project,
                    "configs/train.yaml", "defaults:\n  - override model: mlp\n  - model: cnn\n",
                    "configs/model/cnn.yaml", "name: cnn\n",
                    "configs/model/mlp.yaml", "name: mlp\n");

            assertThat(HydraConfigLoader.load(project).message()).startsWith("configs/train.yaml, line 3: ")
                    .contains("overrides must be at the end of the defaults list");
        }

        @Test
        void nestedDefaultsAreRelativeToTheirGroupAndFollowTheChoice() {
            Projects.write(project,
                    "configs/train.yaml", "defaults:\n  - model: mlp\n",
                    "configs/model/cnn.yaml", "defaults:\n  - optimizer: adam\nname: cnn\n",
                    "configs/model/mlp.yaml", "defaults:\n  - optimizer: sgd\nname: mlp\n",
                    "configs/model/optimizer/adam.yaml", "name: adam\n",
                    "configs/model/optimizer/sgd.yaml", "name: sgd\n");

            HydraConfig config = load();

            assertThat(config.find("model.optimizer.name")).contains(ValueInfo.of("sgd"));
            assertThat(config.group("model/optimizer").orElseThrow().defaultOption()).isEqualTo("sgd");
        }

        @Test
        void aNestedGroupPathCanBeChosenFromThePrimary() {
            Projects.write(project,
                    "configs/train.yaml", "defaults:\n  - model/optimizer: adam\n  - _self_\nlr: 1\n",
                    "configs/model/optimizer/adam.yaml", "name: adam\n");

            HydraConfig config = load();

            assertThat(config.values()).containsExactly(entry("model", Map.of("optimizer", Map.of("name", "adam"))), entry("lr", 1));
            assertThat(config.group("model/optimizer").orElseThrow().defaultOption()).isEqualTo("adam");
        }

        @Test
        void anOptionalEntryWhoseFileIsMissingIsSkipped() {
            Projects.write(project,
                    "configs/train.yaml", "defaults:\n  - optional local: default\n  - _self_\na: 1\n");

            HydraConfig config = load();

            assertThat(config.values()).containsExactly(entry("a", 1));
            assertThat(config.hasGroup("local")).isFalse();
        }

        @Test
        void aMissingOptionFileNamesTheEntryAndTheOptions() {
            Projects.write(project,
                    "configs/train.yaml", "defaults:\n  - _self_\n  - model: resnet50\n",
                    "configs/model/cnn.yaml", "name: cnn\n",
                    "configs/model/mlp.yaml", "name: mlp\n");

            assertThat(HydraConfigLoader.load(project).message()).isEqualTo("configs/train.yaml, line 3: could not find option "
                    + "'resnet50' of group 'model' (expected configs/model/resnet50.yaml); options: cnn, mlp");
        }

        @Test
        void aMandatoryChoiceIsReportedAsTheDefaultAndLoadsNothing() {
            Projects.write(project,
                    "configs/train.yaml", "defaults:\n  - model: ???\n",
                    "configs/model/cnn.yaml", "name: cnn\n");

            HydraConfig config = load();

            assertThat(config.group("model").orElseThrow().defaultOption()).isEqualTo("???");
            assertThat(config.values()).isEmpty();
        }

        @Test
        void aPackageRetargetPlacesTheOptionElsewhere() {
            Projects.write(project,
                    "configs/train.yaml", "defaults:\n  - model@backbone: cnn\n  - model@head: mlp\n",
                    "configs/model/cnn.yaml", "name: cnn\n",
                    "configs/model/mlp.yaml", "name: mlp\n");

            HydraConfig config = load();

            assertThat(config.values()).containsExactly(
                    entry("backbone", Map.of("name", "cnn")), entry("head", Map.of("name", "mlp")));
            assertThat(config.group("model").orElseThrow().inDefaultsList()).isTrue();
        }

        @Test
        void aPackageHeaderPlacesTheFileAtThatPackage() {
            Projects.write(project,
                    "configs/train.yaml", "defaults:\n  - db: mysql\n",
                    "configs/db/mysql.yaml", "# @package storage.sql\nhost: localhost\n");

            assertThat(load().values()).containsExactly(entry("storage", Map.of("sql", Map.of("host", "localhost"))));
        }

        @Test
        void aGlobalPackageHeaderMergesAtTheRoot() {
            Projects.write(project,
                    "configs/train.yaml", "defaults:\n  - _self_\n  - preset: fast\nepochs: 10\n",
                    "configs/preset/fast.yaml", "# @package _global_\nepochs: 1\nfast: true\n");

            assertThat(load().values()).containsExactly(entry("epochs", 1), entry("fast", true));
        }

        @Test
        void aPlainStringEntryMergesAConfigFromTheSameFolder() {
            Projects.write(project,
                    "configs/train.yaml", "defaults:\n  - base\n  - _self_\nlr: 0.1\n",
                    "configs/base.yaml", "lr: 0.5\nepochs: 3\n");

            assertThat(load().values()).containsExactly(entry("lr", 0.1), entry("epochs", 3));
        }

        @Test
        void aPlainStringEntryInsideAGroupIsRelativeToThatGroup() {
            Projects.write(project,
                    "configs/train.yaml", "defaults:\n  - model: cnn\n",
                    "configs/model/cnn.yaml", "defaults:\n  - base\n  - _self_\nname: cnn\n",
                    "configs/model/base.yaml", "name: base\nlayers: 2\n");

            assertThat(load().values()).containsExactly(entry("model", Map.of("name", "cnn", "layers", 2)));
        }

        @Test
        void aListOfOptionsMergesEachInOrder() {
            Projects.write(project,
                    "configs/train.yaml", "defaults:\n  - callbacks: [checkpoint, early_stop]\n",
                    "configs/callbacks/checkpoint.yaml", "checkpoint:\n  every: 1\n",
                    "configs/callbacks/early_stop.yaml", "early_stop:\n  patience: 3\n");

            HydraConfig config = load();

            assertThat(config.values()).containsExactly(entry("callbacks",
                    Map.of("checkpoint", Map.of("every", 1), "early_stop", Map.of("patience", 3))));
            assertThat(config.group("callbacks").orElseThrow().defaultOption()).isEqualTo("[checkpoint, early_stop]");
        }

        @Test
        void aMissingValueNeverReplacesAValue() {
            Projects.write(project,
                    "configs/train.yaml", "defaults:\n  - model: cnn\n  - _self_\nmodel:\n  lr: ???\n  depth: ???\n",
                    "configs/model/cnn.yaml", "lr: 0.1\n");

            HydraConfig config = load();

            assertThat(config.find("model.lr")).contains(ValueInfo.of(0.1));
            assertThat(config.find("model.depth")).contains(ValueInfo.of("???"));
        }

        @Test
        void listsAreReplacedNotMerged() {
            Projects.write(project,
                    "configs/train.yaml", "defaults:\n  - model: cnn\n  - _self_\nmodel:\n  layers: [1]\n",
                    "configs/model/cnn.yaml", "layers: [8, 16, 32]\n");

            assertThat(load().find("model.layers")).contains(ValueInfo.of(List.of(1)));
        }

        @Test
        void choosingTheSameGroupTwiceWithDifferentOptionsIsAnError() {
            Projects.write(project,
                    "configs/train.yaml", "defaults:\n  - model: cnn\n  - model: mlp\n",
                    "configs/model/cnn.yaml", "a: 1\n",
                    "configs/model/mlp.yaml", "a: 2\n");

            assertThat(HydraConfigLoader.load(project).message()).startsWith("configs/train.yaml, line 2: multiple values for model");
        }

        @Test
        void brokenYamlNamesTheFileAndLine() {
            Projects.write(project,
                    "configs/train.yaml", "defaults:\n  - model: cnn\n",
                    "configs/model/cnn.yaml", "name: cnn\nlayers: [1, 2\nlr: 0.1\n");

            HydraLoadResult result = HydraConfigLoader.load(project);

            assertThat(result).isInstanceOf(HydraLoadResult.Invalid.class);
            HydraConfigException error = ((HydraLoadResult.Invalid) result).error();
            assertThat(error.file()).isEqualTo("configs/model/cnn.yaml");
            assertThat(error.line()).isEqualTo(3);
            assertThat(error.getMessage()).startsWith("configs/model/cnn.yaml, line 3: broken YAML");
        }

        @Test
        void orElseThrowOnABrokenConfigThrowsTheNamedError() {
            Projects.write(project, "configs/train.yaml", "a: 1\n  b: 2\n");

            HydraLoadResult result = HydraConfigLoader.load(project);

            org.assertj.core.api.Assertions.assertThatThrownBy(result::orElseThrow)
                    .isInstanceOf(HydraConfigException.class)
                    .hasMessageStartingWith("configs/train.yaml, line 2: broken YAML");
        }

        @Test
        void aDefaultsCycleIsReportedNotLoopedForever() {
            Projects.write(project,
                    "configs/train.yaml", "defaults:\n  - a\n",
                    "configs/a.yaml", "defaults:\n  - b\n",
                    "configs/b.yaml", "defaults:\n  - a\n");

            assertThat(HydraConfigLoader.load(project).message()).contains("nest too deep");
        }
    }
}
