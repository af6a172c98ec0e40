package dev.jobber.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A summary whose observations are also counted in fixed buckets of our own, for the per-step quantiles of the
 * panel's charts: Micrometer rounds a summary's observations up to whole numbers before bucketing them, which would put
 * every sub-second duration in the 1 s bucket. Memory is one counter per bound, whatever the number of observations.
 */
final class Distribution {

    private final DistributionSummary summary;
    private final double[] bounds;
    /** Observations per bucket: {@code counts[i]} those in (bounds[i-1], bounds[i]]; above the last bound not kept. */
    private final AtomicLongArray counts;

    Distribution(DistributionSummary summary, double[] bounds) {
        this.summary = summary;
        this.bounds = bounds.clone();
        this.counts = new AtomicLongArray(bounds.length);
    }

    void record(double value) {
        int at = Arrays.binarySearch(bounds, value);
        int bucket = at >= 0 ? at : -at - 1;
        if (bucket < bounds.length) {
            counts.incrementAndGet(bucket);
        }
        summary.record(value);
    }

    DistributionSummary summary() {
        return summary;
    }

    /** The bounds and how many observations so far fell at or below each. */
    Reading.Buckets buckets() {
        double[] cumulative = new double[bounds.length];
        long running = 0;
        for (int i = 0; i < bounds.length; i++) {
            running += counts.get(i);
            cumulative[i] = running;
        }
        return new Reading.Buckets(bounds.clone(), cumulative);
    }
}
