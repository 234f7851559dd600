package io.missioncontrol.project.hydra.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The sweep expansion without Python: the answers below are what Hydra 1.3 gave for the same input
 * (HydraSweepOracleTest holds the whole list against it where the oracle is present).
 */
class HydraSweepTest {

    static final Function<String, List<String>> GROUPS = Map.of("model", List.of("cnn", "mlp", "resnet"))::get;

    static List<List<String>> expand(String... overrides) {
        return HydraSweep.expand(List.of(overrides), g -> GROUPS.apply(g) == null ? List.of() : GROUPS.apply(g), 1000);
    }

    @Test
    void theLastOverrideVariesFastestAndARepeatedKeyKeepsItsFirstPlace() {
        assertThat(expand("model=glob(*,exclude=res*)", "lr=range(0.1,0.5,0.1)")).containsExactly(
                List.of("model=cnn", "lr=0.1"), List.of("model=cnn", "lr=0.2"),
                List.of("model=cnn", "lr=0.30000000000000004"), List.of("model=cnn", "lr=0.4"),
                List.of("model=mlp", "lr=0.1"), List.of("model=mlp", "lr=0.2"),
                List.of("model=mlp", "lr=0.30000000000000004"), List.of("model=mlp", "lr=0.4"));
        assertThat(expand("a=1,2", "b=3", "a=5,6,7")).containsExactly(
                List.of("a=5", "b=3"), List.of("a=6", "b=3"), List.of("a=7", "b=3"));
    }

    @Test
    void valuesAreWrittenBackAsHydraWritesThem() {
        assertThat(expand("flag=true,false", "x=1_000,2e-5,1e16")).containsExactly(
                List.of("flag=True", "x=1000"), List.of("flag=True", "x=2e-05"), List.of("flag=True", "x=1e+16"),
                List.of("flag=False", "x=1000"), List.of("flag=False", "x=2e-05"), List.of("flag=False", "x=1e+16"));
        assertThat(expand("s='a b',c", "t=choice('a b',c)")).containsExactly(
                List.of("s='a b'", "t=a\\ b"), List.of("s='a b'", "t=c"),
                List.of("s=c", "t=a\\ b"), List.of("s=c", "t=c"));
        assertThat(expand("~model")).containsExactly(List.of("~model=null"));
    }

    @Test
    void pythonsFloatReprIsKept() {
        assertThat(HydraValues.pythonRepr(1e-5)).isEqualTo("1e-05");
        assertThat(HydraValues.pythonRepr(1e-4)).isEqualTo("0.0001");
        assertThat(HydraValues.pythonRepr(1e16)).isEqualTo("1e+16");
        assertThat(HydraValues.pythonRepr(1e15)).isEqualTo("1000000000000000.0");
        assertThat(HydraValues.pythonRepr(123456789.125)).isEqualTo("123456789.125");
        assertThat(HydraValues.pythonRepr(-0.0)).isEqualTo("-0.0");
        assertThat(HydraValues.pythonRepr(1.2345678901234568e17)).isEqualTo("1.2345678901234568e+17");
    }

    @Test
    void whatTheBasicSweeperCannotRunIsRefusedWithTheReason() {
        assertThatThrownBy(() -> expand("lr=interval(0,1)")).hasMessageContaining("optimizing sweeper");
        assertThatThrownBy(() -> expand("x=choice(null,1)")).hasMessageContaining("mismatch type argument args[0]");
        assertThatThrownBy(() -> expand("x=1,2,")).hasMessageContaining("'x=1,2,'");
        assertThatThrownBy(() -> expand("x=range(0,100000)")).hasMessageContaining("more than 1000 runs");
        assertThatThrownBy(() -> expand("a=range(100)", "b=range(100)")).hasMessageContaining("more than 1000 runs");
    }

    @Test
    void isSweepTellsOneRunFromSeveral() {
        assertThat(HydraSweep.isSweep("lr=0.1")).isFalse();
        assertThat(HydraSweep.isSweep("x=[1,2]")).isFalse();
        assertThat(HydraSweep.isSweep("lr=0.1,0.2")).isTrue();
        assertThat(HydraSweep.isSweep("lr=tag(a,range(1,3))")).isTrue();
    }
}
