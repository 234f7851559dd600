/**
 * Watching launched jobs: the status poller, log reading, W&amp;B links and cancelling.
 *
 * <ul>
 *   <li>{@link io.missioncontrol.job.monitor.JobPoller} (run by Quartz every {@code missioncontrol.poll-interval}
 *       through {@code PollJob}, never twice at once): active jobs only (SUBMITTING ones belong to the launch
 *       service), grouped by cluster; per cluster and cycle one {@code squeue -t all -j <all ids>} and at most
 *       one {@code sacct -j} for the ids squeue no longer lists or lists as ended (squeue prints no exit code).
 *       Clusters are asked in parallel on virtual threads; a failing one backs off (doubling, at most 5 min) and
 *       recovers by itself; a job no command lists for 10 min of the cluster's answers becomes LOST (outages and
 *       the portal's own downtime do not count); a cluster silent for over two poll intervals has its jobs marked
 *       stale ({@code status_stale_since}) until it answers. Every change goes through
 *       {@link io.missioncontrol.job.JobTransitions}, so it is in the history and published.</li>
 *   <li>{@link io.missioncontrol.job.monitor.SlurmStatusMapper}: every SLURM state to the job state of the same
 *       name, with SLURM's reason ({@code NonZeroExitCode}, {@code TimeLimit}, {@code cancelled by uid 1001}).</li>
 *   <li>{@link io.missioncontrol.job.monitor.JobLogs}: tails and offset reads over SFTP, bounded in bytes; the
 *       text read is scanned by {@link io.missioncontrol.job.monitor.WandbLinks} and the run URL stored once.</li>
 *   <li>{@link io.missioncontrol.job.monitor.JobCancellation}: scancel, then an immediate refresh.</li>
 * </ul>
 */
package io.missioncontrol.job.monitor;
