package io.missioncontrol.bench;

import io.missioncontrol.cluster.slurm.SlurmCommands;
import io.missioncontrol.cluster.ssh.RemoteCommand;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Real SLURM jobs that never run ({@code sbatch --hold}, {@code --wrap true}), under one job name so that an
 * earlier run's leftovers can be cancelled by name (only ever the benchmark user's jobs of that name), and their
 * rows in the portal's database as the portal records a launched job.
 */
final class HeldJobs {

    private HeldJobs() {
    }

    /** {@code sbatch --hold} in a shell loop, in ONE ssh command; returns the SLURM ids. */
    static List<String> submit(RawSsh ssh, String jobName, int n) {
        String sbatch = RemoteCommand.of("sbatch").arg("--hold").arg("--parsable").arg("--job-name=" + jobName)
                .arg("--output=/dev/null").arg("--error=/dev/null").arg("--time=00:01:00").arg("--wrap").arg("true")
                .render();
        RawSsh.Run r = ssh.run("for i in $(seq 1 " + n + "); do " + sbatch + " || exit 1; done", null,
                Duration.ofMinutes(10));
        List<String> ids = r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty())
                .map(l -> l.split(";")[0]).toList();
        if (!r.ok() || ids.size() != n) {
            cancel(ssh, ids);
            throw new IllegalStateException("submitting " + n + " held jobs failed after " + ids.size() + ": "
                    + r.stderr().strip());
        }
        return ids;
    }

    /** Fails unless SLURM's MaxJobCount leaves room for {@code n} more jobs beside those it knows now. */
    static void requireRoom(RawSsh ssh, long n) {
        String config = ssh.check("scontrol show config").stdout();
        long maxJobs = config.lines().filter(l -> l.startsWith("MaxJobCount")).map(l -> l.replaceAll("\\D+", ""))
                .filter(v -> !v.isEmpty()).mapToLong(Long::parseLong).findFirst().orElse(10_000);
        long queued = ssh.check("squeue -h -t all -o %i | wc -l").stdout().strip().transform(Long::parseLong);
        if (queued + n > maxJobs) {
            throw new IllegalStateException("SLURM's MaxJobCount is " + maxJobs + " and " + queued + " jobs are known: "
                    + "no room for " + n + " more (scripts/dev-cluster.sh sets it; slurmctld must be restarted)");
        }
    }

    /** Cancels the benchmark user's jobs of that name (leftovers of a run that died before cleaning up). */
    static void cancelByName(RawSsh ssh, String user, String jobName) {
        ssh.run(RemoteCommand.of("scancel").arg("--user=" + user).arg("--name=" + jobName).render());
    }

    /** Cancels exactly these jobs, in one ssh command. */
    static RawSsh.Run cancel(RawSsh ssh, Collection<String> ids) {
        if (ids.isEmpty()) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        for (RemoteCommand c : SlurmCommands.cancel(ids)) { // chunks of 100 ids
            lines.add(c.render());
        }
        return ssh.run(String.join("; ", lines));
    }

    static void cancel(RawSsh ssh, Collection<String> ids, String what, PrintStream log) {
        RawSsh.Run r = cancel(ssh, ids);
        if (r != null) {
            log.printf("%s: cancelled the %d held jobs (%s)%n", what, ids.size(), r.ok() ? "ok" : r.stderr().strip());
        }
    }

    /**
     * Records the jobs as the portal would after launching them: PENDING, with their SLURM ids, in a new project.
     * Returns the portal's job ids, in the order of {@code slurmIds}.
     */
    static List<String> record(DataSource ds, String cluster, String workspace, List<String> slurmIds,
                               String namePrefix) throws Exception {
        long now = Instant.now().toEpochMilli();
        List<String> jobIds = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            String projectId = UUID.randomUUID().toString();
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into projects (id, name, local_path, current_branch, current_commit, is_dirty, is_pushed,
                                          added_at)
                    values (?, ?, ?, 'main', ?, false, true, ?)""")) {
                ps.setString(1, projectId);
                ps.setString(2, "bench-" + namePrefix + "-" + projectId.substring(0, 8));
                ps.setString(3, "/srv/lab/bench/" + namePrefix + "-" + projectId);
                ps.setString(4, "0123456789abcdef0123456789abcdef01234567");
                ps.setLong(5, now);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into jobs (id, project_id, name, commit_sha, launched_dirty, cluster, partition_name,
                                      num_nodes, gpus_per_node, hydra_overrides, extra_overrides, slurm_job_id,
                                      slurm_status, job_dir, submitted_at, updated_at, last_seen_at)
                    values (?, ?, ?, '0123456789abcdef0123456789abcdef01234567', false, ?, 'gpu', 1, 0, '{}', '[]', ?,
                            'PENDING', ?, ?, ?, ?)""")) {
                int i = 0;
                for (String slurmId : slurmIds) {
                    String id = UUID.randomUUID().toString();
                    jobIds.add(id);
                    ps.setString(1, id);
                    ps.setString(2, projectId);
                    ps.setString(3, namePrefix + "-" + (i++));
                    ps.setString(4, cluster);
                    ps.setString(5, slurmId);
                    ps.setString(6, workspace + "/bench/jobs/" + id);
                    ps.setLong(7, now + i); // distinct submission times: a stable newest-first order
                    ps.setLong(8, now);
                    ps.setLong(9, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
        return jobIds;
    }
}
