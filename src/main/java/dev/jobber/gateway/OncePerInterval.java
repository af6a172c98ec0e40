package dev.jobber.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets one occurrence per key through each interval, so that what a client can repeat at will (a request, a header)
 * cannot flood a log. Remembers a bounded number of keys; past that it forgets them all.
 */
final class OncePerInterval {

    private static final int MAX_KEYS = 4096;

    private final long intervalNanos;
    private final Map<Object, Long> last = new ConcurrentHashMap<>();

    OncePerInterval(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /** Whether this occurrence of {@code key} is the first of its interval. */
    boolean first(Object key) {
        long now = System.nanoTime();
        if (last.size() >= MAX_KEYS) {
            last.clear();
        }
        Long before = last.get(key);
        if (before != null && now - before < intervalNanos) {
            return false;
        }
        boolean[] first = {false};
        last.compute(key, (k, previous) -> {
            if (previous == null || now - previous >= intervalNanos) {
                first[0] = true;
                return now;
            }
            return previous;
        });
        return first[0];
    }
}
