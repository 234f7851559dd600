package io.missioncontrol.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** 5 failed sign-ins for one username or from one address: refused for a minute after the last one. */
class SignInThrottleTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T12:00:00Z"));
    final SignInThrottle throttle = new SignInThrottle(5, Duration.ofMinutes(1), clock);

    @Test
    void fiveFailuresForOneUsernameRefuseItForAMinute() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("ann", "10.0.0." + i);
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(throttle.refused("ann", "10.0.0.9")).isFalse();
        throttle.failed("ann", "10.0.0.5");
        assertThat(throttle.refused("ann", "10.0.0.9")).isTrue();
        assertThat(throttle.refused("bob", "10.0.0.9")).as("others are not locked out").isFalse();
        assertThat(throttle.refusal()).isEqualTo("Too many failed sign-ins; try again in 1 minute");
        clock.advance(Duration.ofSeconds(59));
        assertThat(throttle.refused("ann", "10.0.0.9")).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.refused("ann", "10.0.0.9")).isFalse();
    }

    @Test
    void fiveFailuresFromOneAddressRefuseEveryUsernameFromThere() {
        for (String name : new String[] {"a", "b", "c", "d", "e"}) {
            throttle.failed(name, "192.0.2.7");
        }
        assertThat(throttle.refused("f", "192.0.2.7")).isTrue();
        assertThat(throttle.refused("f", "192.0.2.8")).isFalse();
        clock.advance(Duration.ofMinutes(1));
        assertThat(throttle.refused("f", "192.0.2.7")).isFalse();
    }

    @Test
    void aSuccessForgetsTheUsernamesFailures() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("ann", null);
        }
        throttle.succeeded("ann");
        throttle.failed("ann", null);
        assertThat(throttle.refused("ann", null)).isFalse();
    }

    @Test
    void failuresFartherApartThanTheLockoutAreNotCounted() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("slow", null);
            clock.advance(Duration.ofSeconds(61));
        }
        assertThat(throttle.refused("slow", null)).isFalse();
    }
}
