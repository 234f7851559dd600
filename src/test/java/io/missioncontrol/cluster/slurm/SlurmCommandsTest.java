package io.missioncontrol.cluster.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.missioncontrol.cluster.ssh.RemoteCommand;

class SlurmCommandsTest {

    @Test
    void buildsFixedFormatQueries() {
        assertThat(SlurmCommands.partitions().render()).isEqualTo("sinfo '-h' '-o' '%P|%a|%l|%D|%t|%N'");
        assertThat(SlurmCommands.nodeGres().render())
                .isEqualTo("sinfo '-h' '-N' '-O' 'NodeList:|,Partition:|,Gres:|,GresUsed:|,StateCompact:|'");
    }

    @Test
    void buildsSbatch() {
        assertThat(SlurmCommands.submit("/home/mlops/workspace/p/jobs/1/job.sh").render())
                .isEqualTo("sbatch '--parsable' '/home/mlops/workspace/p/jobs/1/job.sh'");
        assertThat(SlurmCommands.submit("job.sh", "/w/it's here").render())
                .isEqualTo("sbatch '--parsable' '--chdir=/w/it'\\''s here' 'job.sh'");
    }

    @Test
    void buildsSqueueAndSacctForJobIds() {
        assertThat(SlurmCommands.queue(List.of("1", "2")))
                .extracting(RemoteCommand::render)
                .containsExactly("squeue '-h' '-t' 'all' '-j' '1,2' '-o' '%i|%T|%r|%M|%l|%D|%b|%k'");
        assertThat(SlurmCommands.accounting(List.of("7")))
                .extracting(RemoteCommand::render)
                .containsExactly("sacct '-X' '-n' '-P' '-j' '7' '-o' "
                        + "'JobID,State,ExitCode,Elapsed,Start,End,Reason,Comment'");
        assertThat(SlurmCommands.cancel(List.of("7", "8"))).extracting(RemoteCommand::render)
                .containsExactly("scancel '7' '8'");
    }

    @Test
    void chunksLongIdListsAndDropsDuplicates() {
        List<String> ids = IntStream.rangeClosed(1, 2500).mapToObj(Integer::toString).toList();
        List<RemoteCommand> cmds = SlurmCommands.queue(ids);
        assertThat(cmds).hasSize(3);
        assertThat(cmds.get(2).arguments().get(4)).isEqualTo(String.join(",",
                IntStream.rangeClosed(2001, 2500).mapToObj(Integer::toString).toList()));
        assertThat(SlurmCommands.queue(ids.subList(0, 1000))).hasSize(1);
        assertThat(SlurmCommands.accounting(List.of("5", "5", "6")).getFirst().arguments()).contains("5,6");
    }

    @Test
    void buildsLookupsByUserForCommentReconciliation() {
        assertThat(SlurmCommands.queueOfUser("mlops").render())
                .isEqualTo("squeue '-h' '-t' 'all' '-u' 'mlops' '-o' '%i|%T|%r|%M|%l|%D|%b|%k'");
        assertThat(SlurmCommands.accountingOfUser("mlops", LocalDateTime.of(2026, 11, 28, 9, 5, 0)).render())
                .isEqualTo("sacct '-X' '-n' '-P' '-u' 'mlops' '-S' '2026-11-28T09:05:00' '-o' "
                        + "'JobID,State,ExitCode,Elapsed,Start,End,Reason,Comment'");
    }

    @Test
    void acceptsOnlyJobIds() {
        assertThat(SlurmCommands.requireJobId("123")).isEqualTo("123");
        assertThat(SlurmCommands.requireJobId("123_4")).isEqualTo("123_4");
        assertThat(SlurmCommands.requireJobId("123+1")).isEqualTo("123+1");
        for (String bad : List.of("", "abc", "1;id", "1 2", "-1", "1,2", "$(id)")) {
            assertThatThrownBy(() -> SlurmCommands.queue(List.of(bad))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> SlurmCommands.cancel(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void asksSacctmgrForTheAssociationsOfOneUserQuotedAndRefusesListsOrOptions() {
        assertThat(SlurmCommands.associations("alice").render())
                .isEqualTo("sacctmgr '-nP' 'show' 'assoc' 'user=alice' 'format=account,qos,partition'");
        for (String hostile : new String[] {"alice,bob", "a b", "x'; rm -rf ~", "-h", "user=x", "", null}) {
            assertThatThrownBy(() -> SlurmCommands.associations(hostile))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a user name");
        }
    }
}
