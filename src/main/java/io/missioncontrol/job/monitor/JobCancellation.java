package io.missioncontrol.job.monitor;

import io.missioncontrol.base.ConflictException;
import io.missioncontrol.base.NotFoundException;
import io.missioncontrol.base.UnavailableException;
import io.missioncontrol.cluster.ClusterGateway;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobStatus;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Stops a job: {@code scancel} on its cluster, then an immediate refresh so the caller usually sees CANCELLED
 * at once; otherwise the next poll records it. The state only ever changes through the poller's path.
 */
@Service
public class JobCancellation {

    private static final Logger log = LoggerFactory.getLogger(JobCancellation.class);

    /** Refreshes after scancel while the job is still active (SLURM needs a moment for running jobs). */
    static final int REFRESH_ATTEMPTS = 4;
    static final long REFRESH_PAUSE_MS = 500;

    private final JobRepository jobs;
    private final ClusterGateway clusters;
    private final JobPoller poller;

    public JobCancellation(JobRepository jobs, ClusterGateway clusters, JobPoller poller) {
        this.jobs = jobs;
        this.clusters = clusters;
        this.poller = poller;
    }

    /**
     * @return the job after the refresh (CANCELLED, or still active when SLURM has not finished cancelling)
     * @throws NotFoundException    no such job
     * @throws ConflictException    the job already ended, or is still being submitted
     * @throws UnavailableException the cluster cannot be reached
     */
    public Job cancel(String jobId) {
        Job job = jobs.findById(jobId).orElseThrow(() -> new NotFoundException("No job with id '" + jobId + "'"));
        if (job.getStatus() == JobStatus.SUBMITTING || job.getSlurmJobId() == null && job.getStatus().isActive()) {
            throw new ConflictException("Job '" + job.getName() + "' is still being submitted; it can be cancelled "
                    + "once SLURM has accepted it (in a moment)");
        }
        if (!job.getStatus().isActive()) {
            throw new ConflictException("Job '" + job.getName() + "' already ended (" + job.getStatus()
                    + "); there is nothing to cancel");
        }
        clusters.cancel(clusters.serviceAccount(job.getCluster()), List.of(job.getSlurmJobId()));
        log.info("Cancelled job {} ('{}', SLURM {} on {})", job.getId(), job.getName(), job.getSlurmJobId(),
                job.getCluster());
        Job current = job;
        for (int i = 0; i < REFRESH_ATTEMPTS; i++) {
            try {
                current = poller.refresh(jobId);
            } catch (UnavailableException e) {
                log.warn("Refresh after cancelling job {} failed: {}", jobId, e.getMessage());
                break; // scancel went through; the poller will record the end
            }
            if (!current.getStatus().isActive()) {
                break;
            }
            try {
                Thread.sleep(REFRESH_PAUSE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return current;
    }
}
