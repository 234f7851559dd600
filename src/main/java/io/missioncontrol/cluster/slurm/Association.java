package io.missioncontrol.cluster.slurm;

import java.util.List;
import java.util.Objects;

/**
 * One SLURM association of a user: the charge account a job may be billed to, the QoS it may ask for there, and
 * the partition it is limited to (null: any partition).
 *
 * @param account   the charge account ({@code --account})
 * @param qos       the QoS allowed with it ({@code --qos}), as sacctmgr lists them; empty when none is listed
 * @param partition the partition this association is for, or null when it is for every partition
 */
public record Association(String account, List<String> qos, String partition) {

    public Association {
        Objects.requireNonNull(account, "account");
        qos = qos == null ? List.of() : List.copyOf(qos);
    }

}
