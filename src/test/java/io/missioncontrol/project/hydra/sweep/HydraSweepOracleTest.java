package io.missioncontrol.project.hydra.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.missioncontrol.project.hydra.HydraConfig;
import io.missioncontrol.project.hydra.HydraConfigLoader;
import io.missioncontrol.project.hydra.HydraGroup;
import io.missioncontrol.project.hydra.HydraOracle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The portal's sweep expansion held against real Hydra 1.3 ({@code shared/reference/hydra}, the test oracle, found
 * beside the checkout or through {@code MISSIONCONTROL_HYDRA_ORACLE}): for every expression below both agree on the
 * tasks and their order, or both refuse it. All cases go to one Python process.
 */
@Tag("hydra-oracle")
class HydraSweepOracleTest {

    /** Sweeps written as a user writes them on Hydra's command line; each is one multirun. */
    static final List<List<String>> CASES = List.of(
            List.of("model=cnn,mlp"),
            List.of("model=cnn,mlp", "lr=0.1,0.01"),
            List.of("lr=0.1,0.01", "model=cnn,mlp"),
            List.of("model=glob(*)"),
            List.of("model=glob(*,exclude=res*)"),
            List.of("model=glob([c*,m*])"),
            List.of("model=glob(*,exclude=[cnn,mlp])"),
            List.of("optim=glob(?gd)", "seed=1,2"),
            List.of("lr=range(1,4)"),
            List.of("lr=range(5)"),
            List.of("lr=range(0,10,3)"),
            List.of("lr=range(10,0,-3)"),
            List.of("lr=range(0.1,0.5,0.1)"),
            List.of("lr=range(0,1,0.25)"),
            List.of("lr=range(1,2,0.3)"),
            List.of("lr=range(start=1,stop=3)"),
            List.of("lr=range(1.5,3)"),
            List.of("lr=sort(range(5,0,-1))"),
            List.of("lr=sort(range(0,5),reverse=true)"),
            List.of("x=sort(range(0,1,0.25),reverse=true)"),
            List.of("seed=choice(1,2,3)"),
            List.of("x=sort(c,a,b)"),
            List.of("x=sort(3,1,2,reverse=true)"),
            List.of("x=choice(a,b)", "y=1"),
            List.of("flag=true,false"),
            List.of("x=TRUE,False,NULL"),
            List.of("x=1_000,2e-5,1e16"),
            List.of("x=0.1,1.0,100.0,1e-4,-0.0,inf,-inf,nan,1.5e300,123456789.125"),
            List.of("x=null,1"),
            List.of("s='a b',c"),
            List.of("t=choice('a b',c)"),
            List.of("x=\"double \\\"q\\\"\",'single \\'q\\''"),
            List.of("x=a b,c d"),
            List.of("x= a , b "),
            List.of("x=a\\,b,c"),
            List.of("x=${oc.env:HOME},b"),
            List.of("x=1:2,3"),
            List.of("x=[1,2],[3,4]"),
            List.of("x={a:1,b:2},{a:3}"),
            List.of("x=['a b',c],[]"),
            List.of("x=int(1.5,2.7)"),
            List.of("x=str(1,2)"),
            List.of("x=str(true,1.0)"),
            List.of("x=float(range(1,3))"),
            List.of("x=int(choice('1','2'))"),
            List.of("x=tag(lr,choice(1,2))"),
            List.of("a=1,2", "b=3", "a=5,6,7"),
            List.of("+seed=1,2"),
            List.of("++trainer.max_epochs=10,20"),
            List.of("model@backbone=cnn,mlp"),
            List.of("~model"),
            List.of("x=1", "y=2"),
            List.of("x="),
            List.of("x=a-b/c.d@e,f+g"),
            // refused by Hydra
            List.of("x=interval(0,1)"),
            List.of("x=choice(null,1)"),
            List.of("x=str(range(1,3))"),
            List.of("x=choice()"),
            List.of("x=range(0,10,0)"),
            List.of("x=range(0,1,0.0)"),
            List.of("x=choice(choice(a,b))"),
            List.of("x=foo(1)"),
            List.of("x=1,2,"),
            List.of("x=[1,2"),
            List.of("x=abc=d"),
            List.of("x=int(a)"),
            List.of("x=bool(yes)"),
            List.of("x=range(a,b)"),
            List.of("x=sort(a,1)"),
            List.of("x=glob(1)"),
            List.of("x=range(1,2,step=1,stop=3)"),
            List.of("model/=cnn"),
            List.of("x='unclosed,b"));

