package io.missioncontrol.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Failed password sign-ins, counted per username and per remote address. After {@code sign-in-failures} of them
 * (each less than {@code sign-in-lockout} after the one before) sign-in is refused for that username or address
 * until the lockout has passed since the last failure. Kept in memory (a restart forgets); time comes from the
 * {@link Clock} bean.
 */
@Component
public class SignInThrottle {

    private final Cache<String, Integer> failures;
    private final int maxFailures;
    private final Duration lockout;

    @Autowired
    SignInThrottle(SecurityProperties properties, Clock clock) {
        this(properties.signInFailures(), properties.signInLockout(), clock);
    }

    public SignInThrottle(int maxFailures, Duration lockout, Clock clock) {
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.failures = Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfterWrite(lockout)
                .maximumSize(100_000)
                .build();
    }

    /** Whether a sign-in as {@code username} from {@code remoteAddress} is refused for now. */
    public boolean refused(String username, String remoteAddress) {
        return count(userKey(username)) >= maxFailures || count(addressKey(remoteAddress)) >= maxFailures;
    }

    public void failed(String username, String remoteAddress) {
        if (username != null) {
            failures.asMap().merge(userKey(username), 1, Integer::sum);
        }
        if (remoteAddress != null) {
            failures.asMap().merge(addressKey(remoteAddress), 1, Integer::sum);
        }
    }

    /** A successful sign-in forgets the username's failures (the address's stay: it may be guessing others). */
    public void succeeded(String username) {
        if (username != null) {
            failures.invalidate(userKey(username));
        }
    }

    /** Forgets every failure, as a restart does. */
    public void clear() {
        failures.invalidateAll();
    }

    /** The message a refused sign-in gets. */
    public String refusal() {
        return "Too many failed sign-ins; try again in " + (lockout.toSeconds() % 60 == 0
                ? lockout.toMinutes() + (lockout.toMinutes() == 1 ? " minute" : " minutes")
                : lockout.toSeconds() + " seconds");
    }

    private int count(String key) {
        if (key == null) {
            return 0;
        }
        Integer n = failures.getIfPresent(key);
        return n == null ? 0 : n;
    }

    private static String userKey(String username) {
        return username == null ? null : "user:" + username.toLowerCase(java.util.Locale.ROOT);
    }

    private static String addressKey(String address) {
        return address == null ? null : "address:" + address;
    }
}
