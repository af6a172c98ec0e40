package dev.jobber.metrics;

import java.util.UUID;

/**
 * One series of a job's metric as read at a sampling instant: for counters the total so far ({@code count}), for
 * summaries also the sum of the observations, for gauges the value ({@code count}). A
 * {@link JobMetric.Kind#DISTRIBUTION} also carries its histogram ({@code buckets}, else null).
 */
public record Reading(UUID jobId, String version, JobMetric metric, String label, double count, double sum,
        Buckets buckets) {

    public Reading(UUID jobId, String version, JobMetric metric, String label, double count, double sum) {
        this(jobId, version, metric, label, count, sum, null);
    }

    /** A histogram's upper bounds (ascending) and how many observations so far fell at or below each. */
    public record Buckets(double[] bounds, double[] cumulative) {
    }
}
