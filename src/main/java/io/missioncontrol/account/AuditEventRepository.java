package io.missioncontrol.account;

import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.jpa.repository.JpaRepository;

interface AuditEventRepository extends JpaRepository<AuditEvent, Long> {

    Slice<AuditEvent> findAllByOrderByAtDescIdDesc(Pageable pageable);
}
