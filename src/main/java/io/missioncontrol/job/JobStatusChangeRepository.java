package io.missioncontrol.job;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface JobStatusChangeRepository extends JpaRepository<JobStatusChange, Long> {

    List<JobStatusChange> findByJobIdOrderByChangedAtAscIdAsc(String jobId);
}