    /** shuffle: the same runs as Hydra's, in an order nobody can repeat. */
    static final List<List<String>> SHUFFLED = List.of(
            List.of("seed=shuffle(1,2,3,4)"),
            List.of("lr=shuffle(range(0,5))", "model=cnn,mlp"));

    static Path configDir;
    static HydraConfig config;

    @BeforeAll
    static void writeConfig(@TempDir Path project) throws IOException {
        configDir = project.resolve("conf");
        write("train.yaml", "defaults:\n  - model: cnn\n  - optim: adam\n  - _self_\nlr: 0.1\nseed: 0\nx: 0\n");
        for (String model : List.of("cnn", "mlp", "resnet", "vit")) {
            write("model/" + model + ".yaml", "name: " + model + "\n");
        }
        for (String optim : List.of("adam", "sgd", "asgd")) {
            write("optim/" + optim + ".yaml", "name: " + optim + "\n");
        }
        config = HydraConfigLoader.load(project, "conf", "train").orElseThrow();
    }

    private static void write(String relative, String content) throws IOException {
        Path file = configDir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    static Function<String, List<String>> groupOptions() {
        return group -> config.group(group).map(HydraGroup::options).orElse(List.of());
    }

    @Test
    void everyCaseExpandsToHydrasTasksInHydrasOrderOrIsRefusedLikeHydraRefusesIt() throws Exception {
        List<JsonNode> hydra = oracle(CASES);
        List<String> differences = new ArrayList<>();
        int agreedTasks = 0;
        int agreedRefusals = 0;
        for (int i = 0; i < CASES.size(); i++) {
            List<String> overrides = CASES.get(i);
            JsonNode expected = hydra.get(i);
            Optional<List<List<String>>> ours;
            String ourError = null;
            try {
                ours = Optional.of(HydraSweep.expand(overrides, groupOptions(), 10_000));
            } catch (HydraSweepException e) {
                ours = Optional.empty();
                ourError = e.getMessage();
            }
            if (expected.has("error")) {
                if (ours.isPresent()) {
                    differences.add(overrides + ": Hydra refuses (" + expected.get("error").asText()
                            + ") but the portal made " + ours.get());
                } else {
                    agreedRefusals++;
                }
                continue;
            }
            List<List<String>> tasks = tasks(expected);
            if (ours.isEmpty()) {
                differences.add(overrides + ": Hydra makes " + tasks + " but the portal refuses: " + ourError);
            } else if (!ours.get().equals(tasks)) {
                differences.add(overrides + ": Hydra makes " + tasks + " but the portal " + ours.get());
            } else {
                agreedTasks++;
            }
        }
        assertThat(differences).as("differences from Hydra").isEmpty();
        assertThat(agreedTasks).isGreaterThanOrEqualTo(40);
        assertThat(agreedRefusals).isGreaterThanOrEqualTo(15);
    }

    @Test
    void shuffledSweepsMakeHydrasRunsInSomeOrder() throws Exception {
        List<JsonNode> hydra = oracle(SHUFFLED);
        for (int i = 0; i < SHUFFLED.size(); i++) {
            assertThat(HydraSweep.expand(SHUFFLED.get(i), groupOptions(), 10_000))
                    .containsExactlyInAnyOrderElementsOf(tasks(hydra.get(i)));
        }
    }

    @Test
    void aGlobThatMatchesNothingIsRefusedWhereHydraWouldSilentlyRunNothing() throws Exception {
        assertThat(tasks(oracle(List.of(List.of("model=glob(z*)"))).getFirst())).isEmpty();

        assertThatThrownBy(() -> HydraSweep.expand(List.of("model=glob(z*)"), groupOptions(), 10_000))
                .hasMessageContaining("no option of group 'model' matches");
    }

    private static List<List<String>> tasks(JsonNode answer) {
        List<List<String>> tasks = new ArrayList<>();
        answer.get("tasks").forEach(task -> {
            List<String> overrides = new ArrayList<>();
            task.forEach(o -> overrides.add(o.asText()));
            tasks.add(overrides);
        });
        return tasks;
    }

    /** Real Hydra's answer for each case (see src/test/resources/hydra-oracle/sweep_oracle.py). */
    static List<JsonNode> oracle(List<List<String>> cases) {
        return HydraOracle.ask("sweep_oracle.py", configDir, "train", cases);
    }
}
