package dev.jobber.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * How many times each job was invoked through its triggers in the last hour, how many of those failed, and when it
 * was last invoked, on this instance. Per job a ring of {@value #MINUTES} one-minute buckets; jobs that no longer
 * exist are forgotten when the sampler says which exist, so memory is bounded by the jobs.
 */
@ApplicationScoped
public class JobActivity {

    static final int MINUTES = 60;

    /** The last hour of a job; {@code lastRequestAt} in unix seconds, null when it was not invoked since startup. */
    public record Summary(long requests, long errors, Long lastRequestAt) {
        static final Summary NONE = new Summary(0, 0, null);
    }

    private final LongSupplier epochSeconds;
    private final Map<UUID, Ring> jobs = new ConcurrentHashMap<>();

    public JobActivity() {
        this(() -> System.currentTimeMillis() / 1000);
    }

    JobActivity(LongSupplier epochSeconds) {
        this.epochSeconds = epochSeconds;
    }

    /** One invocation of the job ended; {@code failed}: with a status ≥ 500, or its function failed or timed out. */
    public void invoked(UUID jobId, boolean failed) {
        jobs.computeIfAbsent(jobId, id -> new Ring()).add(epochSeconds.getAsLong(), failed);
    }

    /** The job's invocations of the last {@value #MINUTES} minutes. */
    public Summary lastHour(UUID jobId) {
        Ring ring = jobs.get(jobId);
        return ring == null ? Summary.NONE : ring.summary(epochSeconds.getAsLong());
    }

    /**
     * Forgets the jobs not among {@code existing}, read at {@code readEpochSecond}, unless invoked since (a job
     * published after the read).
     */
    void retain(Set<UUID> existing, long readEpochSecond) {
        jobs.entrySet().removeIf(e -> !existing.contains(e.getKey()) && e.getValue().lastBefore(readEpochSecond));
    }

    private static final class Ring {
        private final long[] minutes = new long[MINUTES];
        private final int[] requests = new int[MINUTES];
        private final int[] errors = new int[MINUTES];
        private long last = -1;

        synchronized void add(long now, boolean failed) {
            long minute = now / 60;
            int slot = (int) (minute % MINUTES);
            if (minutes[slot] != minute) {
                minutes[slot] = minute;
                requests[slot] = 0;
                errors[slot] = 0;
            }
            requests[slot]++;
            if (failed) {
                errors[slot]++;
            }
            last = Math.max(last, now);
        }

        synchronized boolean lastBefore(long epochSecond) {
            return last < epochSecond;
        }

        synchronized Summary summary(long now) {
            long minute = now / 60;
            long total = 0;
            long failed = 0;
            for (int slot = 0; slot < MINUTES; slot++) {
                if (minute - minutes[slot] < MINUTES && minutes[slot] <= minute) {
                    total += requests[slot];
                    failed += errors[slot];
                }
            }
            return new Summary(total, failed, last < 0 ? null : last);
        }
    }
}
