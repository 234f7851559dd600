package io.missioncontrol.cluster;

import java.util.Map;

/**
 * The SLURM charge account and QoS a cluster's jobs get unless the project or the launch says otherwise
 * ({@code account:}, {@code qos:} and {@code partition_defaults:} in clusters.yaml). A partition's own default
 * wins over the cluster's.
 *
 * @param account    {@code --account} for every partition, or null
 * @param qos        {@code --qos} for every partition, or null
 * @param partitions per partition name, its own account and QoS (each may be null: the cluster's applies)
 */
public record ChargeDefaults(String account, String qos, Map<String, ChargeDefaults> partitions) {

    public static final ChargeDefaults NONE = new ChargeDefaults(null, null, Map.of());

    public ChargeDefaults {
        partitions = partitions == null ? Map.of() : Map.copyOf(partitions);
    }

    /** The account for a job in {@code partition}: the partition's default, else the cluster's, else null. */
    public String accountFor(String partition) {
        ChargeDefaults own = partition == null ? null : partitions.get(partition);
        return own != null && own.account() != null ? own.account() : account;
    }

    /** The QoS for a job in {@code partition}: the partition's default, else the cluster's, else null. */
    public String qosFor(String partition) {
        ChargeDefaults own = partition == null ? null : partitions.get(partition);
        return own != null && own.qos() != null ? own.qos() : qos;
    }
}
