package io.missioncontrol.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface PersonalTokenRepository extends JpaRepository<PersonalToken, Long> {

    Optional<PersonalToken> findByTokenHash(String tokenHash);

    List<PersonalToken> findByMemberUsernameAndRevokedAtIsNullOrderByCreatedAtDescIdDesc(String username);

    Optional<PersonalToken> findByIdAndMemberUsername(Long id, String username);

    @Modifying
    @Query("update PersonalToken t set t.lastUsedAt = :at where t.id = :id")
    int markUsed(Long id, Instant at);
}
