package io.missioncontrol.project.hydra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

class HydraConfigJsonTest {

    private final JsonMapper mapper = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    @Test
    void snakeCaseJsonHasExactlyTheDocumentedShape(@TempDir Path project) {
        Projects.write(project,
                "configs/train.yaml", """
                        defaults:
                          - model: cnn
                          - _self_
                        seed: 1
                        name: ${model.name}
                        notes: ???
                        """,
                "configs/model/cnn.yaml", "name: cnn\nlr: 0.001\nlayers: [1, 2]\nextra: null\n",
                "configs/model/mlp.yaml", "name: mlp\n");
        HydraConfig config = HydraConfigLoader.load(project).orElseThrow();

        String json = mapper.writeValueAsString(config);

        assertThat(json).isEqualTo("{\"config_path\":\"configs\",\"config_name\":\"train\","
                + "\"groups\":[{\"name\":\"model\",\"options\":[\"cnn\",\"mlp\"],\"default\":\"cnn\"}],"
                + "\"values\":{\"model\":{\"name\":\"cnn\",\"lr\":0.001,\"layers\":[1,2],\"extra\":null},"
                + "\"seed\":1,\"name\":\"${model.name}\",\"notes\":\"???\"}}");
    }

    @Test
    void aGroupWithoutDefaultHasANullDefault() {
        JsonNode group = mapper.valueToTree(new HydraGroup("experiment", java.util.List.of("b", "a"), null, true));

        assertThat(group.toString()).isEqualTo("{\"name\":\"experiment\",\"options\":[\"a\",\"b\"],\"default\":null}");
    }

    @Test
    void theVisionFixtureSerializesWithoutHelperViews() {
        JsonNode json = mapper.valueToTree(Projects.vision());

        assertThat(json.propertyNames()).containsExactly("config_path", "config_name", "groups", "values");
        assertThat(json.get("groups").get(0).propertyNames()).containsExactly("name", "options", "default");
        assertThat(json.get("values").get("model").get("lr").doubleValue()).isEqualTo(0.001);
    }
}
