package dev.jobber.auth;

import dev.jobber.common.TooManyRequestsException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed logins per username and per client address within a sliding window, so passwords cannot be guessed
 * at speed. Kept in memory per instance; a successful login clears its username's failures.
 */
@ApplicationScoped
public class LoginThrottle {

    static final Duration WINDOW = Duration.ofMinutes(15);
    static final int PER_USER = 5;
    static final int PER_ADDRESS = 50;
    private static final int MAX_KEYS = 100_000;

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    public LoginThrottle() {
        this(Clock.systemUTC());
    }

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** @throws TooManyRequestsException when the username or the address has failed too often recently */
    public void check(String username, String address) {
        Instant now = clock.instant();
        long wait = Math.max(waitSeconds(userKey(username), PER_USER, now),
                waitSeconds(addressKey(address), PER_ADDRESS, now));
        if (wait > 0) {
            throw new TooManyRequestsException("Too many failed logins; try again in " + wait + " seconds", wait);
        }
    }

    public void failed(String username, String address) {
        Instant now = clock.instant();
        if (failures.size() > MAX_KEYS) {
            failures.entrySet().removeIf(e -> expired(e.getValue(), now));
        }
        record(userKey(username), now);
        record(addressKey(address), now);
    }

    public void succeeded(String username) {
        failures.remove(userKey(username));
    }

    private void record(String key, Instant now) {
        failures.compute(key, (k, times) -> {
            Deque<Instant> list = times == null ? new ArrayDeque<>() : times;
            prune(list, now);
            list.addLast(now);
            return list;
        });
    }

    private long waitSeconds(String key, int limit, Instant now) {
        long[] wait = {0};
        failures.computeIfPresent(key, (k, times) -> {
            prune(times, now);
            if (times.size() >= limit) {
                Instant freed = times.peekFirst().plus(WINDOW);
                wait[0] = Math.max(1, Duration.between(now, freed).toSeconds());
            }
            return times.isEmpty() ? null : times;
        });
        return wait[0];
    }

    private static void prune(Deque<Instant> times, Instant now) {
        while (!times.isEmpty() && !times.peekFirst().plus(WINDOW).isAfter(now)) {
            times.removeFirst();
        }
    }

    private static boolean expired(Deque<Instant> times, Instant now) {
        Instant last = times.peekLast();
        return last == null || !last.plus(WINDOW).isAfter(now);
    }

    private static String userKey(String username) {
        return "user:" + username.toLowerCase(Locale.ROOT);
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
