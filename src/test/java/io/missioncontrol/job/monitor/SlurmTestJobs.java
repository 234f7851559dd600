package io.missioncontrol.job.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.TestData;
import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.DevClusterShell;
import io.missioncontrol.cluster.ClusterService;
import io.missioncontrol.cluster.ssh.ExecResult;
import io.missioncontrol.cluster.ssh.RemoteCommand;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.job.JobTransitions;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.ProjectRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Real SLURM jobs on the dev cluster for monitor tests, submitted the way the launch service does (a job
 * folder, logs in {@code <jobDir>/.missioncontrol/slurm-<id>.out|err}, {@code --comment=missioncontrol:<id>}),
 * and the portal's records of them. Remembers every SLURM id so {@link #cleanUp()} cancels them all.
 */
public final class SlurmTestJobs {

    private final ClusterService clusters;
    private final JobRepository jobs;
    private final ProjectRepository projects;
    private final JobTransitions transitions;
    private final TransactionTemplate tx;
    private String scratch;
    private final List<String> submitted = new ArrayList<>();
    private Project project;

    public SlurmTestJobs(ClusterService clusters, JobRepository jobs, ProjectRepository projects,
                         JobTransitions transitions, PlatformTransactionManager txManager) {
        this.clusters = clusters;
        this.jobs = jobs;
        this.projects = projects;
        this.transitions = transitions;
        this.tx = new TransactionTemplate(txManager);
    }

    public ClusterDefinition dev() {
        return clusters.require("dev");
    }

    /** Asks for "dev" only on first use, so tests that record jobs without the dev cluster can use this too. */
    public String scratch() {
        if (scratch == null) {
            scratch = dev().workspaceFor(dev().user()) + "/.it-monitor-" + UUID.randomUUID();
        }
        return scratch;
    }

    public Project project() {
        if (project == null) {
            project = TestData.project(projects, "monitor-" + UUID.randomUUID().toString().substring(0, 8),
                    Instant.now());
        }
        return project;
    }

    /** Runs a shell script on the dev cluster; fails the test when it fails. */
    public String sh(String script) {
        ExecResult r = DevClusterShell.remote().exec(dev(), RemoteCommand.of("sh").arg("-c").arg(script),
                Duration.ofSeconds(120));
        assertThat(r.exitCode()).as("%s: %s", script, r.stderr()).isZero();
        return r.stdout();
    }

    /**
     * Submits {@code script} (run by bash) as the portal would and records the job as PENDING.
     *
     * @param sbatchOptions extra sbatch options, e.g. {@code --time=1}
     */
    public Job launch(String name, String script, String... sbatchOptions) {
        Job job = new Job(project(), name, project().getCurrentCommit(), "dev", Instant.now());
        String dir = scratch() + "/" + job.getId();
        RemoteCommand sbatch = RemoteCommand.of("sbatch").arg("--parsable").arg("--job-name=" + name)
                .arg("--comment=missioncontrol:" + job.getId()).arg("--chdir=" + dir)
                .arg("--output=" + dir + "/.missioncontrol/slurm-%j.out")
                .arg("--error=" + dir + "/.missioncontrol/slurm-%j.err")
                .args(sbatchOptions).arg("--wrap=" + script);
        ExecResult r = DevClusterShell.remote().exec(dev(), RemoteCommand.of("mkdir").arg("-p")
                .arg(dir + "/.missioncontrol").andThen(sbatch), Duration.ofSeconds(30));
        assertThat(r.exitCode()).as("sbatch: %s", r.stderr()).isZero();
        String slurmId = r.stdout().strip().split(";")[0];
        submitted.add(slurmId);
        job.setJobDir(dir);
        job.setSlurmJobId(slurmId);
        job.setStdoutPath(dir + "/.missioncontrol/slurm-" + slurmId + ".out");
        job.setStderrPath(dir + "/.missioncontrol/slurm-" + slurmId + ".err");
        job.setPartition("gpu");
        return record(job);
    }

    /** Submits {@code count} held jobs with ONE ssh command; returns their SLURM ids. */
    public List<String> submitHeld(int count) {
        String out = sh("for i in $(seq " + count + "); do sbatch --hold --parsable --job-name=mc-held "
                + "--output=/dev/null --wrap true || exit 1; done");
        List<String> ids = Arrays.stream(out.split("\n")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.split(";")[0]).toList();
        submitted.addAll(ids);
        assertThat(ids).hasSize(count);
        return ids;
    }

    /** A PENDING record pointing at an existing SLURM id (or a made-up one) on {@code cluster}. */
    public Job recordFor(String cluster, String slurmId, String name) {
        Job job = new Job(project(), name, project().getCurrentCommit(), cluster, Instant.now());
        job.setSlurmJobId(slurmId);
        return record(job);
    }

    private Job record(Job job) {
        return tx.execute(s -> {
            Job saved = transitions.recordNew(job);
            transitions.change(saved, JobStatus.PENDING, null);
            return saved;
        });
    }

    public Job reload(Job job) {
        return jobs.findById(job.getId()).orElseThrow();
    }

    /** Calls {@code poll} until the job matches, at most {@code max}; returns the job. */
    public Job pollUntil(Job job, Runnable poll, Predicate<Job> done, Duration max, Duration pause)
            throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            poll.run();
            Job current = reload(job);
            if (done.test(current)) {
                return current;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + job.getName() + " (SLURM " + job.getSlurmJobId()
                        + ") still " + current.getStatus() + " / " + current.getStatusReason() + " after " + max);
            }
            Thread.sleep(pause.toMillis());
        }
    }

    /** Cancels every job submitted here (one scancel per 500 ids) and removes the scratch folder, if one was made. */
    public void cleanUp() {
        for (int i = 0; i < submitted.size(); i += 500) {
            List<String> chunk = submitted.subList(i, Math.min(submitted.size(), i + 500));
            DevClusterShell.remote().exec(dev(), RemoteCommand.of("scancel").args(chunk), Duration.ofSeconds(60));
        }
        submitted.clear();
        if (scratch != null) {
            DevClusterShell.remote().exec(dev(), RemoteCommand.of("rm").arg("-rf").arg("--").arg(scratch),
                    Duration.ofSeconds(60));
        }
    }
}
