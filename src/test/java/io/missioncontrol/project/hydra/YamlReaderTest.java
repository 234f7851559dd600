package io.missioncontrol.project.hydra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class YamlReaderTest {

    private static ConfigFile parse(String yaml) {
        return YamlReader.parse(yaml, "configs/x.yaml");
    }

    private static Object valueOf(String scalar) {
        return parse("v: " + scalar + "\n").content().get("v");
    }

    @ParameterizedTest(name = "{0} is read as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            42          | 42
            -7          | -7
            +5          | 5
            1_000       | 1000
            0x1F        | 31
            0o17        | 0o17
            017         | 15
            0b101       | 5
            1:30        | 90
            0.001       | 0.001
            1e-3        | 0.001
            1E5         | 100000.0
            3.0e-4      | 3.0E-4
            .5          | 0.5
            1.          | 1.0
            -.inf       | -Infinity
            .inf        | Infinity
            .nan        | NaN
            true        | true
            True        | true
            TRUE        | true
            yes         | true
            on          | true
            off         | false
            No          | false
            null        | null
            ~           | null
            NULL        | null
            """)
    void plainScalarsAreTypedAsOmegaConfTypesThem(String yaml, String expected) {
        Object value = valueOf(yaml);

        assertThat(String.valueOf(value)).isEqualTo(expected);
    }

    @Test
    void numbersKeepTheirJavaTypes() {
        assertThat(valueOf("42")).isInstanceOf(Integer.class);
        assertThat(valueOf("12345678901")).isEqualTo(12345678901L);
        assertThat(valueOf("123456789012345678901234567890")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(valueOf("1e-3")).isInstanceOf(Double.class);
        assertThat(valueOf("1.0")).isInstanceOf(Double.class);
    }

    @Test
    void anEmptyValueIsNull() {
        assertThat(parse("v:\n").content()).containsExactly(entry("v", null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            2024-01-01             | 2024-01-01
            16-mixed               | 16-mixed
            ${model.lr}            | ${model.lr}
            ???                    | ???
            09                     | 09
            -.5                    | -.5
            +.5                    | +.5
            hello world            | hello world
            """)
    void quotedScalarsTimestampsInterpolationsAndMissingValuesStayStrings(String yaml, String expected) {
        assertThat(valueOf(yaml)).isEqualTo(expected);
    }

    @Test
    void quotedScalarsAreStringsWhateverTheyHold() {
        assertThat(valueOf("'42'")).isEqualTo("42");
        assertThat(valueOf("\"true\"")).isEqualTo("true");
        assertThat(valueOf("'null'")).isEqualTo("null");
        assertThat(valueOf("'${oc.env:HOME,/tmp}'")).isEqualTo("${oc.env:HOME,/tmp}");
    }

    @Test
    void mergeKeysTakeTheFirstSourceForAKeyAndExplicitKeysWin() {
        ConfigFile file = parse("a: &a {x: 1, y: 1}\nb: &b {x: 2, z: 2}\nc:\n  <<: [*a, *b]\n  y: 0\n");

        assertThat(file.content().get("c")).isEqualTo(Map.of("x", 1, "y", 0, "z", 2));
    }

    @Test
    void explicitTagsWin() {
        assertThat(valueOf("!!str 5")).isEqualTo("5");
        assertThat(valueOf("!!float 5")).isEqualTo(5.0);
        assertThat(valueOf("!!int '7'")).isEqualTo(7);
    }

    @Test
    void anExplicitTagOnTextItCannotHoldIsAnErrorWithItsLine() {
        assertThatThrownBy(() -> parse("a: 1\nb: !!bool maybe\n"))
                .hasMessage("configs/x.yaml, line 2: 'maybe' is not a valid bool");
        assertThatThrownBy(() -> parse("a: !!int ten\n"))
                .hasMessage("configs/x.yaml, line 1: 'ten' is not a valid int");
    }

    @Test
    void anUnknownTagIsAnErrorWithItsLine() {
        assertThatThrownBy(() -> parse("a: 1\nb: !!python/object:os.system x\n"))
                .isInstanceOf(HydraConfigException.class)
                .hasMessageStartingWith("configs/x.yaml, line 2: unsupported YAML tag");
    }

    @Test
    void nestedMapsAndListsKeepTheirOrder() {
        ConfigFile file = parse("""
                z: 1
                a:
                  y: [1, two, {k: v}]
                  b: {c: null}
                """);

        assertThat(file.content().keySet()).containsExactly("z", "a");
        assertThat(file.content().get("a")).isEqualTo(Map.of("y", List.of(1, "two", Map.of("k", "v")), "b", java.util.Collections.singletonMap("c", null)));
    }

    @Test
    void aliasesAreResolvedAndMergeKeysApplied() {
        ConfigFile file = parse("""
                base: &base
                  lr: 0.1
                  epochs: 3
                copy: *base
                tuned:
                  <<: *base
                  lr: 0.5
                """);

        assertThat(file.content().get("copy")).isEqualTo(Map.of("lr", 0.1, "epochs", 3));
        assertThat(file.content().get("tuned")).isEqualTo(Map.of("epochs", 3, "lr", 0.5));
    }

    @Test
    void recursiveAliasesAreRefused() {
        assertThatThrownBy(() -> parse("a: &x\n  - *x\n"))
                .isInstanceOf(HydraConfigException.class);
    }

    @Test
    void duplicateKeysAreRefusedWithTheirLine() {
        assertThatThrownBy(() -> parse("model:\n  lr: 1\n  lr: 2\n"))
                .isInstanceOf(HydraConfigException.class)
                .hasMessage("configs/x.yaml, line 3: duplicate key 'lr'");
    }

    @Test
    void brokenYamlNamesFileLineAndColumn() {
        assertThatThrownBy(() -> parse("a: 1\nb: [1, 2\nc: 3\n"))
                .isInstanceOfSatisfying(HydraConfigException.class, e -> {
                    assertThat(e.file()).isEqualTo("configs/x.yaml");
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.getMessage()).startsWith("configs/x.yaml, line 3: broken YAML: ").contains("column 2");
                });
    }

    @Test
    void badIndentationNamesItsLine() {
        assertThatThrownBy(() -> parse("trainer:\n  epochs: 1\n    devices: 2\n"))
                .isInstanceOfSatisfying(HydraConfigException.class, e -> assertThat(e.line()).isEqualTo(3));
    }

    @Test
    void aTopLevelListIsNotAConfig() {
        assertThatThrownBy(() -> parse("- a\n- b\n"))
                .hasMessage("configs/x.yaml, line 1: a config file must hold a mapping (key: value lines) at the top");
    }

    @Test
    void anEmptyOrCommentOnlyFileIsAnEmptyConfig() {
        assertThat(parse("").content()).isEmpty();
        assertThat(parse("# nothing yet\n").content()).isEmpty();
    }

    @Test
    void thePackageHeaderIsReadFromTheTopComments() {
        assertThat(parse("# @package _global_\na: 1\n").packageHeader()).isEqualTo("_global_");
        assertThat(parse("\n#   @package   foo.bar\na: 1\n").packageHeader()).isEqualTo("foo.bar");
        assertThat(parse("a: 1\n").packageHeader()).isNull();
    }

    @Test
    void thePackageHeaderMustComeBeforeAnyOtherLine() {
        assertThat(parse("# Experiment: big model\n# @package _global_\na: 1\n").packageHeader()).isNull();
        assertThat(parse("a: 1\n# @package _global_\n").packageHeader()).isNull();
    }

    @Test
    void aMalformedHeaderIsAnErrorWithItsLine() {
        assertThatThrownBy(() -> parse("# @package\na: 1\n")).hasMessageStartingWith("configs/x.yaml, line 1: expected a header");
    }

    @Test
    void theDefaultsListIsTakenOutOfTheValues() {
        ConfigFile file = parse("defaults:\n  - model: cnn\nseed: 1\n");

        assertThat(file.content()).containsExactly(entry("seed", 1));
        assertThat(file.defaults()).hasSize(1);
    }

    @Test
    void everyKindOfDefaultsEntryIsParsed() {
        ConfigFile file = parse("""
                defaults:
                  - _self_
                  - model: cnn
                  - model/optimizer: adam
                  - optional local: default
                  - override /dataset: imagenet
                  - experiment: null
                  - base
                  - model@backbone: resnet
                  - db/mysql@storage
                  - callbacks: [checkpoint, early_stop]
                  - head@_here_: linear
                  - trainer: ???
                  - override hydra/launcher: submitit_slurm
                """);

        assertThat(file.defaults()).containsExactly(
                new DefaultsEntry(DefaultsEntry.Kind.SELF, "_self_", null, null, null, false, false, 2),
                new DefaultsEntry(DefaultsEntry.Kind.GROUP, "model", "cnn", null, null, false, false, 3),
                new DefaultsEntry(DefaultsEntry.Kind.GROUP, "model/optimizer", "adam", null, null, false, false, 4),
                new DefaultsEntry(DefaultsEntry.Kind.GROUP, "local", "default", null, null, true, false, 5),
                new DefaultsEntry(DefaultsEntry.Kind.GROUP, "/dataset", "imagenet", null, null, false, true, 6),
                new DefaultsEntry(DefaultsEntry.Kind.GROUP, "experiment", null, null, null, false, false, 7),
                new DefaultsEntry(DefaultsEntry.Kind.CONFIG, "base", null, null, null, false, false, 8),
                new DefaultsEntry(DefaultsEntry.Kind.GROUP, "model", "resnet", null, "backbone", false, false, 9),
                new DefaultsEntry(DefaultsEntry.Kind.CONFIG, "db/mysql", null, null, "storage", false, false, 10),
                new DefaultsEntry(DefaultsEntry.Kind.GROUP, "callbacks", null, List.of("checkpoint", "early_stop"), null, false, false, 11),
                new DefaultsEntry(DefaultsEntry.Kind.GROUP, "head", "linear", null, "", false, false, 12),
                new DefaultsEntry(DefaultsEntry.Kind.GROUP, "trainer", "???", null, null, false, false, 13),
                new DefaultsEntry(DefaultsEntry.Kind.GROUP, "hydra/launcher", "submitit_slurm", null, null, false, true, 14));
        assertThat(file.defaults().get(5).nullChoice()).isTrue();
        assertThat(file.defaults().get(11).missingChoice()).isTrue();
    }

    @Test
    void theShorthandGroupSlashOptionSelectsFromTheNestedGroup() {
        DefaultsEntry entry = parse("defaults:\n  - model: optimizer/adam\n").defaults().get(0);

        assertThat(entry.name()).isEqualTo("model/optimizer");
        assertThat(entry.option()).isEqualTo("adam");
    }

    @Test
    void badDefaultsEntriesAreErrorsWithTheirLine() {
        assertThatThrownBy(() -> parse("defaults:\n  - model: cnn\n  - maybe model: cnn\n"))
                .hasMessage("configs/x.yaml, line 3: unsupported keyword 'maybe' in defaults entry 'maybe model' (expected optional or override)");
        assertThatThrownBy(() -> parse("defaults:\n  - {model: cnn, db: x}\n"))
                .hasMessageStartingWith("configs/x.yaml, line 2: a defaults entry must have exactly one");
        assertThatThrownBy(() -> parse("defaults:\n  model: cnn\n"))
                .hasMessageStartingWith("configs/x.yaml, line 2: the defaults list must be a list");
        assertThatThrownBy(() -> parse("defaults:\n  - model: 3\n"))
                .hasMessageStartingWith("configs/x.yaml, line 2: the option for group 'model' must be a name or null");
        assertThatThrownBy(() -> parse("defaults:\n  - model: ../../etc/passwd\n"))
                .hasMessageContaining("'..'");
        assertThatThrownBy(() -> parse("defaults:\n  - ../secret\n"))
                .hasMessageContaining("'..'");
    }
}
