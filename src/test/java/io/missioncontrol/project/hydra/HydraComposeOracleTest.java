package io.missioncontrol.project.hydra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The portal's Hydra model held against real Hydra 1.3 (the test oracle in {@code shared/reference/hydra}): for each
 * command line below, either both accept it and compose the same config (group choices; interpolations and
 * {@code ???} kept as text), or both refuse it before anything runs.
 */
@Tag("hydra-oracle")
class HydraComposeOracleTest {

    /** On the vision fixture (src/test/resources/hydra/vision): group choices, experiments, value overrides. */
    static final List<List<String>> VISION = List.of(
            List.of(),
            List.of("model=mlp"),
            List.of("model=resnet"),
            List.of("model=mlp", "model/optimizer=adam"),
            List.of("model/optimizer=sgd"),
            List.of("dataset=imagenet", "trainer=fast"),
            List.of("experiment=big_resnet"),
            List.of("experiment=quick"),
            List.of("experiment=big_resnet", "model=mlp"),
            List.of("experiment=quick", "trainer=default"),
            List.of("trainer=null"),
            List.of("model=resnet", "model/optimizer=sgd"),
            List.of("dataset=imagenet"),
            List.of("trainer=fast"),
            List.of("experiment=quick", "dataset=imagenet"),
            List.of("experiment=big_resnet", "trainer=fast", "model/optimizer=sgd"),
            List.of("+model@backbone=mlp"),
            List.of("dataset=[cifar10,imagenet]"),
            List.of("~dataset"),
            List.of("~experiment"),
            List.of("~model=cnn"),
            List.of("~model=mlp"),
            // values
            List.of("seed=5"),
            List.of("trainer.max_epochs=3", "model=mlp"),
            List.of("+trainer.seed=7"),
            List.of("++seed=8"),
            List.of("~debug"),
            // refused
            List.of("model=vit"),
            List.of("modle=mlp"),
            List.of("lr=5"),
            List.of("+seed=5"),
            List.of("model/optimizer=adamw"),
            List.of("~nothing"),
            List.of("+model=mlp"));

    /**
     * Where the portal is stricter than Hydra on purpose: a key given twice (Hydra takes the last) is most often a
     * form field and a typed override that disagree, and one of them would silently lose.
     */
    static final List<List<String>> DELIBERATELY_STRICTER = List.of(
            List.of("model=cnn", "model=mlp"),
            List.of("seed=1", "seed=2"));

    @Test
    void aKeyGivenTwiceIsRefusedThoughHydraWouldTakeTheLast() throws Exception {
        Path configs = Path.of(getClass().getResource("/hydra/vision/configs").toURI());
        HydraConfig config = HydraConfigLoader.load(configs.getParent(), "configs", "train").orElseThrow();
        List<JsonNode> hydra = oracle(configs, "train", DELIBERATELY_STRICTER);
        for (int i = 0; i < DELIBERATELY_STRICTER.size(); i++) {
            assertThat(hydra.get(i).has("config")).as("Hydra composes " + DELIBERATELY_STRICTER.get(i)).isTrue();
            assertThat(ours(config, DELIBERATELY_STRICTER.get(i)).refusal()).contains("is already set by");
        }
    }

    @Test
    void theVisionProjectComposesAsHydraComposesIt() throws Exception {
        Path configs = Path.of(getClass().getResource("/hydra/vision/configs").toURI());
        HydraConfig config = HydraConfigLoader.load(configs.getParent(), "configs", "train").orElseThrow();
        assertAgree(config, configs, "train", VISION, 16);
    }

    @Test
    void aMandatoryGroupLeftUnchosenIsRefusedAsHydraRefusesIt(@TempDir Path project) throws Exception {
        Path conf = project.resolve("conf");
        write(conf, "train.yaml", "defaults:\n  - db: ???\n  - _self_\nbatch: 8\n");
        write(conf, "db/mysql.yaml", "driver: mysql\nport: 3306\n");
        write(conf, "db/postgres.yaml", "driver: postgres\nport: 5432\n");
        HydraConfig config = HydraConfigLoader.load(project, "conf", "train").orElseThrow();
        assertAgree(config, conf, "train", List.of(List.of(), List.of("db=mysql"), List.of("db=postgres", "batch=4"),
                List.of("db=sqlite")), 1);
    }

