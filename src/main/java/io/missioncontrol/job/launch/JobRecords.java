package io.missioncontrol.job.launch;

import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.job.JobTransitions;
import io.missioncontrol.job.script.BatchScriptSpec;
import java.time.Clock;

/** {@link SubmitStep.Records} in the job table, each change recorded in the job's status history. */
final class JobRecords implements SubmitStep.Records {

    private final JobRepository jobs;
    private final JobTransitions transitions;
    private final Clock clock;

    JobRecords(JobRepository jobs, JobTransitions transitions, Clock clock) {
        this.jobs = jobs;
        this.transitions = transitions;
        this.clock = clock;
    }

    @Override
    public Job attach(String jobId, String slurmId, JobStatus status, String reason) {
        Job job = jobs.findById(jobId).orElseThrow();
        job.setSlurmJobId(slurmId);
        job.setStdoutPath(BatchScriptSpec.logPath(job.getJobDir(), BatchScriptSpec.STDOUT_PATTERN, slurmId));
        job.setStderrPath(BatchScriptSpec.logPath(job.getJobDir(), BatchScriptSpec.STDERR_PATTERN, slurmId));
        job.setLastSeenAt(clock.instant());
        transitions.change(job, status, reason);
        return jobs.save(job);
    }

    @Override
    public Job fail(String jobId, String reason) {
        Job job = jobs.findById(jobId).orElseThrow();
        transitions.change(job, JobStatus.SUBMIT_FAILED, reason);
        return job;
    }
}
