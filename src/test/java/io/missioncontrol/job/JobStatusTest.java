package io.missioncontrol.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobStatusTest {

    /** Written out by hand so that adding a state forces a decision here. */
    private static final Set<JobStatus> ACTIVE = EnumSet.of(JobStatus.SUBMITTING, JobStatus.PENDING,
            JobStatus.CONFIGURING, JobStatus.RUNNING, JobStatus.COMPLETING, JobStatus.SUSPENDED, JobStatus.STOPPED,
            JobStatus.SIGNALING, JobStatus.STAGE_OUT, JobStatus.RESIZING, JobStatus.REQUEUED,
            JobStatus.REQUEUE_FED, JobStatus.REQUEUE_HOLD, JobStatus.RESV_DEL_HOLD, JobStatus.SPECIAL_EXIT);

    private static final Set<JobStatus> TERMINAL = EnumSet.of(JobStatus.SUBMIT_FAILED, JobStatus.COMPLETED,
            JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.TIMEOUT, JobStatus.OUT_OF_MEMORY, JobStatus.NODE_FAIL,
            JobStatus.PREEMPTED, JobStatus.BOOT_FAIL, JobStatus.DEADLINE, JobStatus.REVOKED, JobStatus.LOST);

    @Test
    void everyStateIsEitherActiveOrTerminal() {
        for (JobStatus status : JobStatus.values()) {
            assertThat(ACTIVE.contains(status) ^ TERMINAL.contains(status))
                    .as("%s is classified exactly once", status).isTrue();
            assertThat(status.isActive()).as("%s.isActive()", status).isEqualTo(ACTIVE.contains(status));
        }
        assertThat(ACTIVE.size() + TERMINAL.size()).isEqualTo(JobStatus.values().length);
    }

    @Test
    void onlyCompletedCountsAsSuccess() {
        assertThat(Arrays.stream(JobStatus.values()).filter(JobStatus::isSuccess)).containsExactly(JobStatus.COMPLETED);
    }

    @Test
    void slurmStateTextIsUnderstoodInLongAndShortForm() {
        assertThat(JobStatus.fromSlurm("RUNNING")).isEqualTo(JobStatus.RUNNING);
        assertThat(JobStatus.fromSlurm("CANCELLED by 1001")).isEqualTo(JobStatus.CANCELLED);
        assertThat(JobStatus.fromSlurm("OUT_OF_MEMORY")).isEqualTo(JobStatus.OUT_OF_MEMORY);
        assertThat(JobStatus.fromSlurm("OOM")).isEqualTo(JobStatus.OUT_OF_MEMORY);
        assertThat(JobStatus.fromSlurm("CD")).isEqualTo(JobStatus.COMPLETED);
        assertThat(JobStatus.fromSlurm(" pending ")).isEqualTo(JobStatus.PENDING);
        assertThat(JobStatus.fromSlurm("TIMEOUT")).isEqualTo(JobStatus.TIMEOUT);
    }

    @Test
    void everyStateSlurmCanReportHasAPortalState() {
        for (io.missioncontrol.cluster.slurm.SlurmJobState state : io.missioncontrol.cluster.slurm.SlurmJobState.values()) {
            if (state != io.missioncontrol.cluster.slurm.SlurmJobState.UNKNOWN) {
                assertThat(JobStatus.of(state)).as(state.name()).isNotNull();
                assertThat(JobStatus.of(state).isActive()).as(state.name())
                        .isEqualTo(!state.isTerminal() || state == io.missioncontrol.cluster.slurm.SlurmJobState.SPECIAL_EXIT);
            }
        }
    }

    @Test
    void portalOnlyStatesAndNonsenseAreNotSlurmStates() {
        assertThat(JobStatus.fromSlurm("SUBMITTING")).isNull();
        assertThat(JobStatus.fromSlurm("LOST")).isNull();
        assertThat(JobStatus.fromSlurm("WHATEVER")).isNull();
        assertThat(JobStatus.fromSlurm("")).isNull();
        assertThat(JobStatus.fromSlurm(null)).isNull();
    }
}
