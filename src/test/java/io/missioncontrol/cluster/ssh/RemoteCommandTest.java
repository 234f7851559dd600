package io.missioncontrol.cluster.ssh;

import io.missioncontrol.base.ShellQuotingTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class RemoteCommandTest {

    @Test
    void quotesEveryArgument() {
        RemoteCommand c = RemoteCommand.of("squeue").arg("-h").arg("-j").arg("1,2,3").arg("-o").arg("%i|%T");
        assertThat(c.render()).isEqualTo("squeue '-h' '-j' '1,2,3' '-o' '%i|%T'");
        assertThat(c.arguments()).containsExactly("-h", "-j", "1,2,3", "-o", "%i|%T");
        assertThat(c.program()).isEqualTo("squeue");
    }

    @Test
    void isImmutable() {
        RemoteCommand base = RemoteCommand.of("ls");
        RemoteCommand withArg = base.arg("-l");
        assertThat(base.render()).isEqualTo("ls");
        assertThat(withArg.render()).isEqualTo("ls '-l'");
    }

    @Test
    void addsSeveralArgumentsAndNumbers() {
        assertThat(RemoteCommand.of("scancel").args(List.of("1", "2")).arg(3).render())
                .isEqualTo("scancel '1' '2' '3'");
        assertThat(RemoteCommand.of("echo").args("a b", "c").render()).isEqualTo("echo 'a b' 'c'");
    }

    @Test
    void hostileArgumentsStayOneQuotedWord() {
        String hostile = "x'; rm -rf ~; echo '";
        assertThat(RemoteCommand.of("echo").arg(hostile).render())
                .isEqualTo("echo 'x'\\''; rm -rf ~; echo '\\'''");
    }

    @Test
    void chainsCommandsWithAndAndPipe() {
        RemoteCommand c = RemoteCommand.of("mkdir").arg("-p").arg("/w/a b")
                .andThen(RemoteCommand.of("sbatch").arg("/w/a b/job.sh"))
                .pipeTo(RemoteCommand.of("tail").arg("-n").arg("1"));
        assertThat(c.render()).isEqualTo("mkdir '-p' '/w/a b' && sbatch '/w/a b/job.sh' | tail '-n' '1'");
    }

    @Test
    void prefixesEnvironmentAssignmentsWithQuotedValues() {
        assertThat(RemoteCommand.of("sinfo").env("SLURM_TIME_FORMAT", "standard").env("X", "a b").render())
                .isEqualTo("SLURM_TIME_FORMAT='standard' X='a b' sinfo");
        assertThatThrownBy(() -> RemoteCommand.of("sinfo").env("A=B", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RemoteCommand.of("sinfo").env("$(x)", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsOnlyPlainProgramNames() {
        assertThat(RemoteCommand.of("/usr/bin/sbatch").render()).isEqualTo("/usr/bin/sbatch");
        assertThat(RemoteCommand.of("python3").render()).isEqualTo("python3");
        for (String bad : List.of("", "ls -l", "ls;id", "$(id)", "`id`", "a|b", "a&b", "-rf", "../bin/x",
                "a\nb", "~/x", "x*")) {
            assertThatThrownBy(() -> RemoteCommand.of(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void rejectsNulAndNullArguments() {
        assertThatThrownBy(() -> RemoteCommand.of("echo").arg("a\0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RemoteCommand.of("echo").arg((String) null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equalsByRenderedText() {
        assertThat(RemoteCommand.of("a").arg("b")).isEqualTo(RemoteCommand.of("a").arg("b"))
                .hasSameHashCodeAs(RemoteCommand.of("a").arg("b"));
        assertThat(RemoteCommand.of("a").arg("b").toString()).isEqualTo("a 'b'");
    }

    @Test
    void everyHostileStringIsPassedVerbatimToALocalShell() throws Exception {
        for (String s : ShellQuotingTest.HOSTILE) {
            RemoteCommand c = RemoteCommand.of("printf").arg("%s").arg(s);
            Process p = new ProcessBuilder("/bin/sh", "-c", c.render()).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor()).isZero();
            assertThat(out).as("printf of %s", s).isEqualTo(s);
        }
    }
}
