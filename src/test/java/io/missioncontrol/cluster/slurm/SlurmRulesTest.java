package io.missioncontrol.cluster.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.base.InvalidInputException.FieldError;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rule book: what passes, what SLURM is given, and the words for what does not. */
class SlurmRulesTest {

    private static String problem(SlurmRules.Checked<?> checked) {
        return checked.problem().map(FieldError::message).orElse(null);
    }

    @Nested
    class Names {

        @Test
        void aJobNameIsASafeNameWithoutItsBlanks() {
            assertThat(SlurmRules.jobName("  resnet-1.lr_0.1 ").value()).isEqualTo("resnet-1.lr_0.1");
            assertThat(problem(SlurmRules.jobName(""))).isEqualTo("is required");
            assertThat(problem(SlurmRules.jobName(null))).isEqualTo("is required");
            assertThat(problem(SlurmRules.jobName("bad name; rm -rf"))).isEqualTo("use 1-100 letters, digits, '.', "
                    + "'_' or '-', starting with a letter or digit, got 'bad name; rm -rf'");
            assertThat(SlurmRules.jobName("_hidden").isAccepted()).isFalse();
            assertThat(SlurmRules.jobName("x".repeat(100)).isAccepted()).isTrue();
            assertThat(SlurmRules.jobName("x".repeat(101)).isAccepted()).isFalse();
        }

        @Test
        void aPartitionStartingWithAnUnderscorePassesAndIsRenderedAsIs() {
            // drift: the .mlops-config reader took "_gpu", the renderer refused it
            assertThat(SlurmRules.partition("_gpu").value()).isEqualTo("_gpu");
            assertThat(SlurmResources.parse("run", "_gpu", null, 1, 0, null, null, null).sbatchOptions())
                    .containsEntry("partition", "_gpu");
        }

        @ParameterizedTest
        @ValueSource(strings = {"gpu:a100", "gpu,debug", "gpu;reboot", "a100 80gb", "-gpu", ".gpu", "gpü"})
        void separatorsOfSbatchListsAndGresAreRefusedInPartitionsAndGpuTypes(String name) {
            assertThat(problem(SlurmRules.partition(name)))
                    .startsWith("must be a name of letters, digits, '.', '_' and '-', got '");
            assertThat(SlurmRules.gpuType(name).problem()).get().extracting(FieldError::field).isEqualTo("gpu_type");
        }

        @Test
        void namesAreAtMostOneHundredCharacters() {
            assertThat(SlurmRules.partition("p".repeat(100)).isAccepted()).isTrue();
            assertThat(SlurmRules.partition("p".repeat(101)).complaint()).isEqualTo("must be at most 100 characters");
        }
    }

    @Nested
    class Counts {

        @Test
        void nodesGpusAndCpusHaveSlurmsBoundsWithTheApiFieldNamed() {
            assertThat(SlurmRules.nodes(1).value()).isEqualTo(1);
            assertThat(SlurmRules.nodes(100_000).isAccepted()).isTrue();
            assertThat(SlurmRules.nodes(0).problem()).contains(new FieldError("num_nodes", "must be at least 1, got 0"));
            assertThat(SlurmRules.nodes(100_001).complaint()).isEqualTo("must be at most 100000");
            assertThat(SlurmRules.gpusPerNode(0).isAccepted()).isTrue();
            assertThat(SlurmRules.gpusPerNode(-1).problem())
                    .contains(new FieldError("gpus_per_node", "must be at least 0, got -1"));
            assertThat(SlurmRules.gpusPerNode(1025).complaint()).isEqualTo("must be at most 1024");
            assertThat(SlurmRules.cpusPerTask(65_533).isAccepted()).isTrue();
            assertThat(SlurmRules.cpusPerTask(0).complaint()).isEqualTo("must be at least 1");
        }

