package dev.jobber.auth;

import dev.jobber.config.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing down without locking the rightful user out: every login attempt waits, before its password
 * is checked, a delay that doubles with each recent failure of its username and of its client address (the address
 * after an allowance, for users behind one gateway). An attempt is counted as a failure when it is reserved, so
 * concurrent attempts each see the ones before them; a correct password takes its own count back and clears the
 * username's. Failures are forgotten {@link #WINDOW} after the last one. Kept in memory per instance.
 */
@ApplicationScoped
public class LoginThrottle {

    static final Duration WINDOW = Duration.ofMinutes(15);
    static final int ADDRESS_ALLOWANCE = 10;
    private static final int MAX_KEYS = 100_000;

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration initialDelay;
    private final Duration maxDelay;

    @Inject
    public LoginThrottle(AuthConfig config) {
        this(Clock.systemUTC(), config.loginDelayInitial(), config.loginDelayMax());
    }

    LoginThrottle(Clock clock, Duration initialDelay, Duration maxDelay) {
        this.clock = clock;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
    }

    /** A login attempt, already counted as a failure, and how long it waits before its password is checked. */
    public record Attempt(String username, String address, Duration delay) {
    }

    private record Failures(int count, Instant last) {
    }

    /** Counts an attempt of {@code username} from {@code address} as failed until {@link #succeeded} says otherwise. */
    public Attempt reserve(String username, String address) {
        Instant now = clock.instant();
        if (failures.size() > MAX_KEYS) {
            failures.entrySet().removeIf(e -> expired(e.getValue(), now));
        }
        int byUser = countUp(userKey(username), now);
        int byAddress = countUp(addressKey(address), now);
        Duration delay = max(delay(byUser), delay(byAddress - ADDRESS_ALLOWANCE));
        return new Attempt(username, address, delay);
    }

    /** The attempt's password was right: the username's failures are forgotten, the address's count is taken back. */
    public void succeeded(Attempt attempt) {
        failures.remove(userKey(attempt.username()));
        failures.computeIfPresent(addressKey(attempt.address()),
                (k, f) -> f.count() <= 1 ? null : new Failures(f.count() - 1, f.last()));
    }

    /** Failed attempts of {@code username} within the window. */
    public int recentFailures(String username) {
        return current(userKey(username));
    }

    /** Failed attempts from {@code address} within the window. */
    public int recentAddressFailures(String address) {
        return current(addressKey(address));
    }

    /** The delay after {@code failures} recent failures: none, then doubling from the initial delay up to the cap. */
    Duration delay(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        Duration delay = initialDelay.multipliedBy(1L << Math.min(failures - 1, 30));
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    /** Adds one failure to {@code key}; answers the failures counted before it. */
    private int countUp(String key, Instant now) {
        int[] before = {0};
        failures.compute(key, (k, f) -> {
            before[0] = f == null || expired(f, now) ? 0 : f.count();
            return new Failures(before[0] + 1, now);
        });
        return before[0];
    }

    private int current(String key) {
        Failures f = failures.get(key);
        return f == null || expired(f, clock.instant()) ? 0 : f.count();
    }

    private static boolean expired(Failures f, Instant now) {
        return !f.last().plus(WINDOW).isAfter(now);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String userKey(String username) {
        return "user:" + username.toLowerCase(Locale.ROOT);
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
