package io.missioncontrol.cluster.slurm;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

import io.missioncontrol.cluster.ssh.RemoteCommand;

/**
 * The SLURM command lines the portal runs, each with a fixed output format that the parsers in this package
 * read. Every argument goes through {@link RemoteCommand}, so it is quoted.
 */
public final class SlurmCommands {

    /** {@code sinfo} partition summary: name (default marked {@code *}), avail, time limit, nodes, state, node list. */
    public static final String PARTITION_FORMAT = "%P|%a|%l|%D|%t|%N";
    /**
     * {@code sinfo -N -O} per-node GPU fields. A field with a suffix but no width ({@code Gres:|}) is printed
     * whole on SLURM 22.05+; a width would pad, and a narrow one would cut {@code GresUsed}.
     */
    public static final String NODE_GRES_FORMAT = "NodeList:|,Partition:|,Gres:|,GresUsed:|,StateCompact:|";
    /** {@code squeue}: id, state, reason, elapsed, limit, nodes, tres-per-node, comment (last: may hold anything). */
    public static final String QUEUE_FORMAT = "%i|%T|%r|%M|%l|%D|%b|%k";
    /** {@code sacct} fields, comment last. */
    public static final String ACCOUNTING_FIELDS = "JobID,State,ExitCode,Elapsed,Start,End,Reason,Comment";
    /**
     * Job ids per squeue/sacct call: 1000 ids make a command line of about 8 KB (far below any ARG_MAX),
     * so a poll cycle costs one squeue and one sacct per cluster for any realistic number of active jobs.
     */
    public static final int CHUNK = 1000;
    /** {@code sacctmgr show assoc} fields: charge account, allowed QoS (a comma list), partition (empty: any). */
    public static final String ASSOCIATION_FORMAT = "format=account,qos,partition";

    /** A Unix user name as sacctmgr's {@code user=} takes one: no ',' (a list there) and no '='. */
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}");
    private static final Pattern JOB_ID = Pattern.compile("\\d+(_\\d+)?(\\+\\d+)?");
    private static final DateTimeFormatter SACCT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private SlurmCommands() {
    }

    public static RemoteCommand partitions() {
        return RemoteCommand.of("sinfo").arg("-h").arg("-o").arg(PARTITION_FORMAT);
    }

    public static RemoteCommand nodeGres() {
        return RemoteCommand.of("sinfo").arg("-h").arg("-N").arg("-O").arg(NODE_GRES_FORMAT);
    }

    /** {@code sbatch --parsable <script>}; the script's {@code #SBATCH} lines carry the request. */
    public static RemoteCommand submit(String scriptPath) {
        return submit(scriptPath, null);
    }

    /** {@code sbatch --parsable [--chdir=<dir>] <script>}. */
    public static RemoteCommand submit(String scriptPath, String workDir) {
        RemoteCommand c = RemoteCommand.of("sbatch").arg("--parsable");
        if (workDir != null) {
            c = c.arg("--chdir=" + workDir);
        }
        return c.arg(requirePath(scriptPath));
    }

    /** {@code squeue} for the given jobs, in chunks of {@link #CHUNK} ids; finished jobs still known are listed. */
    public static List<RemoteCommand> queue(Collection<String> jobIds) {
        List<RemoteCommand> out = new ArrayList<>();
        for (List<String> chunk : chunks(jobIds)) {
            out.add(RemoteCommand.of("squeue").arg("-h").arg("-t").arg("all").arg("-j").arg(String.join(",", chunk))
                    .arg("-o").arg(QUEUE_FORMAT));
        }
        return out;
    }

    /** {@code squeue} for every job of {@code user}: the portal filters by comment to find lost submissions. */
    public static RemoteCommand queueOfUser(String user) {
        return RemoteCommand.of("squeue").arg("-h").arg("-t").arg("all").arg("-u").arg(user)
                .arg("-o").arg(QUEUE_FORMAT);
    }

    /** {@code sacct} for the given jobs (allocation lines only), in chunks of {@link #CHUNK} ids. */
    public static List<RemoteCommand> accounting(Collection<String> jobIds) {
        List<RemoteCommand> out = new ArrayList<>();
        for (List<String> chunk : chunks(jobIds)) {
            out.add(RemoteCommand.of("sacct").arg("-X").arg("-n").arg("-P").arg("-j").arg(String.join(",", chunk))
                    .arg("-o").arg(ACCOUNTING_FIELDS));
        }
        return out;
    }

    /**
     * {@code sacct} for every job of {@code user} started since {@code since} (cluster-local time): the portal
     * filters by comment to find lost submissions.
     */
    public static RemoteCommand accountingOfUser(String user, LocalDateTime since) {
        return RemoteCommand.of("sacct").arg("-X").arg("-n").arg("-P").arg("-u").arg(user)
                .arg("-S").arg(SACCT_TIME.format(since)).arg("-o").arg(ACCOUNTING_FIELDS);
    }

    /**
     * {@code sacctmgr -nP show assoc user=<user> format=account,qos,partition}: the associations the user may
     * charge (see {@link AssociationParser}).
     */
    public static RemoteCommand associations(String user) {
        if (user == null || !USER.matcher(user).matches()) {
            throw new IllegalArgumentException("not a user name sacctmgr takes: '" + user + "'");
        }
        return RemoteCommand.of("sacctmgr").arg("-nP").arg("show").arg("assoc").arg("user=" + user)
                .arg(ASSOCIATION_FORMAT);
    }

    /** {@code scancel <ids>} (chunked). */
    public static List<RemoteCommand> cancel(Collection<String> jobIds) {
        List<RemoteCommand> out = new ArrayList<>();
        for (List<String> chunk : chunks(jobIds)) {
            out.add(RemoteCommand.of("scancel").args(chunk));
        }
        return out;
    }

    /** Checks that a job id is a SLURM job id ({@code 123}, {@code 123_4}, {@code 123+1}). */
    public static String requireJobId(String id) {
        if (id == null || !JOB_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a SLURM job id: '" + id + "'");
        }
        return id;
    }

    private static List<List<String>> chunks(Collection<String> ids) {
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("no job ids given");
        }
        List<String> all = ids.stream().map(SlurmCommands::requireJobId).distinct().toList();
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return out;
    }

    private static String requirePath(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("script path is required");
        }
        return path;
    }
}
