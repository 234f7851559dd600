package io.missioncontrol.job.launch;

import io.missioncontrol.base.InvalidInputException.FieldError;
import io.missioncontrol.cluster.ChargeDefaults;
import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.slurm.Associations;
import io.missioncontrol.cluster.slurm.SlurmRules;
import io.missioncontrol.project.MlopsConfig;
import java.util.List;

/**
 * Launch step 2b: what the job is charged to and which nodes it needs: SLURM's charge account ({@code --account}),
 * QoS ({@code --qos}) and node constraint ({@code --constraint}).
 *
 * <p>Each value comes from the first layer that sets it: the launch (the member's choice; blank means "SLURM's
 * default" and skips the layers below), the project's committed {@code .mlops-config.yaml}, the partition's default
 * in clusters.yaml, the cluster's. The rule book checks the names; then, when an account or QoS is set, the
 * launching identity's associations on the cluster decide whether it may use them (asked only then, so a launch
 * without either costs no sacctmgr).
 */
final class ChargeStep {

    /** The charge as it goes to sbatch; null values are left to SLURM. */
    record Charge(String account, String qos, String constraint) {

        static final Charge NONE = new Charge(null, null, null);
    }

    /** A value and the layer it came from (for messages about a value the member did not type). */
    private record Layered(String value, String source) {
    }

    private final LaunchGateway clusters;

    ChargeStep(LaunchGateway clusters) {
        this.clusters = clusters;
    }

    /**
     * @param partition the partition the job goes to (as resolved on the cluster), or null when it is not known
     * @param cluster   the cluster, or null when it is not known (then nothing is asked of it)
     */
    Charge check(LaunchRequest request, MlopsConfig.Resources project, ClusterDefinition cluster, String partition,
                 List<FieldError> errors) {
        ChargeDefaults site = cluster == null ? ChargeDefaults.NONE : cluster.charge();
        ChargeDefaults own = partition == null ? ChargeDefaults.NONE
                : site.partitions().getOrDefault(partition, ChargeDefaults.NONE);
        Layered account = layer(request.account(), project.account(), own.account(), site.account(), partition);
        Layered qos = layer(request.qos(), project.qos(), own.qos(), site.qos(), partition);
        Layered constraint = layer(request.constraint(), project.constraint(), null, null, partition);

        int before = errors.size();
        String a = account.value() == null ? null : ResourcesStep.accept(SlurmRules.account(account.value()), errors);
        String q = qos.value() == null ? null : ResourcesStep.accept(SlurmRules.qos(qos.value()), errors);
        String c = constraint.value() == null ? null
                : ResourcesStep.accept(SlurmRules.constraint(constraint.value()), errors);
        boolean placed = cluster != null && errors.stream().noneMatch(e -> e.field().equals("cluster")
                || e.field().equals("partition"));
        if (errors.size() == before && placed && (a != null || q != null)) {
            allowed(clusters.associations(cluster), cluster, partition, account, qos, errors);
        }
        return new Charge(a, q, c);
    }

    /** Adds a problem when the identity has no association for the account, or the QoS is not allowed with it. */
    private static void allowed(Associations associations, ClusterDefinition cluster, String partition,
                                Layered account, Layered qos, List<FieldError> errors) {
        String where = " on " + cluster.name() + (partition == null ? "" : " in partition '" + partition + "'");
        String who = "'" + associations.user() + "'";
        if (account.value() != null) {
            if (associations.applying(account.value(), partition).isEmpty()) {
                List<String> allowed = associations.accounts(partition);
                errors.add(new FieldError("account", "SLURM account '" + account.value() + "'" + account.source()
                        + " is not one " + who + " may charge" + where + "; " + (allowed.isEmpty()
                        ? who + " has no SLURM association there (ask the cluster's administrator for one)"
                        : "allowed: " + String.join(", ", allowed))));
                return;
            }
            List<String> allowedQos = associations.qos(account.value(), partition);
            if (qos.value() != null && !allowedQos.contains(qos.value())) {
                errors.add(new FieldError("qos", "QoS '" + qos.value() + "'" + qos.source()
                        + " is not allowed with account '" + account.value() + "'" + where + "; allowed: "
                        + (allowedQos.isEmpty() ? "none (leave the QoS empty)" : String.join(", ", allowedQos))));
            }
        } else if (qos.value() != null) {
            List<String> allowedQos = associations.qos(partition);
            if (!allowedQos.contains(qos.value())) {
                errors.add(new FieldError("qos", "QoS '" + qos.value() + "'" + qos.source() + " is not allowed for "
                        + who + " with any account" + where + "; allowed: "
                        + (allowedQos.isEmpty() ? "none (leave the QoS empty)" : String.join(", ", allowedQos))));
            }
        }
    }

    /** The first layer that sets the value; blank in the request means "none" and stops there. */
    private static Layered layer(String asked, String project, String partitionDefault, String clusterDefault,
                                 String partition) {
        if (asked != null) {
            return new Layered(ResourcesStep.blankToNull(asked), "");
        }
        if (project != null) {
            return new Layered(ResourcesStep.blankToNull(project), " (from the project's .mlops-config.yaml)");
        }
        if (partitionDefault != null) {
            return new Layered(partitionDefault, " (the default of partition '" + partition + "' in clusters.yaml)");
        }
        if (clusterDefault != null) {
            return new Layered(clusterDefault, " (the cluster's default in clusters.yaml)");
        }
        return new Layered(null, "");
    }
}
