package io.missioncontrol.account.identity;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface ClusterAccountRepository extends JpaRepository<ClusterAccount, String> {

    Optional<ClusterAccount> findByUsernameAndCluster(String username, String cluster);

    Optional<ClusterAccount> findByClusterAndUnixUser(String cluster, String unixUser);

    List<ClusterAccount> findByUsernameOrderByCluster(String username);
}