        @Test
        void aBillionCpusPerTaskIsRefusedBeforeSlurmSeesIt() {
            // drift: cpus_per_task: 1e9 passed and overflowed SLURM's 16-bit field
            assertThat(SlurmRules.cpusPerTask(1_000_000_000L).problem())
                    .contains(new FieldError("cpus_per_task", "must be at most 65533, got 1000000000"));
            assertThat(SlurmRules.cpusPerTask(65_534).isAccepted()).as("NO_VAL16").isFalse();
        }
    }

    @Nested
    class Memory {

        @Test
        void aLowerCaseSuffixIsTheUpperCaseOne() {
            assertThat(SlurmRules.memory("32g").value()).isEqualTo(new SlurmMemory("32G", 32 * 1024));
            assertThat(SlurmRules.memory("32G").value()).isEqualTo(new SlurmMemory("32G", 32 * 1024));
            assertThat(SlurmRules.memory(" 16000m ").value()).isEqualTo(new SlurmMemory("16000M", 16000));
            assertThat(SlurmRules.memory("16000").value()).isEqualTo(new SlurmMemory("16000", 16000));
            assertThat(SlurmRules.memory("2t").value()).isEqualTo(new SlurmMemory("2T", 2L << 20));
            assertThat(SlurmRules.memory("1025k").value().megabytes()).as("kilobytes round up, as sbatch does")
                    .isEqualTo(2);
            assertThat(SlurmRules.memory("0").value().megabytes()).as("SLURM: all of each node's memory").isZero();
        }

        @Test
        void atMostOnePebibyteInAnySpelling() {
            for (String max : new String[] {"1024T", "1048576G", "1073741824M", "1073741824", "1099511627776K"}) {
                assertThat(SlurmRules.memory(max).value().megabytes()).as(max).isEqualTo(1L << 30);
            }
            for (String over : new String[] {"1025T", "1048577G", "1073741825", "1099511627777K"}) {
                assertThat(SlurmRules.memory(over).complaint()).as(over)
                        .isEqualTo("must be at most 1 PiB (1024T, 1048576G or 1073741824M)");
            }
        }

