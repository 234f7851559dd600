package io.missioncontrol.job.launch;

import java.util.HashSet;
import java.util.Set;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The portal instances sharing the database. Several do only with Quartz's clustered job store (PostgreSQL), which
 * already keeps a heartbeat of every instance in {@code QRTZ_SCHEDULER_STATE}: a launch records this instance's
 * Quartz id ({@link #self()}), and start-up reconciliation leaves alone the launches of instances that still check in
 * ({@link #liveOthers()}). With the in-memory store (SQLite) there is one instance and nothing is recorded.
 */
@Component
public class PortalInstances {

    /** What Quartz itself allows past an instance's check-in interval before it takes that instance for dead. */
    static final long QUARTZ_CHECKIN_ALLOWANCE_MS = 7_500;

    private final JdbcTemplate jdbc;
    private final String schedulerName;
    /** Null when this is the only instance (Quartz not clustered). */
    private final String self;

    PortalInstances(Scheduler scheduler, JdbcTemplate jdbc) throws SchedulerException {
        this.jdbc = jdbc;
        this.schedulerName = scheduler.getSchedulerName();
        this.self = scheduler.getMetaData().isJobStoreClustered() ? scheduler.getSchedulerInstanceId() : null;
    }

    /** This instance's id as the other instances see it, or null when there are no others. */
    String self() {
        return self;
    }

    /**
     * The other instances that checked in recently enough for Quartz to count them alive: by the same rule as
     * Quartz's own failure detection (last check-in + interval + its allowance), so an instance Quartz takes
     * over from is one whose launches may be settled too. Empty (and no query) when not clustered.
     */
    Set<String> liveOthers() {
        if (self == null) {
            return Set.of();
        }
        long now = System.currentTimeMillis(); // Quartz's check-in times are System.currentTimeMillis() too
        Set<String> alive = new HashSet<>();
        jdbc.query("select instance_name, last_checkin_time, checkin_interval from qrtz_scheduler_state "
                + "where sched_name = ?", row -> {
            String instance = row.getString(1);
            if (!instance.equals(self)
                    && row.getLong(2) + row.getLong(3) + QUARTZ_CHECKIN_ALLOWANCE_MS >= now) {
                alive.add(instance);
            }
        }, schedulerName);
        return alive;
    }
}
