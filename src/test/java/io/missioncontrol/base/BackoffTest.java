package io.missioncontrol.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromTheBaseAndStopsAtTheMax() {
        Backoff poller = new Backoff(Duration.ofSeconds(15), Duration.ofMinutes(5));

        assertThat(poller.delay(0)).isZero();
        assertThat(poller.delay(1)).isEqualTo(Duration.ofSeconds(15));
        assertThat(poller.delay(2)).isEqualTo(Duration.ofSeconds(30));
        assertThat(poller.delay(5)).isEqualTo(Duration.ofSeconds(240));
        assertThat(poller.delay(6)).as("480 s capped").isEqualTo(Duration.ofMinutes(5));
        assertThat(poller.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aNumberOfDoublingsGivesTheSshPoolsWindow() {
        Backoff pool = Backoff.doubling(Duration.ofSeconds(5), 3);

        assertThat(pool.max()).isEqualTo(Duration.ofSeconds(40));
        assertThat(pool.delay(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(pool.delay(3)).isEqualTo(Duration.ofSeconds(20));
        assertThat(pool.delay(4)).isEqualTo(Duration.ofSeconds(40));
        assertThat(pool.delay(9)).isEqualTo(Duration.ofSeconds(40));
        assertThat(pool.remaining(2, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(7));
        assertThat(pool.remaining(2, Duration.ofSeconds(10))).isZero();
        assertThat(pool.remaining(2, Duration.ofSeconds(30))).isZero();
    }

    @Test
    void aZeroBaseNeverWaitsAndNonsenseIsRefused() {
        assertThat(Backoff.doubling(Duration.ZERO, 3).delay(7)).isZero();
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(5)))
                .hasMessageContaining("shorter");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(-1), Duration.ofSeconds(5)))
                .hasMessageContaining("negative");
    }
}