        @Test
        void twelveNinesOfTerabytesAreRefused() {
            // drift: 999999999999T passed the launch service's [0-9]{1,12}[KMGT]? and SLURM refused it later
            assertThat(SlurmRules.memory("999999999999T").problem()).contains(new FieldError("memory",
                    "must be at most 1 PiB (1024T, 1048576G or 1073741824M), got '999999999999T'"));
            assertThat(SlurmRules.memory("9".repeat(400) + "G").isAccepted()).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"32 GB", "32GB", "lots", "-1G", "1.5G", "G", "", "32P"})
        void anythingButANumberWithKMGOrTIsRefusedInOneSentence(String memory) {
            assertThat(SlurmRules.memory(memory).complaint()).isEqualTo(
                    "must be a number with an optional K, M, G or T suffix (32G, 16000M; no suffix means megabytes)");
        }
    }

    @Nested
    class Time_limits {

        @Test
        void theSixSlurmSpellingsMeanWhatSlurmMeans() {
            // (moved from MlopsConfigReaderTest, where the reader's own parser lived)
            assertThat(SlurmTime.parseLimit("90")).contains(Duration.ofMinutes(90));
            assertThat(SlurmTime.parseLimit("30:15")).contains(Duration.ofMinutes(30).plusSeconds(15));
            assertThat(SlurmTime.parseLimit("04:00:00")).contains(Duration.ofHours(4));
            assertThat(SlurmTime.parseLimit("1-12")).contains(Duration.ofHours(36));
            assertThat(SlurmTime.parseLimit("1-12:30")).contains(Duration.ofHours(36).plusMinutes(30));
            assertThat(SlurmTime.parseLimit("1-00:00:01")).contains(Duration.ofDays(1).plusSeconds(1));
            assertThat(SlurmRules.timeLimit("04:00:00").value())
                    .isEqualTo(new SlurmTimeLimit("04:00:00", Duration.ofHours(4)));
        }

        @Test
        void slurmsOutputAndAUsersLimitAreReadByTheSameGrammar() {
            // drift: SlurmTime.parseDuration and MlopsConfig.SlurmTimeLimit.parse had different rules
            for (String s : new String[] {"90", "0:03", "10:00", "1:00:00", "2-03", "2-03:04", "1-02:03:04"}) {
                assertThat(SlurmTime.parseLimit(s)).as(s).isEqualTo(SlurmTime.parseDuration(s));
            }
            for (String s : new String[] {"1:60", "1:61:00", "1-24", "1-1:60", "1:2:3:4", "1--2", "abc"}) {
                assertThat(SlurmTime.parseLimit(s)).as(s).isEmpty();
                assertThat(SlurmTime.parseDuration(s)).as(s).isEmpty();
            }
            // what only SLURM prints: a fraction of a second, and zero
            assertThat(SlurmTime.parseDuration("00:01.500")).contains(Duration.ofSeconds(1));
            assertThat(SlurmTime.parseLimit("00:01.500")).isEmpty();
            assertThat(SlurmTime.parseDuration("00:00")).contains(Duration.ZERO);
            assertThat(SlurmTime.parseLimit("00:00")).isEmpty();
        }

        @Test
        void atMost9999Days() {
            assertThat(SlurmRules.timeLimit("9999-00:00:00").isAccepted()).isTrue();
            assertThat(SlurmRules.timeLimit("14398560").isAccepted()).as("9999 days in minutes").isTrue();
            assertThat(SlurmRules.timeLimit("9999-00:00:01").complaint()).isEqualTo("must be at most 9999 days");
            // 7-digit hours used to pass, and overflow sbatch's 32-bit seconds
            assertThat(SlurmRules.timeLimit("9999999:00:00").problem())
                    .contains(new FieldError("time_limit", "must be at most 9999 days, got '9999999:00:00'"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"4h", "0", "00:00:00", "1:60", "UNLIMITED", "infinite", "1:2:3:4", "", "1-"})
        void anythingElseIsRefusedWithTheSpellingsListed(String limit) {
            assertThat(SlurmRules.timeLimit(limit).problem()).get().extracting(FieldError::message).asString()
                    .startsWith("must be a SLURM time limit longer than zero: minutes (90), MM:SS, HH:MM:SS")
                    .endsWith(", got '" + limit + "'");
        }
    }

    @Nested
    class Resources {

        @Test
        void renderTheSbatchOptions() {
            SlurmResources r = SlurmResources.parse(" resnet ", "gpu", "a100", 2, 4, 8, "32g", "04:00:00");
            assertThat(r.sbatchOptions()).containsExactly(Map.entry("job_name", "resnet"), Map.entry("partition", "gpu"),
                    Map.entry("nodes", 2), Map.entry("gres", "gpu:a100:4"), Map.entry("cpus_per_task", 8),
                    Map.entry("mem", "32G"), Map.entry("time", "04:00:00"));
            assertThat(SlurmResources.parse("any", "gpu", null, 1, 2, null, null, null).gres()).isEqualTo("gpu:2");
            SlurmResources cpuOnly = SlurmResources.parse("cpu", "debug", "a100", 1, 0, null, null, null);
            assertThat(cpuOnly.gpuType()).as("a type without GPUs is dropped").isNull();
            assertThat(cpuOnly.sbatchOptions()).containsOnlyKeys("job_name", "partition", "nodes");
        }

        @Test
        void everyRefusedValueIsNamedByItsApiField() {
            assertThatThrownBy(() -> SlurmResources.parse("bad name", "gpu:x", "a 1", 0, 2000, 1_000_000_000,
                    "999999999999T", "9999999:00:00"))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                            .extracting(FieldError::field).containsExactly("name", "partition", "gpu_type",
                                    "num_nodes", "gpus_per_node", "cpus_per_task", "memory", "time_limit"));
            assertThatThrownBy(() -> SlurmResources.parse("ok", null, null, 1, 0, null, null, null))
                    .isInstanceOfSatisfying(InvalidInputException.class,
                            e -> assertThat(e.messageFor("partition")).isEqualTo("is required"));
        }

        @Test
        void cannotBeMadeFromValuesTheRulesWouldChange() {
            assertThatThrownBy(() -> new SlurmResources("ok", "gpu", 1, null, 0, null,
                    new SlurmMemory("32g", 32 * 1024), null))
                    .isInstanceOfSatisfying(InvalidInputException.class,
                            e -> assertThat(e.messageFor("memory")).isEqualTo("must be given as 32G"));
            assertThatThrownBy(() -> new SlurmResources("ok", "gpu", 1, null, 0, 70_000, null, null))
                    .isInstanceOf(InvalidInputException.class);
        }
    }

    @Nested
    class Charge_and_constraint {

        @Test
        void accountAndQosAreNamesLikeAPartitionsUnderTheirOwnFields() {
            assertThat(SlurmRules.account(" vision ").value()).isEqualTo("vision");
            assertThat(SlurmRules.qos("high").value()).isEqualTo("high");
            assertThat(SlurmRules.account("a,b").problem()).get().isEqualTo(new FieldError("account",
                    "must be a name of letters, digits, '.', '_' and '-', got 'a,b'"));
            assertThat(SlurmRules.qos("normal high").problem()).get().extracting(FieldError::field).isEqualTo("qos");
        }

        @ParameterizedTest
        @ValueSource(strings = {"a100", "gpu&ib", "rack1|rack2", "a100,v100", "[rack1*2&rack2*4]",
                "gpu&(intel|amd)", "ib_hdr-200.x"})
        void aFeatureExpressionOfNamesAndSbatchsOperatorsPasses(String expression) {
            assertThat(SlurmRules.constraint(expression).value()).isEqualTo(expression);
        }

        @ParameterizedTest
        @ValueSource(strings = {"gpu ib", "gpu'&x", "a\"b", "$(reboot)", "a;b", "a`id`", "gpu\nib", "x>y"})
        void spacesQuotesAndShellCharactersAreRefusedNamingConstraint(String hostile) {
            assertThat(SlurmRules.constraint(hostile).problem()).get()
                    .satisfies(e -> assertThat(e.field()).isEqualTo("constraint"))
                    .satisfies(e -> assertThat(e.message()).startsWith("must be a SLURM feature expression: "
                            + "feature names of letters, digits, '_', '-' and '.' joined by & | , * [ ] ( ) "
                            + "(no spaces or quotes), got '"));
        }

        @Test
        void bracketsMustPairAndTheLengthIsBounded() {
            assertThat(problem(SlurmRules.constraint("gpu&(ib"))).isEqualTo(
                    "must open and close its ( ) and [ ] in pairs, got 'gpu&(ib'");
            assertThat(problem(SlurmRules.constraint("[a|b)"))).startsWith("must open and close");
            assertThat(SlurmRules.constraint("a".repeat(1000)).isAccepted()).isTrue();
            assertThat(SlurmRules.constraint("a".repeat(1001)).complaint()).isEqualTo("must be at most 1000 characters");
        }

        @Test
        void areSbatchOptionsOnlyWhenAskedFor() {
            SlurmResources r = SlurmResources.parse("run", "gpu", null, 1, 0, null, null, null, "vision", "high",
                    "a100&ib");
            assertThat(r.sbatchOptions()).containsEntry("account", "vision").containsEntry("qos", "high")
                    .containsEntry("constraint", "a100&ib");
            assertThat(SlurmResources.parse("run", "gpu", null, 1, 0, null, null, null, " ", "", null)
                    .sbatchOptions()).doesNotContainKeys("account", "qos", "constraint");
            assertThatThrownBy(() -> SlurmResources.parse("run", "gpu", null, 1, 0, null, null, null, "a b",
                    "x,y", "gpu ib"))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                            .extracting(FieldError::field).containsExactly("account", "qos", "constraint"));
        }
    }
}
