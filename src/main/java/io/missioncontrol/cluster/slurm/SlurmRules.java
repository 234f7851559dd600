package io.missioncontrol.cluster.slurm;

import static io.missioncontrol.base.Printable.printable;

import io.missioncontrol.base.InvalidInputException.FieldError;
import io.missioncontrol.base.SafeNames;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule book for what a job may ask SLURM for: its name, partition, GPU type, nodes, GPUs per node,
 * CPUs per task, memory, time limit, charge account, QoS and node constraint. The {@code .mlops-config.yaml} reader, the launch form, the launch
 * service and the batch script renderer all check these values here, so they agree on what passes and say
 * the same thing about what does not.
 *
 * <p>Every bound keeps the value inside what sbatch and slurmctld can hold; whether a cluster actually has
 * that much is SLURM's call at submission (its refusal is kept with the job):
 * <ul>
 *   <li>nodes 1 to {@value #MAX_NODES}, GPUs per node 0 to {@value #MAX_GPUS_PER_NODE};</li>
 *   <li>CPUs per task 1 to {@value #MAX_CPUS_PER_TASK}: SLURM keeps the count in 16 bits, and 65534/65535
 *       mean "not set" and "unlimited" there;</li>
 *   <li>memory at most 1 PiB ({@value #MAX_MEMORY_MB} MB; SLURM counts megabytes in 64 bits, so this is our
 *       own sane cap);</li>
 *   <li>time limits as {@link SlurmTime#parseLimit}: more than zero, at most 9999 days;</li>
 *   <li>charge account and QoS: names like a partition's (whether the user may use them is the cluster's
 *       associations' call, checked by the launch);</li>
 *   <li>a node constraint ({@code --constraint}): a feature expression of names and the operators
 *       {@code & | , * [ ] ( )}, brackets balanced, at most {@value #MAX_CONSTRAINT_LENGTH} characters.</li>
 * </ul>
 *
 * <p>Complaints are "must …" phrases without the field or the value, so that each caller frames them in its
 * own style ({@code resources.memory must …, got '…'} in the config reader); {@link Checked#problem()} frames
 * them for the API and the form, under the API's field names.
 */
public final class SlurmRules {

    public static final int MAX_NODES = 100_000;
    public static final int MAX_GPUS_PER_NODE = 1_024;
    public static final int MAX_CPUS_PER_TASK = 65_533;
    /** 1 PiB in megabytes. */
    public static final long MAX_MEMORY_MB = 1L << 30;
    /** Partition and GPU type names: {@code #SBATCH} lines and {@code --gres=gpu:<type>:<n>} take them verbatim. */
    public static final int MAX_NAME_LENGTH = 100;

    public static final int MAX_CONSTRAINT_LENGTH = 1000;

    /** Letters, digits, '.', '_', '-': nothing that separates lists (',') or GRES parts (':') in sbatch options. */
    private static final Pattern SLURM_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
    /** sbatch's feature expressions: {@code gpu&(rack1|rack2)}, {@code [rack1*2&rack2*4]}, {@code a,b}. */
    private static final Pattern CONSTRAINT = Pattern.compile("[A-Za-z0-9_.\\-&|,*\\[\\]()]+");
    private static final Pattern MEMORY = Pattern.compile("([0-9]+)([KMGTkmgt]?)");

    static final String JOB_NAME_RULE = "use 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit";
    static final String SLURM_NAME_RULE = "must be a name of letters, digits, '.', '_' and '-'";
    static final String CONSTRAINT_RULE = "must be a SLURM feature expression: feature names of letters, digits, "
            + "'_', '-' and '.' joined by & | , * [ ] ( ) (no spaces or quotes)";
    static final String CONSTRAINT_BRACKETS = "must open and close its ( ) and [ ] in pairs";
    static final String MEMORY_RULE =
            "must be a number with an optional K, M, G or T suffix (32G, 16000M; no suffix means megabytes)";
    static final String MEMORY_CAP = "must be at most 1 PiB (1024T, 1048576G or 1073741824M)";
    static final String TIME_LIMIT_RULE = "must be a SLURM time limit longer than zero: minutes (90), MM:SS, "
            + "HH:MM:SS (04:00:00), D-HH, D-HH:MM or D-HH:MM:SS (1-12:00:00)";
    static final String TIME_LIMIT_CAP = "must be at most " + SlurmTime.MAX_LIMIT.toDays() + " days";

    private SlurmRules() {
    }

    /**
     * A value checked by one rule: either the value (as SLURM is to get it) or what is wrong with it.
     *
     * @param field     the API's name of the setting ({@code memory}, {@code num_nodes}, …)
     * @param value     the accepted value, or null when refused
     * @param complaint what the value must be ("must be at least 1"), or null when accepted
     * @param given     the refused input as it is quoted back ({@code '32 GB'}, {@code 0}), or null
     */
    public record Checked<T>(String field, T value, String complaint, String given) {

        static <T> Checked<T> accepted(String field, T value) {
            return new Checked<>(field, value, null, null);
        }

        static <T> Checked<T> refused(String field, String complaint, String given) {
            return new Checked<>(field, null, complaint, given);
        }

        public boolean isAccepted() {
            return complaint == null;
        }

        /** The problem as the API and the launch form report it: the field, and the complaint with the input. */
        public Optional<FieldError> problem() {
            return isAccepted() ? Optional.empty()
                    : Optional.of(new FieldError(field, complaint + (given == null ? "" : ", got " + given)));
        }

        /** The accepted value; throws when it was refused. */
        public T orThrow() {
            if (!isAccepted()) {
                throw new IllegalStateException(field + " " + complaint);
            }
            return value;
        }
    }

    /** The SLURM job name (also the W&amp;B run's name); surrounding blanks are dropped. */
    public static Checked<String> jobName(String text) {
        String name = text == null ? "" : text.strip();
        if (name.isEmpty()) {
            return Checked.refused("name", "is required", null);
        }
        return SafeNames.NAME.matcher(name).matches() ? Checked.accepted("name", name)
                : Checked.refused("name", JOB_NAME_RULE, quoted(name));
    }

    /** A partition name (whether the cluster has it is asked of the cluster). */
    public static Checked<String> partition(String text) {
        return slurmName("partition", text);
    }

    /** A GPU type as the cluster's GRES names it ({@code a100}); it goes into {@code --gres=gpu:<type>:<n>}. */
    public static Checked<String> gpuType(String text) {
        return slurmName("gpu_type", text);
    }

    /** A SLURM charge account ({@code --account}); which ones a user may charge is for the cluster to say. */
    public static Checked<String> account(String text) {
        return slurmName("account", text);
    }

    /** A SLURM quality of service ({@code --qos}). */
    public static Checked<String> qos(String text) {
        return slurmName("qos", text);
    }

    /** A node feature expression for {@code --constraint}; whether nodes have those features is SLURM's call. */
    public static Checked<String> constraint(String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) {
            return Checked.refused("constraint", "is required", null);
        }
        if (s.length() > MAX_CONSTRAINT_LENGTH) {
            return Checked.refused("constraint", "must be at most " + MAX_CONSTRAINT_LENGTH + " characters",
                    quoted(s.substring(0, 40) + "…"));
        }
        if (!CONSTRAINT.matcher(s).matches()) {
            return Checked.refused("constraint", CONSTRAINT_RULE, quoted(s));
        }
        return balanced(s) ? Checked.accepted("constraint", s)
                : Checked.refused("constraint", CONSTRAINT_BRACKETS, quoted(s));
    }

    private static boolean balanced(String s) {
        StringBuilder open = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '(' || c == '[') {
                open.append(c);
            } else if (c == ')' || c == ']') {
                char expected = c == ')' ? '(' : '[';
                if (open.isEmpty() || open.charAt(open.length() - 1) != expected) {
                    return false;
                }
                open.setLength(open.length() - 1);
            }
        }
        return open.isEmpty();
    }

    public static Checked<Integer> nodes(long n) {
        return between("num_nodes", n, 1, MAX_NODES);
    }

    public static Checked<Integer> gpusPerNode(long n) {
        return between("gpus_per_node", n, 0, MAX_GPUS_PER_NODE);
    }

    public static Checked<Integer> cpusPerTask(long n) {
        return between("cpus_per_task", n, 1, MAX_CPUS_PER_TASK);
    }

    /** Memory per node; {@code 32g} is {@code 32G}. {@code 0} is SLURM's "all of each node's memory". */
    public static Checked<SlurmMemory> memory(String text) {
        String s = text == null ? "" : text.strip();
        Matcher m = MEMORY.matcher(s);
        if (!m.matches()) {
            return Checked.refused("memory", MEMORY_RULE, quoted(s));
        }
        String suffix = m.group(2).toUpperCase(Locale.ROOT);
        BigInteger number = new BigInteger(m.group(1));
        BigInteger megabytes = switch (suffix) {
            case "K" -> number.add(BigInteger.valueOf(1023)).shiftRight(10); // sbatch rounds kilobytes up
            case "G" -> number.shiftLeft(10);
            case "T" -> number.shiftLeft(20);
            default -> number;                                                // M, or none: megabytes
        };
        if (megabytes.compareTo(BigInteger.valueOf(MAX_MEMORY_MB)) > 0) {
            return Checked.refused("memory", MEMORY_CAP, quoted(s));
        }
        return Checked.accepted("memory", new SlurmMemory(m.group(1) + suffix, megabytes.longValueExact()));
    }

    /** A time limit for {@code --time}, as {@link SlurmTime#parseLimit} reads it. */
    public static Checked<SlurmTimeLimit> timeLimit(String text) {
        String s = text == null ? "" : text.strip();
        Optional<Duration> spelled = SlurmTime.readLimit(s);
        if (spelled.isEmpty() || !spelled.get().isPositive()) {
            return Checked.refused("time_limit", TIME_LIMIT_RULE, quoted(s));
        }
        if (spelled.get().compareTo(SlurmTime.MAX_LIMIT) > 0) {
            return Checked.refused("time_limit", TIME_LIMIT_CAP, quoted(s));
        }
        return Checked.accepted("time_limit", new SlurmTimeLimit(s, spelled.get()));
    }

    private static Checked<String> slurmName(String field, String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) {
            return Checked.refused(field, "is required", null);
        }
        if (!SLURM_NAME.matcher(s).matches()) {
            return Checked.refused(field, SLURM_NAME_RULE, quoted(s));
        }
        return s.length() <= MAX_NAME_LENGTH ? Checked.accepted(field, s)
                : Checked.refused(field, "must be at most " + MAX_NAME_LENGTH + " characters", quoted(s));
    }

    private static Checked<Integer> between(String field, long n, int min, int max) {
        if (n < min) {
            return Checked.refused(field, "must be at least " + min, Long.toString(n));
        }
        if (n > max) {
            return Checked.refused(field, "must be at most " + max, Long.toString(n));
        }
        return Checked.accepted(field, (int) n);
    }

    private static String quoted(String s) {
        return "'" + printable(s) + "'";
    }
}
