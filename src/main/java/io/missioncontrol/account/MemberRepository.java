package io.missioncontrol.account;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface MemberRepository extends JpaRepository<Member, Long> {

    Optional<Member> findByUsername(String username);

    boolean existsByRoleAndDisabledFalse(Role role);

    boolean existsByRole(Role role);

    List<Member> findAllByOrderByUsernameAsc();
}
