package io.missioncontrol.cluster.slurm;

import java.util.List;
import java.util.Optional;

/**
 * What a user may charge on a cluster, as SLURM decides it: a job in partition P billed to account A uses the
 * user's association for (A, P) when there is one, else the one for A in every partition; without either, A is
 * not the user's to charge there. Pure.
 */
public record Associations(String user, List<Association> all) {

    public Associations {
        all = List.copyOf(all);
    }

    /** The accounts the user has any association with, in sacctmgr's order. */
    public List<String> accounts() {
        return all.stream().map(Association::account).distinct().toList();
    }

    /** The accounts usable in {@code partition} (null: not known yet; every account counts). */
    public List<String> accounts(String partition) {
        return accounts().stream().filter(a -> partition == null || applying(a, partition).isPresent()).toList();
    }

    /**
     * The association a job of {@code account} in {@code partition} runs under (null partition: the one for every
     * partition, else any), or empty when the user may not charge that account there.
     */
    public Optional<Association> applying(String account, String partition) {
        if (account == null) {
            return Optional.empty();
        }
        Optional<Association> exact = partition == null ? Optional.empty() : all.stream()
                .filter(a -> a.account().equals(account) && partition.equals(a.partition())).findFirst();
        if (exact.isPresent()) {
            return exact;
        }
        Optional<Association> general = all.stream()
                .filter(a -> a.account().equals(account) && a.partition() == null).findFirst();
        if (general.isPresent() || partition != null) {
            return general;
        }
        return all.stream().filter(a -> a.account().equals(account)).findFirst();
    }

    /** The QoS allowed with {@code account} in {@code partition}; empty when the account is not allowed there. */
    public List<String> qos(String account, String partition) {
        return applying(account, partition).map(Association::qos).orElse(List.of());
    }

    /** Every QoS the user may ask for in {@code partition} with any account (for a QoS asked without account). */
    public List<String> qos(String partition) {
        return accounts(partition).stream().flatMap(a -> qos(a, partition).stream()).distinct().toList();
    }
}
