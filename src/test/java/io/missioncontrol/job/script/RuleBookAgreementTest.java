package io.missioncontrol.job.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.project.MlopsConfig;
import io.missioncontrol.project.MlopsConfigException;
import io.missioncontrol.project.MlopsConfigReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The .mlops-config.yaml reader and the batch script renderer take and refuse the same values, and refuse them
 * for the same reason: both ask SLURM's rule book. (The launch service and form: JobLaunchServiceTest, LaunchViewTest.)
 */
class RuleBookAgreementTest {

    private static final String ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    private static final Path TEMPLATE = Path.of("config/slurm_template.vm");

    private final MlopsConfigReader reader = new MlopsConfigReader();
    private final BatchScriptRenderer renderer = new BatchScriptRenderer();

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            memory          | 32g            | --mem=32G
            memory          | 64G            | --mem=64G
            memory          | 16000          | --mem=16000
            memory          | 1024T          | --mem=1024T
            memory          | 1025T          |
            memory          | 999999999999T  |
            memory          | 32GB           |
            time_limit      | 90             | --time=90
            time_limit      | 1-12           | --time=1-12
            time_limit      | 9999999:00:00  |
            time_limit      | 1:60           |
            time_limit      | 0              |
            partition       | _gpu           | --partition=_gpu
            partition       | debug          | --partition=debug
            partition       | gpu:x          |
            gpu_type        | _a100          | --gres=gpu:_a100:1
            gpu_type        | a100:2         |
            cpus_per_task   | 8              | --cpus-per-task=8
            cpus_per_task   | 65533          | --cpus-per-task=65533
            cpus_per_task   | 1000000000     |
            cpus_per_task   | 0              |
            nodes           | 100000         | --nodes=100000
            nodes           | 100001         |
            gpus_per_node   | 1024           | --gres=gpu:a100:1024
            gpus_per_node   | 1025           |
            account         | vision         | --account=vision
            account         | a,b            |
            qos             | high           | --qos=high
            qos             | 'normal high'  |
            constraint      | a100&(ib,eth)  | --constraint=a100&(ib,eth)
            constraint      | a100 ib        |
            constraint      | gpu&(ib        |
            """)
    void theReaderAndTheRendererAgree(String key, String value, String sbatchLine) {
        MlopsConfigException refusal = catchThrowableOfType(MlopsConfigException.class,
                () -> reader.parse("resources:\n  " + key + ": \"" + value + "\"\n"));
        boolean accepted = sbatchLine != null;
        if (accepted) {
            assertThat(refusal).as("the reader takes it").isNull();
            MlopsConfig.Resources r = reader.parse("resources:\n  " + key + ": \"" + value + "\"\n").resources();
            assertThat(renderer.render(spec(key, valueOf(key, r)), TEMPLATE)).as("the renderer takes it")
                    .contains("\n#SBATCH " + sbatchLine + "\n");
            return;
        }
        assertThat(refusal).as("the reader refuses it").isNotNull();
        InvalidInputException rendererRefusal = catchThrowableOfType(InvalidInputException.class,
                () -> renderer.context(spec(key, value)));
        assertThat(rendererRefusal).as("the renderer refuses it").isNotNull();
        String field = key.equals("nodes") ? "num_nodes" : key;
        String rendererMessage = rendererRefusal.messageFor(field);
        String complaint = rendererMessage.substring(0, rendererMessage.lastIndexOf(", got "));
        assertThat(refusal.getMessage()).isEqualTo(".mlops-config.yaml line 2: resources." + key + " " + complaint
                + ", got '" + value + "'");
    }

    private static Object valueOf(String key, MlopsConfig.Resources r) {
        return switch (key) {
            case "memory" -> r.memory();
            case "time_limit" -> r.timeLimit();
            case "partition" -> r.partition();
            case "gpu_type" -> r.gpuType();
            case "cpus_per_task" -> r.cpusPerTask();
            case "nodes" -> r.nodes();
            case "gpus_per_node" -> r.gpusPerNode();
            case "account" -> r.account();
            case "qos" -> r.qos();
            case "constraint" -> r.constraint();
            default -> throw new IllegalArgumentException(key);
        };
    }

    /** A valid spec with one setting replaced by {@code value} (as text or number). */
    private static BatchScriptSpec spec(String key, Object value) {
        String partition = key.equals("partition") ? (String) value : "gpu";
        String gpuType = key.equals("gpu_type") ? (String) value : "a100";
        int nodes = key.equals("nodes") ? number(value) : 1;
        int gpus = key.equals("gpus_per_node") ? number(value) : 1;
        Integer cpus = key.equals("cpus_per_task") ? number(value) : null;
        String memory = key.equals("memory") ? (String) value : null;
        String time = key.equals("time_limit") ? (String) value : null;
        String account = key.equals("account") ? (String) value : null;
        String qos = key.equals("qos") ? (String) value : null;
        String constraint = key.equals("constraint") ? (String) value : null;
        return new BatchScriptSpec(ID, "agree", "vision", null, "/w/vision/jobs/" + ID, "git@example.invalid:v.git",
                null, SHA, partition, nodes, gpuType, gpus, cpus, memory, time, account, qos, constraint, List.of(), null, null, Map.of(),
                List.of(), "train.py", List.of(), null, null);
    }

    private static int number(Object value) {
        return value instanceof Integer i ? i : Integer.parseInt((String) value);
    }
}
