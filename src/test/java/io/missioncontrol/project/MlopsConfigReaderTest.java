package io.missioncontrol.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.missioncontrol.cluster.slurm.SlurmTime;
import io.missioncontrol.project.MlopsConfig.HydraLocation;
import io.missioncontrol.project.MlopsConfig.PythonEnv;
import io.missioncontrol.project.MlopsConfig.Resources;
import io.missioncontrol.project.MlopsConfig.Wandb;
import io.missioncontrol.project.MlopsConfigException.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MlopsConfigReaderTest {

    static final String FULL_EXAMPLE = """
            # Mission Control settings for this project
            python:
              conda_env: torch-2.3
              module_loads: [cuda/12.1, gcc/11.2]
            train_script: src/train.py
            setup_commands:
              - pip install -e .
              - python scripts/download_data.py --split train
            env:
              OMP_NUM_THREADS: "8"
              HF_HOME: /scratch/hf-cache
              TOKENIZERS_PARALLELISM: false
              BATCH: 64
            resources:
              partition: gpu
              time_limit: 04:00:00
              cpus_per_task: 8
              memory: 32G
              gpus_per_node: 1
              nodes: 1
              gpu_type: a6000
            wandb:
              project: my-proj
              entity: my-lab
            hydra:
              config_path: configs
              config_name: train
            """;

    @TempDir
    Path tmp;

    private final MlopsConfigReader reader = new MlopsConfigReader();

    private MlopsConfig parse(String yaml) {
        return reader.parse(yaml);
    }

    private MlopsConfigException failure(String yaml) {
        return catchThrowableOfType(MlopsConfigException.class, () -> reader.parse(yaml));
    }

    /** The exception's message for a file expected to have exactly one problem. */
    private String onlyProblem(String yaml) {
        MlopsConfigException e = failure(yaml);
        assertThat(e).as("expected the file to be refused").isNotNull();
        assertThat(e.problems()).hasSize(1);
        assertThat(e.getMessage()).doesNotContain("\tat ", "Exception", "jackson", "snakeyaml");
        return e.getMessage();
    }

    @Nested
    class A_full_file {

        @Test
        void is_read_into_the_record_tree() {
            MlopsConfig config = parse(FULL_EXAMPLE);

            assertThat(config).isEqualTo(new MlopsConfig(
                    new PythonEnv("torch-2.3", null, List.of("cuda/12.1", "gcc/11.2")),
                    "src/train.py",
                    List.of("pip install -e .", "python scripts/download_data.py --split train"),
                    Map.of("OMP_NUM_THREADS", "8", "HF_HOME", "/scratch/hf-cache", "TOKENIZERS_PARALLELISM", "false", "BATCH", "64"),
                    new Resources("gpu", "04:00:00", 8, "32G", 1, 1, "a6000"),
                    new Wandb("my-proj", "my-lab"),
                    new HydraLocation("configs", "train"),
                    List.of()));
            assertThat(config.python().kind()).isEqualTo(PythonEnv.Kind.CONDA);
            assertThat(config.resources().timeLimitDuration()).contains(Duration.ofHours(4));
            assertThat(config.wandb().isConfigured()).isTrue();
            assertThat(config.hydra().isConfigured()).isTrue();
        }

        @Test
        void the_example_in_the_documentation_is_valid() throws IOException {
            String doc = Files.readString(Path.of("docs/mlops-config.md"));
            String example = doc.substring(doc.indexOf("```yaml\n") + 8, doc.indexOf("```", doc.indexOf("```yaml\n") + 8));

            MlopsConfig config = parse(example);

            assertThat(config.warnings()).isEmpty();
            assertThat(config.trainScript()).isNotEqualTo(MlopsConfig.DEFAULT_TRAIN_SCRIPT);
            assertThat(config.resources().isEmpty()).isFalse();
        }

        @Test
        void env_keeps_the_file_order_and_takes_numbers_and_booleans_as_written() {
            MlopsConfig config = parse(FULL_EXAMPLE);

            assertThat(config.env().keySet()).containsExactly("OMP_NUM_THREADS", "HF_HOME", "TOKENIZERS_PARALLELISM", "BATCH");
            assertThat(config.env()).containsEntry("BATCH", "64").containsEntry("TOKENIZERS_PARALLELISM", "false");
        }

        @Test
        void an_empty_env_value_is_allowed_when_quoted() {
            assertThat(parse("env:\n  EMPTY: \"\"\n").env()).containsEntry("EMPTY", "");
        }

        @Test
        void the_result_is_immutable() {
            MlopsConfig config = parse(FULL_EXAMPLE);

            assertThatThrownBy(() -> config.setupCommands().add("rm -rf /")).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> config.env().put("X", "1")).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> config.python().moduleLoads().clear()).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> config.warnings().add("x")).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void a_venv_and_a_single_module_string_are_accepted() {
            MlopsConfig config = parse("""
                    python:
                      venv: .venv
                      module_loads: cuda/12.1
                    """);

            assertThat(config.python()).isEqualTo(new PythonEnv(null, ".venv", List.of("cuda/12.1")));
            assertThat(config.python().kind()).isEqualTo(PythonEnv.Kind.VENV);
        }

        @Test
        void a_single_setup_command_string_is_a_list_of_one() {
            assertThat(parse("setup_commands: pip install -r requirements.txt\n").setupCommands())
                    .containsExactly("pip install -r requirements.txt");
        }

        @Test
        void an_absolute_venv_and_a_conda_prefix_path_are_accepted() {
            assertThat(parse("python:\n  venv: /opt/venvs/proj\n").python().venv()).isEqualTo("/opt/venvs/proj");
            assertThat(parse("python:\n  conda_env: /scratch/alice/envs/torch\n").python().condaEnv()).isEqualTo("/scratch/alice/envs/torch");
        }

        @Test
        void memory_suffixes_are_upper_cased_and_plain_numbers_are_megabytes() {
            assertThat(parse("resources:\n  memory: 64g\n").resources().memory()).isEqualTo("64G");
            assertThat(parse("resources:\n  memory: 16000\n").resources().memory()).isEqualTo("16000");
            assertThat(parse("resources:\n  memory: 16000M\n").resources().memory()).isEqualTo("16000M");
            assertThat(parse("resources:\n  memory: 1T\n").resources().memory()).isEqualTo("1T");
        }

        @Test
        void zero_gpus_per_node_means_a_cpu_job() {
            assertThat(parse("resources:\n  gpus_per_node: 0\n").resources().gpusPerNode()).isZero();
        }

        @Test
        void a_quoted_whole_number_is_accepted() {
            assertThat(parse("resources:\n  nodes: \"2\"\n").resources().nodes()).isEqualTo(2);
        }

        @Test
        void a_byte_order_mark_is_ignored() {
            assertThat(parse("\uFEFFtrain_script: main.py\n").trainScript()).isEqualTo("main.py");
        }
    }

    @Nested
    class Time_limits {

        @ParameterizedTest
        @ValueSource(strings = {"90", "30:00", "04:00:00", "48:00:00", "1-12", "1-12:30", "2-00:00:00", "0:30"})
        void slurm_formats_are_accepted(String limit) {
            assertThat(parse("resources:\n  time_limit: \"" + limit + "\"\n").resources().timeLimit()).isEqualTo(limit);
        }

        @Test
        void unquoted_values_keep_their_text() {
            assertThat(parse("resources:\n  time_limit: 04:00:00\n").resources().timeLimit()).isEqualTo("04:00:00");
            assertThat(parse("resources:\n  time_limit: 4:00:00\n").resources().timeLimit()).isEqualTo("4:00:00");
            assertThat(parse("resources:\n  time_limit: 90\n").resources().timeLimit()).isEqualTo("90");
        }

        @Test
        void durations_follow_slurm_semantics() {
            assertThat(SlurmTime.parseLimit("90")).contains(Duration.ofMinutes(90));
            assertThat(SlurmTime.parseLimit("30:15")).contains(Duration.ofMinutes(30).plusSeconds(15));
            assertThat(SlurmTime.parseLimit("04:00:00")).contains(Duration.ofHours(4));
            assertThat(SlurmTime.parseLimit("1-12")).contains(Duration.ofHours(36));
            assertThat(SlurmTime.parseLimit("1-12:30")).contains(Duration.ofHours(36).plusMinutes(30));
            assertThat(SlurmTime.parseLimit("1-00:00:01")).contains(Duration.ofDays(1).plusSeconds(1));
        }

        @ParameterizedTest
        @ValueSource(strings = {"4h", "0", "00:00:00", "1:60", "1:61:00", "1-24", "1-1:60", "abc", "1--2", "-5", "UNLIMITED", "1:2:3:4"})
        void anything_else_is_refused_with_the_line(String limit) {
            assertThat(onlyProblem("# comment\nresources:\n  time_limit: \"" + limit + "\"\n"))
                    .startsWith(".mlops-config.yaml line 3: resources.time_limit must be a SLURM time limit")
                    .endsWith(", got '" + limit + "'");
        }
    }

    @Nested
    class Defaults {

        @Test
        void a_project_without_the_file_gets_the_defaults() throws IOException {
            Files.writeString(tmp.resolve("train.py"), "print(1)\n");

            MlopsConfig config = reader.read(tmp);

            assertThat(config).isEqualTo(MlopsConfig.defaults());
            assertThat(config.trainScript()).isEqualTo("train.py");
            assertThat(config.python()).isEqualTo(PythonEnv.NONE);
            assertThat(config.python().kind()).isEqualTo(PythonEnv.Kind.SYSTEM);
            assertThat(config.setupCommands()).isEmpty();
            assertThat(config.env()).isEmpty();
            assertThat(config.resources().isEmpty()).isTrue();
            assertThat(config.wandb().isConfigured()).isFalse();
            assertThat(config.hydra().isConfigured()).isFalse();
            assertThat(config.warnings()).isEmpty();
        }

        @Test
        void an_empty_file_gives_the_defaults() {
            assertThat(parse("")).isEqualTo(MlopsConfig.defaults());
            assertThat(parse("\n\n")).isEqualTo(MlopsConfig.defaults());
        }

        @Test
        void a_file_with_only_comments_gives_the_defaults() {
            assertThat(parse("# nothing yet\n# train_script: x.py\n")).isEqualTo(MlopsConfig.defaults());
        }

        @Test
        void an_empty_document_marker_gives_the_defaults() {
            assertThat(parse("---\n")).isEqualTo(MlopsConfig.defaults());
        }

        @Test
        void empty_sections_and_values_are_the_same_as_absent() {
            MlopsConfig config = parse("""
                    python:
                    train_script:
                    setup_commands:
                    env:
                    resources:
                      partition: ~
                      nodes: null
                    wandb:
                    hydra:
                    """);

            assertThat(config).isEqualTo(MlopsConfig.defaults());
        }

        @Test
        void a_file_with_only_some_settings_keeps_the_other_defaults() {
            MlopsConfig config = parse("resources:\n  partition: gpu\n");

            assertThat(config.trainScript()).isEqualTo("train.py");
            assertThat(config.resources()).isEqualTo(new Resources("gpu", null, null, null, null, null, null));
        }

        @Test
        void the_file_is_read_from_the_project_root() throws IOException {
            Files.writeString(tmp.resolve(".mlops-config.yaml"), FULL_EXAMPLE);
            Files.createDirectories(tmp.resolve("src"));
            Files.writeString(tmp.resolve("src/train.py"), "print(1)\n");

            assertThat(reader.read(tmp)).isEqualTo(parse(FULL_EXAMPLE));
        }
    }

    @Nested
    class Warnings {

        @Test
        void an_unknown_key_is_a_warning_with_its_line() {
            MlopsConfig config = parse("""
                    train_script: main.py
                    slack_channel: "#ml"
                    """);

            assertThat(config.trainScript()).isEqualTo("main.py");
            assertThat(config.warnings()).containsExactly(".mlops-config.yaml line 2: unknown key 'slack_channel' is ignored");
        }

        @Test
        void an_unknown_nested_key_is_named_with_its_section() {
            MlopsConfig config = parse("""
                    resources:
                      partition: gpu
                      reservation: lab-a
                    """);

            assertThat(config.resources().partition()).isEqualTo("gpu");
            assertThat(config.warnings()).containsExactly(".mlops-config.yaml line 3: unknown key 'resources.reservation' is ignored");
        }

        @Test
        void a_typo_gets_a_suggestion() {
            assertThat(parse("resources:\n  gpus_per_nodes: 2\n").warnings())
                    .containsExactly(".mlops-config.yaml line 2: unknown key 'resources.gpus_per_nodes' is ignored; did you mean 'resources.gpus_per_node'?");
        }

        @Test
        void camel_case_gets_the_snake_case_key() {
            assertThat(parse("trainScript: main.py\n").warnings())
                    .containsExactly(".mlops-config.yaml line 1: unknown key 'trainScript' is ignored; did you mean 'train_script'?");
        }

        @Test
        void a_key_in_the_wrong_section_points_to_the_right_one() {
            assertThat(parse("partition: gpu\n").warnings())
                    .containsExactly(".mlops-config.yaml line 1: unknown key 'partition' is ignored; did you mean 'resources.partition'?");
        }

        @Test
        void a_missing_train_script_is_a_warning_when_reading_a_project() throws IOException {
            Files.writeString(tmp.resolve(".mlops-config.yaml"), "train_script: src/main.py\n");

            assertThat(reader.read(tmp).warnings())
                    .containsExactly(".mlops-config.yaml: train_script 'src/main.py' does not exist in the project directory");
        }

        @Test
        void a_missing_default_train_script_is_a_warning_too() {
            assertThat(reader.read(tmp).warnings())
                    .containsExactly(".mlops-config.yaml: train_script 'train.py' (the default) does not exist in the project directory");
        }

        @Test
        void a_yml_file_is_pointed_out() throws IOException {
            Files.writeString(tmp.resolve(".mlops-config.yml"), "train_script: x.py\n");
            Files.writeString(tmp.resolve("train.py"), "");

            MlopsConfig config = reader.read(tmp);

            assertThat(config.trainScript()).isEqualTo("train.py");
            assertThat(config.warnings()).containsExactly(".mlops-config.yml is not read: rename it to .mlops-config.yaml");
        }
    }

    @Nested
    class Invalid_values {

        @Test
        void a_word_where_a_number_belongs_names_the_key_line_and_value() {
            assertThat(onlyProblem("""
                    python:
                      conda_env: myenv
                    train_script: train.py
                    resources:
                      partition: gpu
                      time_limit: "04:00:00"
                      nodes: many
                    """)).isEqualTo(".mlops-config.yaml line 7: resources.nodes must be a whole number, got 'many'");
        }

        @Test
        void numbers_out_of_range_or_not_whole_are_refused() {
            assertThat(onlyProblem("resources:\n  nodes: 0\n"))
                    .isEqualTo(".mlops-config.yaml line 2: resources.nodes must be at least 1, got '0'");
            assertThat(onlyProblem("resources:\n  gpus_per_node: -1\n"))
                    .isEqualTo(".mlops-config.yaml line 2: resources.gpus_per_node must be at least 0, got '-1'");
            assertThat(onlyProblem("resources:\n  cpus_per_task: 1.5\n"))
                    .isEqualTo(".mlops-config.yaml line 2: resources.cpus_per_task must be a whole number, got '1.5'");
            assertThat(onlyProblem("resources:\n  nodes: 99999999999999999999\n"))
                    .isEqualTo(".mlops-config.yaml line 2: resources.nodes must be at most 100000, got '99999999999999999999'");
            assertThat(onlyProblem("resources:\n  nodes: [1, 2]\n"))
                    .isEqualTo(".mlops-config.yaml line 2: resources.nodes must be a whole number, got a list");
            assertThat(onlyProblem("resources:\n  gpus_per_node: true\n"))
                    .isEqualTo(".mlops-config.yaml line 2: resources.gpus_per_node must be a whole number, got 'true'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"32 GB", "32GB", "lots", "-1G", "1.5G"})
        void a_bad_memory_size_is_refused(String memory) {
            assertThat(onlyProblem("resources:\n  memory: \"" + memory + "\"\n"))
                    .isEqualTo(".mlops-config.yaml line 2: resources.memory must be a number with an optional K, M, G or T suffix"
                            + " (32G, 16000M; no suffix means megabytes), got '" + memory + "'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"/abs/train.py", "../other/train.py", "src/../../train.py", "~/train.py", "src\\\\train.py"})
        void a_train_script_outside_the_project_is_refused(String script) {
            assertThat(onlyProblem("train_script: \"" + script + "\"\n"))
                    .startsWith(".mlops-config.yaml line 1: train_script must ");
        }

        @Test
        void a_train_script_with_dot_dot_says_so() {
            assertThat(onlyProblem("train_script: ../train.py\n"))
                    .isEqualTo(".mlops-config.yaml line 1: train_script must stay inside the project (no '..'), got '../train.py'");
        }

        @Test
        void an_empty_or_structured_train_script_is_refused() {
            assertThat(onlyProblem("train_script: \"\"\n")).isEqualTo(".mlops-config.yaml line 1: train_script must not be empty");
            assertThat(onlyProblem("train_script: [a.py, b.py]\n"))
                    .isEqualTo(".mlops-config.yaml line 1: train_script must be a single value, got a list");
        }

        @Test
        void names_with_dots_inside_are_fine_for_train_scripts() {
            assertThat(parse("train_script: ./src/..hidden/train.v2.py\n").trainScript()).isEqualTo("./src/..hidden/train.v2.py");
        }

        @Test
        void a_bad_environment_variable_name_is_refused() {
            assertThat(onlyProblem("env:\n  OK_NAME: 1\n  MY-VAR: 2\n"))
                    .isEqualTo(".mlops-config.yaml line 3: env: 'MY-VAR' is not a valid environment variable name"
                            + " (letters, digits and _, not starting with a digit)");
            assertThat(onlyProblem("env:\n  1ST: x\n")).contains("line 2: env: '1ST' is not a valid environment variable name");
            assertThat(onlyProblem("env:\n  \"A B\": x\n")).contains("line 2: env: 'A B' is not a valid");
            assertThat(onlyProblem("env:\n  \"$(reboot)\": x\n")).contains("line 2: env: '$(reboot)' is not a valid");
        }

        @Test
        void an_environment_variable_without_a_value_is_refused() {
            assertThat(onlyProblem("env:\n  FOO:\n"))
                    .isEqualTo(".mlops-config.yaml line 2: env.FOO has no value; write FOO: \"\" for an empty one");
        }

        @Test
        void env_must_be_a_mapping_of_plain_values() {
            assertThat(onlyProblem("env: [A, B]\n"))
                    .isEqualTo(".mlops-config.yaml line 1: env must be a mapping (indented key: value lines), got a list");
            assertThat(onlyProblem("env:\n  PATHS:\n    - /a\n"))
                    .isEqualTo(".mlops-config.yaml line 3: env.PATHS must be a single value, got a list");
        }

        @Test
        void line_breaks_and_nul_characters_are_refused_in_values() {
            assertThat(onlyProblem("env:\n  FOO: \"a\\nb\"\n"))
                    .isEqualTo(".mlops-config.yaml line 2: env.FOO must be a single line of text (no line breaks or control characters), got 'a\\nb'");
            assertThat(onlyProblem("wandb:\n  project: \"p\\0\"\n"))
                    .isEqualTo(".mlops-config.yaml line 2: wandb.project must be a single line of text (no line breaks or control characters), got 'p\\u0000'");
            assertThat(onlyProblem("setup_commands:\n  - |\n    pip install .\n    rm -rf /\n"))
                    .startsWith(".mlops-config.yaml line 2: setup_commands[0] must be a single line of text");
        }

        @Test
        void a_setup_command_with_an_unquoted_colon_space_is_explained() {
            assertThat(onlyProblem("setup_commands:\n  - pip install .\n  - echo note: done\n"))
                    .isEqualTo(".mlops-config.yaml line 3: setup_commands[1] must be text, got a mapping; quote the whole item if it contains ': '");
        }

        @Test
        void an_empty_setup_command_is_refused() {
            assertThat(onlyProblem("setup_commands:\n  - pip install .\n  -\n"))
                    .isEqualTo(".mlops-config.yaml line 3: setup_commands[1] is empty; remove the '-' line or write something after it");
        }

        @Test
        void setup_commands_must_be_a_list() {
            assertThat(onlyProblem("setup_commands:\n  pip: install\n"))
                    .isEqualTo(".mlops-config.yaml line 1: setup_commands must be a list (lines starting with '- '), got a mapping");
        }

        @ParameterizedTest
        @ValueSource(strings = {"my env", "env;reboot", "$(id)", "-n", "../envs/x", "/scratch/../etc"})
        void an_unsafe_conda_env_is_refused(String name) {
            assertThat(onlyProblem("python:\n  conda_env: \"" + name + "\"\n"))
                    .isEqualTo(".mlops-config.yaml line 2: python.conda_env must be a conda environment name (letters, digits,"
                            + " '.', '_', '-', '+') or the absolute path of one, got '" + name + "'");
        }

        @Test
        void conda_and_venv_together_are_refused() {
            assertThat(onlyProblem("python:\n  conda_env: a\n  venv: .venv\n"))
                    .isEqualTo(".mlops-config.yaml line 3: python: set either conda_env or venv, not both");
        }

        @Test
        void a_venv_under_the_home_tilde_is_refused() {
            assertThat(onlyProblem("python:\n  venv: ~/venvs/proj\n"))
                    .isEqualTo(".mlops-config.yaml line 2: python.venv must be relative to the checkout or absolute"
                            + " ('~' is not expanded; write the full path), got '~/venvs/proj'");
        }

        @Test
        void a_module_list_item_with_spaces_is_refused() {
            assertThat(onlyProblem("python:\n  module_loads:\n    - cuda/12.1\n    - gcc/11 openmpi/4\n"))
                    .isEqualTo(".mlops-config.yaml line 4: python.module_loads[1] must be one module name (like cuda/12.1) per item,"
                            + " without spaces, got 'gcc/11 openmpi/4'");
        }

        @Test
        void partition_and_gpu_type_must_be_plain_names() {
            assertThat(onlyProblem("resources:\n  partition: gpu;reboot\n"))
                    .isEqualTo(".mlops-config.yaml line 2: resources.partition must be a name of letters, digits, '.', '_' and '-', got 'gpu;reboot'");
            assertThat(onlyProblem("resources:\n  gpu_type: a100 80gb\n"))
                    .isEqualTo(".mlops-config.yaml line 2: resources.gpu_type must be a name of letters, digits, '.', '_' and '-', got 'a100 80gb'");
        }

        @Test
        void a_wandb_name_with_a_slash_is_refused() {
            assertThat(onlyProblem("wandb:\n  project: lab/proj\n"))
                    .isEqualTo(".mlops-config.yaml line 2: wandb.project must not contain any of / \\ # ? % :, got 'lab/proj'");
        }

        @Test
        void a_hydra_config_path_outside_the_project_is_refused() {
            assertThat(onlyProblem("hydra:\n  config_path: ../configs\n"))
                    .isEqualTo(".mlops-config.yaml line 2: hydra.config_path must stay inside the project (no '..'), got '../configs'");
        }

        @Test
        void a_section_that_is_not_a_mapping_is_refused_at_its_key() {
            assertThat(onlyProblem("train_script: a.py\nresources: gpu\n"))
                    .isEqualTo(".mlops-config.yaml line 2: resources must be a mapping (indented key: value lines), got 'gpu'");
        }

        @Test
        void a_top_level_list_is_refused() {
            assertThat(onlyProblem("- train_script: a.py\n"))
                    .isEqualTo(".mlops-config.yaml line 1: the file must be a mapping of settings (key: value lines), got a list");
        }

        @Test
        void a_key_set_twice_names_both_lines() {
            assertThat(onlyProblem("resources:\n  nodes: 1\n  gpus_per_node: 1\n  nodes: 2\n"))
                    .isEqualTo(".mlops-config.yaml line 4: resources.nodes is set twice (first on line 2); keep one");
        }

        @Test
        void yaml_aliases_are_refused() {
            assertThat(onlyProblem("wandb:\n  project: &p proj\n  entity: *p\n"))
                    .isEqualTo(".mlops-config.yaml line 3: wandb.entity uses the YAML alias '*p'; aliases are not supported, write the value out");
        }

        @Test
        void a_second_document_is_refused() {
            assertThat(onlyProblem("train_script: a.py\n---\ntrain_script: b.py\n"))
                    .isEqualTo(".mlops-config.yaml line 3: the file holds more than one YAML document (a second '---'); put all settings in one");
        }

        @Test
        void every_problem_is_reported_in_line_order_one_per_line() {
            MlopsConfigException e = failure("""
                    train_script: /abs.py
                    resources:
                      nodes: many
                      memory: lots
                    env:
                      BAD-NAME: x
                    unknown: 1
                    """);

            assertThat(e.problems()).extracting(Problem::line).containsExactly(1, 3, 4, 6);
            assertThat(e.problems()).extracting(Problem::key)
                    .containsExactly("train_script", "resources.nodes", "resources.memory", "env.BAD-NAME");
            assertThat(e.getMessage().lines()).hasSize(4).allMatch(l -> l.startsWith(".mlops-config.yaml line "));
        }

        @Test
        void a_very_long_value_is_shortened_in_the_message() {
            String longValue = "x".repeat(500);
            assertThat(onlyProblem("resources:\n  partition: \"" + longValue + "!\"\n"))
                    .endsWith(", got '" + "x".repeat(60) + "…'");
        }
    }

    @Nested
    class Bad_yaml {

        @Test
        void a_misindented_key_names_its_line() {
            assertThat(onlyProblem("python:\n  conda_env: a\n    venv: b\n"))
                    .isEqualTo(".mlops-config.yaml line 3: invalid YAML: mapping values are not allowed here");
        }

        @Test
        void two_colons_on_one_line_name_the_line() {
            assertThat(onlyProblem("train_script: a.py\nwandb: project: x\n"))
                    .isEqualTo(".mlops-config.yaml line 2: invalid YAML: mapping values are not allowed here");
        }

        @Test
        void an_unclosed_bracket_names_where_it_was_opened() {
            assertThat(onlyProblem("python:\n  module_loads: [cuda/12.1, gcc\ntrain_script: a.py\n"))
                    .startsWith(".mlops-config.yaml line 3: invalid YAML: expected ',' or ']'")
                    .contains("while parsing a flow sequence that starts on line 2");
        }

        @Test
        void an_unterminated_quote_names_the_line_where_it_starts() {
            assertThat(onlyProblem("train_script: a.py\nenv:\n  A: \"oops\n  B: c\n"))
                    .startsWith(".mlops-config.yaml line 3: invalid YAML: found unexpected end of stream");
        }

        @Test
        void a_tab_used_for_indentation_is_explained() {
            assertThat(onlyProblem("resources:\n\tnodes: 1\n"))
                    .startsWith(".mlops-config.yaml line 2: invalid YAML: ")
                    .contains("TAB");
        }

        @Test
        void the_yaml_error_keeps_the_parser_exception_as_cause_but_not_in_the_message() {
            MlopsConfigException e = failure("a: b: c\n");

            assertThat(e.getCause()).isNotNull();
            assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("^");
        }
    }

    @Nested
    class The_file_itself {

        @Test
        void a_file_that_is_not_utf8_is_refused() throws IOException {
            Files.write(tmp.resolve(".mlops-config.yaml"), new byte[] {'a', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'});

            assertThatThrownBy(() -> reader.read(tmp))
                    .isInstanceOf(MlopsConfigException.class)
                    .hasMessage(".mlops-config.yaml is not UTF-8 text");
        }

        @Test
        void a_huge_file_is_refused() throws IOException {
            Files.writeString(tmp.resolve(".mlops-config.yaml"), "# " + "x".repeat(MlopsConfigReader.MAX_FILE_BYTES) + "\n");

            assertThatThrownBy(() -> reader.read(tmp))
                    .isInstanceOf(MlopsConfigException.class)
                    .hasMessage(".mlops-config.yaml is larger than 256 KiB");
        }

        @Test
        void a_symlink_out_of_the_project_is_refused() throws IOException {
            Path project = Files.createDirectories(tmp.resolve("project"));
            Path secret = Files.writeString(tmp.resolve("secret.yaml"), "train_script: x.py\n");
            Files.createSymbolicLink(project.resolve(".mlops-config.yaml"), secret);

            assertThatThrownBy(() -> reader.read(project))
                    .isInstanceOf(MlopsConfigException.class)
                    .hasMessageContaining("is a symbolic link to")
                    .hasMessageContaining("outside the project");
        }

        @Test
        void a_symlink_inside_the_project_is_followed() throws IOException {
            Files.createDirectories(tmp.resolve("conf"));
            Files.writeString(tmp.resolve("conf/mlops.yaml"), "train_script: conf/run.py\n");
            Files.createSymbolicLink(tmp.resolve(".mlops-config.yaml"), Path.of("conf/mlops.yaml"));
            Files.writeString(tmp.resolve("conf/run.py"), "");

            assertThat(reader.read(tmp).trainScript()).isEqualTo("conf/run.py");
        }

        @Test
        void a_broken_symlink_is_refused() throws IOException {
            Files.createSymbolicLink(tmp.resolve(".mlops-config.yaml"), tmp.resolve("gone.yaml"));

            assertThatThrownBy(() -> reader.read(tmp))
                    .isInstanceOf(MlopsConfigException.class)
                    .hasMessage(".mlops-config.yaml is a broken symbolic link");
        }

        @Test
        void a_directory_with_the_file_name_is_refused() throws IOException {
            Files.createDirectories(tmp.resolve(".mlops-config.yaml"));

            assertThatThrownBy(() -> reader.read(tmp))
                    .isInstanceOf(MlopsConfigException.class)
                    .hasMessage(".mlops-config.yaml is not a regular file");
        }

        @Test
        void a_broken_file_on_disk_reports_its_line() throws IOException {
            Files.writeString(tmp.resolve(".mlops-config.yaml"), "resources:\n  nodes: many\n", StandardCharsets.UTF_8);

            assertThatThrownBy(() -> reader.read(tmp))
                    .isInstanceOf(MlopsConfigException.class)
                    .hasMessage(".mlops-config.yaml line 2: resources.nodes must be a whole number, got 'many'");
        }
    }
}
