package io.missioncontrol.project.hydra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missioncontrol.project.hydra.HydraOverride.Kind;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class HydraOverrideTest {

    /** Literal value → the argument for {@code x=<value>}. */
    static Stream<Arguments> quotingTable() {
        return Stream.of(
                // plain identifiers, numbers, booleans, null and simple paths stay as they are
                Arguments.of("cnn", "x=cnn"),
                Arguments.of("resnet_50", "x=resnet_50"),
                Arguments.of("42", "x=42"),
                Arguments.of("-7", "x=-7"),
                Arguments.of("0.001", "x=0.001"),
                Arguments.of("1e-3", "x=1e-3"),
                Arguments.of("+1.5E+3", "x=+1.5E+3"),
                Arguments.of("1_000", "x=1_000"),
                Arguments.of("true", "x=true"),
                Arguments.of("False", "x=False"),
                Arguments.of("null", "x=null"),
                Arguments.of("16-mixed", "x=16-mixed"),
                Arguments.of("a/b.c-d", "x=a/b.c-d"),
                Arguments.of("/data/imagenet/train", "x=/data/imagenet/train"),
                Arguments.of("user@host", "x=user@host"),
                // anything else is single-quoted
                Arguments.of("", "x=''"),
                Arguments.of("hello world", "x='hello world'"),
                Arguments.of(" padded ", "x=' padded '"),
                Arguments.of("tab\there", "x='tab\there'"),
                Arguments.of("a,b", "x='a,b'"),
                Arguments.of("${model.lr}", "x='${model.lr}'"),
                Arguments.of("${oc.env:HOME}", "x='${oc.env:HOME}'"),
                Arguments.of("[", "x='['"),
                Arguments.of("]", "x=']'"),
                Arguments.of("[1,2]", "x='[1,2]'"),
                Arguments.of("{a: 1}", "x='{a: 1}'"),
                Arguments.of("}", "x='}'"),
                Arguments.of("f(x)", "x='f(x)'"),
                Arguments.of(")", "x=')'"),
                Arguments.of("a=b", "x='a=b'"),
                Arguments.of("10:30", "x='10:30'"),
                Arguments.of("~/data", "x='~/data'"),
                Arguments.of("50%", "x='50%'"),
                Arguments.of("*.ckpt", "x='*.ckpt'"),
                Arguments.of("a|b", "x='a|b'"),
                Arguments.of("#1", "x='#1'"),
                Arguments.of("naïve", "x='naïve'"),
                Arguments.of("数据", "x='数据'"),
                // quotes and backslashes
                Arguments.of("it's", "x='it\\'s'"),
                Arguments.of("'", "x='\\''"),
                Arguments.of("say \"hi\"", "x='say \"hi\"'"),
                Arguments.of("\"", "x='\"'"),
                Arguments.of("C:\\data\\run", "x='C:\\data\\run'"),
                Arguments.of("\\", "x='\\\\'"),
                Arguments.of("ends with\\", "x='ends with\\\\'"),
                Arguments.of("a\\'b", "x='a\\\\\\'b'"),
                Arguments.of("\\\\'", "x='\\\\\\\\\\''"),
                // hostile shell text is just quoted text for Hydra
                Arguments.of("$(rm -rf /)", "x='$(rm -rf /)'"),
                Arguments.of("`id`", "x='`id`'"),
                Arguments.of("a; rm -rf ~", "x='a; rm -rf ~'"),
                Arguments.of("a && b || c", "x='a && b || c'"),
                Arguments.of("> /etc/passwd", "x='> /etc/passwd'"),
                Arguments.of("'; echo pwned; '", "x='\\'; echo pwned; \\''"));
    }

    @ParameterizedTest(name = "[{index}] {0} → {1}")
    @MethodSource("quotingTable")
    void literalValuesAreQuotedByHydrasGrammarOnlyWhenNeeded(String value, String argument) {
        assertThat(HydraOverride.set("x", value).toArgument()).isEqualTo(argument);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("quotingTable")
    void everyRenderedArgumentParsesBackToTheSameLiteral(String value, String argument) {
        HydraOverride parsed = HydraOverride.parse(argument);

        assertThat(parsed.value()).isEqualTo(value);
        assertThat(parsed.expression()).isFalse();
        assertThat(parsed.toArgument()).isEqualTo(argument);
    }

    @Nested
    class Rendering {

        @Test
        void eachKindHasItsPrefix() {
            assertThat(new HydraOverride(Kind.SET, "model", "mlp").toArgument()).isEqualTo("model=mlp");
            assertThat(HydraOverride.append("trainer.seed", "7").toArgument()).isEqualTo("+trainer.seed=7");
            assertThat(HydraOverride.forceAdd("tags", "a b").toArgument()).isEqualTo("++tags='a b'");
            assertThat(HydraOverride.delete("dataset").toArgument()).isEqualTo("~dataset");
            assertThat(new HydraOverride(Kind.DELETE, "model", "cnn").toArgument()).isEqualTo("~model=cnn");
        }

        @Test
        void nestedGroupsAndPackagesKeepTheirKey() {
            assertThat(HydraOverride.set("model/optimizer", "adam").toArgument()).isEqualTo("model/optimizer=adam");
            assertThat(HydraOverride.set("model@backbone", "resnet").toArgument()).isEqualTo("model@backbone=resnet");
        }

        @Test
        void anExpressionIsPassedAsItIs() {
            assertThat(new HydraOverride(Kind.SET, "devices", "[0, 1]", true).toArgument()).isEqualTo("devices=[0, 1]");
            assertThat(new HydraOverride(Kind.SET, "devices", "[0, 1]", false).toArgument()).isEqualTo("devices='[0, 1]'");
        }

        @Test
        void toStringIsTheArgument() {
            assertThat(HydraOverride.set("msg", "hi there")).hasToString("msg='hi there'");
        }
    }

    @Nested
    class Parsing {

        @Test
        void groupChoice() {
            assertThat(HydraOverride.parse("model=mlp")).isEqualTo(new HydraOverride(Kind.SET, "model", "mlp"));
        }

        @Test
        void nestedGroupChoice() {
            assertThat(HydraOverride.parse("model/optimizer=sgd")).isEqualTo(HydraOverride.set("model/optimizer", "sgd"));
        }

        @Test
        void valueKey() {
            assertThat(HydraOverride.parse("model.lr=0.01")).isEqualTo(HydraOverride.set("model.lr", "0.01"));
        }

        @Test
        void appendForceAddAndDelete() {
            assertThat(HydraOverride.parse("+trainer.seed=7")).isEqualTo(HydraOverride.append("trainer.seed", "7"));
            assertThat(HydraOverride.parse("++trainer.seed=7")).isEqualTo(HydraOverride.forceAdd("trainer.seed", "7"));
            assertThat(HydraOverride.parse("~dataset")).isEqualTo(HydraOverride.delete("dataset"));
            assertThat(HydraOverride.parse("~dataset=")).isEqualTo(HydraOverride.delete("dataset"));
            assertThat(HydraOverride.parse("~model=cnn")).isEqualTo(new HydraOverride(Kind.DELETE, "model", "cnn"));
        }

        @Test
        void quotedValuesAreUnquoted() {
            assertThat(HydraOverride.parse("msg='hello world'").value()).isEqualTo("hello world");
            assertThat(HydraOverride.parse("msg=\"it's\"").value()).isEqualTo("it's");
            assertThat(HydraOverride.parse("msg='it\\'s'").value()).isEqualTo("it's");
            assertThat(HydraOverride.parse("msg='a,b'").value()).isEqualTo("a,b");
            assertThat(HydraOverride.parse("msg=''").value()).isEmpty();
        }

        @Test
        void aQuotedValueIsRequotedTheHydraWay() {
            assertThat(HydraOverride.parse("msg=\"it's\"").toArgument()).isEqualTo("msg='it\\'s'");
        }

        @Test
        void unquotedValuesMayHoldInnerBlanksAndLoseOuterOnes() {
            HydraOverride o = HydraOverride.parse("msg=  hello world  ");

            assertThat(o.value()).isEqualTo("hello world");
            assertThat(o.toArgument()).isEqualTo("msg='hello world'");
        }

        @Test
        void backslashEscapesInUnquotedValuesAreRead() {
            assertThat(HydraOverride.parse("dir=job\\{a\\=1\\,b\\=2\\}").value()).isEqualTo("job{a=1,b=2}");
        }

        @Test
        void anInterpolationIsALiteral() {
            HydraOverride o = HydraOverride.parse("out=${hydra:runtime.output_dir}/ckpt");

            assertThat(o.expression()).isFalse();
            assertThat(o.value()).isEqualTo("${hydra:runtime.output_dir}/ckpt");
            assertThat(o.toArgument()).isEqualTo("out='${hydra:runtime.output_dir}/ckpt'");
        }

        @Test
        void listsDictsSweepsAndFunctionsAreExpressions() {
            assertThat(HydraOverride.parse("devices=[0,1]")).isEqualTo(new HydraOverride(Kind.SET, "devices", "[0,1]", true));
            assertThat(HydraOverride.parse("opt={lr: 0.1, wd: 0}").expression()).isTrue();
            assertThat(HydraOverride.parse("seed=1,2,3").expression()).isTrue();
            assertThat(HydraOverride.parse("seed=choice(1,2)").expression()).isTrue();
            assertThat(HydraOverride.parse("name=str(3)").toArgument()).isEqualTo("name=str(3)");
        }

        @Test
        void textHydraWouldRefuseUnquotedIsTakenAsTheStringItShows() {
            assertThat(HydraOverride.parse("cmd=$(reboot)")).isEqualTo(HydraOverride.set("cmd", "$(reboot)"));
            assertThat(HydraOverride.parse("note=it's")).isEqualTo(HydraOverride.set("note", "it's"));
            assertThat(HydraOverride.parse("x=a[0]").toArgument()).isEqualTo("x='a[0]'");
            assertThat(HydraOverride.parse("x=f(1)").toArgument()).isEqualTo("x='f(1)'");
        }

        @Test
        void anInterpolationWithACommaIsNoSweep() {
            assertThat(HydraOverride.parse("root=${oc.env:DATA,/data}").expression()).isFalse();
        }

        @Test
        void anEmptyValueIsTheEmptyString() {
            assertThat(HydraOverride.parse("msg=").value()).isEmpty();
            assertThat(HydraOverride.parse("msg=").toArgument()).isEqualTo("msg=''");
        }

        @Test
        void surroundingBlanksOfTheWholeOverrideAreIgnored() {
            assertThat(HydraOverride.parse("  model=mlp \t")).isEqualTo(HydraOverride.set("model", "mlp"));
        }

        @Test
        void onlyTheFirstEqualsSplitsKeyAndValue() {
            assertThat(HydraOverride.parse("expr=a=b").value()).isEqualTo("a=b");
        }

        @Test
        void anOverrideWithoutValueIsRefused() {
            assertThatThrownBy(() -> HydraOverride.parse("model")).hasMessage("'model' has no value: write model=value");
            assertThatThrownBy(() -> HydraOverride.parse("+seed")).hasMessage("'+seed' has no value: write +seed=value");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "=5", "+=5", "~"})
        void anEmptyKeyIsRefused(String text) {
            assertThatThrownBy(() -> HydraOverride.parse(text)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("empty");
        }

        @ParameterizedTest
        @ValueSource(strings = {"mo del=1", "a;b=1", "$(id)=1", "`id`=1", "a'b=1", "a\"b=1", "a*=1", "a b.c=1", "ü=1", "a\\b=1"})
        void keysWithOtherCharactersAreRefused(String text) {
            assertThatThrownBy(() -> HydraOverride.parse(text)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("may only hold letters, digits and _ . / @ -");
        }

        @ParameterizedTest
        @ValueSource(strings = {"a..b=1", ".a=1", "a.=1", "a//b=1", "/a=1", "a/b.c=1", "a@b@c=1", "@pkg=1", "a@b/c=1"})
        void malformedKeysAreRefused(String text) {
            assertThatThrownBy(() -> HydraOverride.parse(text)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class HostileInput {

        @ParameterizedTest
        @ValueSource(strings = {"seed=1\nrm -rf /", "seed=1\r\n", "run_name=a\nb", "\nseed=1", "seed=\"a\nb\""})
        void newlinesAreRefusedAnywhere(String text) {
            assertThatThrownBy(() -> HydraOverride.parse(text)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("override contains a newline");
        }

        @ParameterizedTest
        @ValueSource(strings = {"seed=1\0", "se\0ed=1", "\0"})
        void nulIsRefusedAnywhere(String text) {
            assertThatThrownBy(() -> HydraOverride.parse(text)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("override contains a NUL character");
        }

        @Test
        void otherControlCharactersAreRefused() {
            assertThatThrownBy(() -> HydraOverride.parse("seed=\u001b[31m")).hasMessage("override contains the control character U+001B");
        }

        @Test
        void theConstructorRefusesWhatParsingRefuses() {
            assertThatThrownBy(() -> HydraOverride.set("seed", "1\nrm -rf /")).hasMessage("value of seed contains a newline");
            assertThatThrownBy(() -> HydraOverride.set("seed", "1\0")).hasMessage("value of seed contains a NUL character");
            assertThatThrownBy(() -> HydraOverride.set("a\nb", "1")).hasMessage("key contains a newline");
            assertThatThrownBy(() -> HydraOverride.set("", "1")).hasMessage("empty key");
            assertThatThrownBy(() -> HydraOverride.set("a;b", "1")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new HydraOverride(Kind.SET, "seed", null)).hasMessage("seed needs a value: seed=…");
        }

        @ParameterizedTest
        @ValueSource(strings = {"$(rm -rf /)", "`reboot`", "a; b", "x' ; touch /tmp/p ; '", "\\'; id; echo \\'", "${oc.env:SECRET}"})
        void shellMetacharactersEndUpInsideOneHydraQuotedValue(String hostile) {
            String argument = HydraOverride.set("run_name", hostile).toArgument();

            assertThat(argument).startsWith("run_name='").endsWith("'");
            assertThat(HydraOverride.parse(argument).value()).isEqualTo(hostile);
        }
    }
}
