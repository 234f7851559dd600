package io.missioncontrol.job.launch;

import static io.missioncontrol.project.GitProjects.repoWithOneCommit;
import static io.missioncontrol.project.GitProjects.visionProject;
import static io.missioncontrol.project.GitProjects.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.base.InvalidInputException.FieldError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Launch step 3: overrides against the committed Hydra model of a real project, or as written without one. */
class OverridesStepTest {

    @TempDir Path dir;
    final OverridesStep step = new OverridesStep();
    final List<FieldError> errors = new ArrayList<>();

    @Test
    void overridesTheModelKnowsBecomeTheTrainingScriptsArguments() {
        Revision vision = LaunchSteps.revisions().resolve(LaunchSteps.project(visionProject(dir)));

        List<String> args = step.check(vision, Map.of("model", "resnet"), List.of("seed=7"), errors);

        assertThat(errors).isEmpty();
        assertThat(args).contains("model=resnet", "seed=7");
    }

    @Test
    void overridesTheModelDoesNotKnowAreRefusedNamingTheirField() {
        Revision vision = LaunchSteps.revisions().resolve(LaunchSteps.project(visionProject(dir)));

        List<String> args = step.check(vision, Map.of("model", "transformer"), List.of("no_such_key=1"), errors);

        assertThat(args).isEmpty();
        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder("hydra_overrides", "extra_overrides");
        assertThat(errors).filteredOn(e -> e.field().equals("hydra_overrides")).singleElement()
                .satisfies(e -> assertThat(e.message()).startsWith("model=transformer: "));
        assertThat(errors).filteredOn(e -> e.field().equals("extra_overrides")).singleElement()
                .satisfies(e -> assertThat(e.message()).startsWith("no_such_key=1: "));
    }

    @Test
    void anUncommittedHydraConfigRefusesTheOverridesSinceTheJobRunsTheCommittedOne() {
        Git git = visionProject(dir);
        write(git, "configs/model/resnet.yaml", "name: resnet\ndepth: 101\n");
        Revision vision = LaunchSteps.revisions().resolve(LaunchSteps.project(git));

        List<String> args = step.check(vision, Map.of("model", "resnet"), List.of(), errors);

        assertThat(args).isEmpty();
        assertThat(errors).containsExactly(new FieldError("allow_dirty", "the Hydra config has uncommitted changes "
                + "(configs/model/resnet.yaml): commit them, since a job runs the committed config"));
    }

    @Test
    void withoutAHydraConfigOverridesArePassedAsWrittenButMustBeWellFormed() {
        Revision plain = LaunchSteps.revisions().resolve(LaunchSteps.project(repoWithOneCommit(dir.resolve("plain"))));

        assertThat(step.check(plain, Map.of("lr", "0.1"), List.of("+extra=x"), errors))
                .containsExactly("lr=0.1", "+extra=x");
        assertThat(errors).isEmpty();

        step.check(plain, Map.of(), List.of("+needs_value"), errors);
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("extra_overrides");
            assertThat(e.message()).startsWith("+needs_value: ");
        });
    }

    @Test
    void hydraOverrideKeysMayCarryHydrasPrefixesWithOrWithoutAHydraConfig() {
        Revision plain = LaunchSteps.revisions().resolve(LaunchSteps.project(repoWithOneCommit(dir.resolve("plain"))));
        Map<String, String> prefixed = new java.util.LinkedHashMap<>();
        prefixed.put("+sleep_s", "30");
        prefixed.put("~logger", null);

        assertThat(step.check(plain, prefixed, List.of(), errors)).containsExactly("+sleep_s=30", "~logger");
        assertThat(errors).isEmpty();

        Revision vision = LaunchSteps.revisions().resolve(LaunchSteps.project(visionProject(dir.resolve("vision"))));
        assertThat(step.check(vision, Map.of("+trainer.seed", "3"), List.of(), errors)).contains("+trainer.seed=3");
        assertThat(errors).isEmpty();
    }

    @Test
    void aNullValueIsForADeletionOnly() {
        Revision plain = LaunchSteps.revisions().resolve(LaunchSteps.project(repoWithOneCommit(dir.resolve("plain"))));
        Map<String, String> overrides = new java.util.HashMap<>();
        overrides.put("lr", null);

        assertThat(step.check(plain, overrides, List.of(), errors)).isEmpty();
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("hydra_overrides");
            assertThat(e.message()).startsWith("lr: needs a value");
        });
    }
}