    @Test
    void packagesSelfFirstAndNestedDefaultsComposeAsInHydra(@TempDir Path project) throws Exception {
        Path conf = project.resolve("conf");
        write(conf, "train.yaml", "defaults:\n  - _self_\n  - optim: adam\n  - data@train_data: small\n"
                + "  - data@eval_data: small\n  - override optim: sgd\nlr: 0.1\noptim:\n  lr: 0.5\n");
        write(conf, "optim/adam.yaml", "# @package opt\nname: adam\nlr: 0.001\n");
        write(conf, "optim/sgd.yaml", "defaults:\n  - schedule: cosine\nname: sgd\nlr: 0.01\n");
        write(conf, "optim/schedule/cosine.yaml", "kind: cosine\nwarmup: 5\n");
        write(conf, "optim/schedule/step.yaml", "kind: step\nevery: 10\n");
        write(conf, "data/small.yaml", "size: 100\npath: /data/small\n");
        write(conf, "data/big.yaml", "size: 100000\npath: /data/big\n");
        HydraConfig config = HydraConfigLoader.load(project, "conf", "train").orElseThrow();
        assertAgree(config, conf, "train", List.of(List.of(), List.of("optim=adam"),
                List.of("optim/schedule=step"), List.of("data@train_data=big"), List.of("data@eval_data=big",
                        "optim=sgd"), List.of("optim=adam", "optim/schedule=step")), 5);
    }

    private static void write(Path dir, String relative, String content) throws Exception {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** What the portal's model says of one command line: refused (why), or the config it composes. */
    record Ours(String refusal, Map<String, Object> values, boolean valuesCompared) {
    }

    static Ours ours(HydraConfig config, List<String> overrides) {
        List<OverrideProblem> problems = HydraOverrides.validateText(config, overrides);
        if (!problems.isEmpty()) {
            return new Ours(problems.toString(), null, false);
        }
        Map<String, String> choices = new LinkedHashMap<>();
        boolean onlyChoices = true;
        for (String override : overrides) {
            int equal = override.indexOf('=');
            String key = equal < 0 ? override : override.substring(0, equal).replaceFirst("^\\+\\+?", "");
            String value = equal < 0 ? "" : override.substring(equal + 1);
            // withChoices takes one option per group (group@package too); a list of options is compared on
            // acceptance only
            if (equal > 0 && config.hasGroup(key.replaceFirst("@.*", "")) && !value.startsWith("[")) {
                choices.remove(key);
                choices.put(key, override.substring(equal + 1));
            } else {
                onlyChoices = false;
            }
        }
        HydraLoadResult composed = config.withChoices(choices);
        if (!(composed instanceof HydraLoadResult.Loaded loaded)) {
            return new Ours(composed.message(), null, false);
        }
        return new Ours(null, loaded.config().values(), onlyChoices);
    }

    private static void assertAgree(HydraConfig config, Path configDir, String name, List<List<String>> cases,
                                    int minimumComposed) throws Exception {
        List<JsonNode> hydra = oracle(configDir, name, cases);
        ObjectMapper json = new ObjectMapper();
        List<String> differences = new ArrayList<>();
        int composedAlike = 0; // accepted by both, with the same composed values
        for (int i = 0; i < cases.size(); i++) {
            Ours ours = ours(config, cases.get(i));
            JsonNode expected = hydra.get(i);
            if (expected.has("error")) {
                if (ours.refusal() == null) {
                    differences.add(cases.get(i) + ": Hydra refuses (" + expected.get("error").asText()
                            + ") but the portal accepts it");
                }
                continue;
            }
            if (ours.refusal() != null) {
                differences.add(cases.get(i) + ": Hydra composes it but the portal refuses: " + ours.refusal());
                continue;
            }
            if (ours.valuesCompared()) {
                JsonNode ourConfig = json.readTree(json.writeValueAsString(ours.values()));
                if (!ourConfig.equals(expected.get("config"))) {
                    differences.add(cases.get(i) + ": Hydra composes " + expected.get("config") + " but the portal "
                            + ourConfig);
                    continue;
                }
                composedAlike++;
            }
        }
        assertThat(differences).as("differences from Hydra").isEmpty();
        assertThat(composedAlike).isGreaterThanOrEqualTo(minimumComposed);
    }

    static List<JsonNode> oracle(Path configDir, String configName, List<List<String>> cases) {
        return HydraOracle.ask("compose_oracle.py", configDir, configName, cases);
    }
}
