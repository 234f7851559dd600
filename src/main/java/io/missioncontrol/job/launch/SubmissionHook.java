package io.missioncontrol.job.launch;

/**
 * A seam for crash tests: called right after sbatch answered and before the answer is stored.
 * The default does nothing; a test bean can throw to simulate the portal dying at the worst moment.
 */
public interface SubmissionHook {

    SubmissionHook NONE = (jobId, slurmJobId) -> { };

    void afterSbatch(String jobId, String slurmJobId);
}
