package dev.jobber.metrics;

import java.util.UUID;

/**
 * One series of a job's metric as read at a sampling instant: for counters the total so far ({@code count}), for
 * summaries also the sum of the observations, for gauges the value ({@code count}).
 */
public record Reading(UUID jobId, String version, JobMetric metric, String label, double count, double sum) {
}
