package dev.jobber.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The meters registered for one version: each under the version's tags and its own labels, read for the per-job
 * charts and removed together when the version retires. Meters are registered only inside {@link #create}, so a group
 * of them is registered whole or, once retired, not at all.
 */
final class TrackedMeters {

    private final MeterRegistry registry;
    private final UUID jobId;
    private final String jobName;
    private final String version;
    private final Tags tags;
    /** Guarded by this. */
    private final List<Tracked> tracked = new ArrayList<>();
    private boolean retired;

    /**
     * A registered meter, the chart series it feeds (null for none), its labels beyond the version's and, for a
     * distribution, its own buckets (else null).
     */
    private record Tracked(Meter meter, JobMetric metric, Map<String, String> labels, Distribution buckets) {
    }

    /** {@code registry} null: registers nothing and counts as retired from the start. */
    TrackedMeters(MeterRegistry registry, UUID jobId, String jobName, String version) {
        this.registry = registry;
        this.jobId = jobId;
        this.jobName = jobName;
        this.version = version;
        this.tags = Tags.of("job_name", jobName, "job_id", String.valueOf(jobId), "version", version);
        this.retired = registry == null;
    }

    /** Runs {@code registration} unless retired, under the lock retiring takes; null once retired. */
    synchronized <T> T create(Supplier<T> registration) {
        return retired ? null : registration.get();
    }

    synchronized Counter counter(String name, String description, JobMetric metric, Map<String, String> labels) {
        return track(Counter.builder(name).description(description).tags(tags).tags(tagsOf(labels))
                .register(registry), metric, labels);
    }

    synchronized DistributionSummary summary(String name, String description, double[] buckets, JobMetric metric,
            Map<String, String> labels) {
        return track(register(name, description, buckets, labels), metric, labels);
    }

    /** A summary that also keeps bucket counts of its own for the quantiles of {@code metric}. */
    synchronized Distribution distribution(String name, String description, double[] buckets, JobMetric metric,
            Map<String, String> labels) {
        Distribution distribution = new Distribution(register(name, description, buckets, labels), buckets);
        tracked.add(new Tracked(distribution.summary(), metric, labels, distribution));
        return distribution;
    }

    private DistributionSummary register(String name, String description, double[] buckets,
            Map<String, String> labels) {
        return DistributionSummary.builder(name).description(description).serviceLevelObjectives(buckets).tags(tags)
                .tags(tagsOf(labels)).register(registry);
    }

    synchronized <T> Gauge gauge(String name, String description, T state, ToDoubleFunction<T> value,
            JobMetric metric) {
        return track(Gauge.builder(name, state, value).description(description).tags(tags).register(registry), metric,
                Map.of());
    }

    private static Tags tagsOf(Map<String, String> labels) {
        Tags extra = Tags.empty();
        for (var label : labels.entrySet()) {
            extra = extra.and(label.getKey(), label.getValue());
        }
        return extra;
    }

    private <M extends Meter> M track(M meter, JobMetric metric, Map<String, String> labels) {
        tracked.add(new Tracked(meter, metric, labels, null));
        return meter;
    }

    /** The current value of every series the per-job metrics chart. */
    synchronized List<Reading> readings() {
        List<Reading> readings = new ArrayList<>(tracked.size());
        for (Tracked t : tracked) {
            if (t.metric == null) {
                continue;
            }
            Map<String, String> labels = new HashMap<>(t.labels);
            labels.put("job_name", jobName);
            labels.put("job_id", String.valueOf(jobId));
            labels.put("version", version);
            String label = t.metric.label(labels);
            switch (t.meter) {
                case Counter c -> readings.add(new Reading(jobId, version, t.metric, label, c.count(), 0));
                case DistributionSummary s -> {
                    // Buckets first: an observation recorded in between is then in the count, not only the buckets.
                    Reading.Buckets buckets = t.buckets == null ? null : t.buckets.buckets();
                    readings.add(new Reading(jobId, version, t.metric, label, s.count(), s.totalAmount(), buckets));
                }
                case Gauge g -> readings.add(new Reading(jobId, version, t.metric, label, g.value(), 0));
                default -> {
                }
            }
        }
        return readings;
    }

    /** Removes every meter; later registrations do nothing. */
    synchronized void retire() {
        retired = true;
        for (Tracked t : tracked) {
            registry.remove(t.meter);
        }
        tracked.clear();
    }

    synchronized boolean retired() {
        return retired;
    }
}
