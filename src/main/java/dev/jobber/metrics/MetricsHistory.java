package dev.jobber.metrics;

import dev.jobber.config.MetricsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Jobber's own recent history of the per-job metrics, for when no Prometheus is configured: one point per series every
 * sampling step, kept in rings long enough for the longest query (10,000 s) but never more than {@value #MAX_SAMPLES}
 * points each. Memory is bounded by the series that exist: those of a version no longer sampled go once their
 * points have all aged out, those of a deleted job at once. A distribution's quantile series are computed per step from
 * the difference of its histogram's bucket counts ({@link Quantiles}); only the last counts are kept.
 */
@ApplicationScoped
public class MetricsHistory {

    static final int MAX_SAMPLES = 2048;
    static final long LONGEST_QUERY_SECONDS = 10_000;

    /** One point of a series: unix seconds and value. */
    public record Point(long timestamp, double value) {
    }

    /** A chart line: its label and points, oldest first. */
    public record Series(String label, List<Point> values) {
    }

    private record Key(UUID jobId, String version) {
    }

    private record SeriesKey(Key version, JobMetric metric, String label) {
    }

    private final int capacity;
    private final long[] times;
    private long tick = -1;
    private final Map<Key, VersionHistory> versions = new HashMap<>();

    private final class VersionHistory {
        final Map<JobMetric, Map<String, Ring>> series = new HashMap<>();
        long lastTick;
    }

    private final class Ring {
        final float[] values = new float[capacity];
        long lastTick;
        double lastCount;
        double lastSum;
        /** A distribution's cumulative bucket counts when last sampled; null for other metrics. */
        double[] lastBuckets;

        Ring(long created) {
            Arrays.fill(values, Float.NaN);
            lastTick = created - 1;
        }

        void put(long at, double value) {
            for (long gap = Math.max(lastTick + 1, at - capacity + 1); gap < at; gap++) {
                values[slot(gap)] = Float.NaN;
            }
            values[slot(at)] = (float) value;
            lastTick = at;
        }
    }

    public MetricsHistory(MetricsConfig config) {
        long step = Math.max(1, config.prometheusQueryStep());
        this.capacity = (int) Math.min(MAX_SAMPLES, LONGEST_QUERY_SECONDS / step + 2);
        this.times = new long[capacity];
    }

    /**
     * Adds one point to each series read at {@code epochSecond}, and forgets the series of jobs that are neither in
     * {@code jobs} nor among the readings.
     */
    synchronized void record(long epochSecond, List<Reading> readings, Set<UUID> jobs) {
        tick++;
        times[slot(tick)] = epochSecond;
        Map<SeriesKey, Totals> grouped = new LinkedHashMap<>();
        for (Reading reading : readings) {
            grouped.computeIfAbsent(new SeriesKey(new Key(reading.jobId(), reading.version()), reading.metric(),
                    reading.label()), k -> new Totals()).add(reading);
        }
        for (var entry : grouped.entrySet()) {
            SeriesKey key = entry.getKey();
            Totals totals = entry.getValue();
            VersionHistory history = versions.computeIfAbsent(key.version(), k -> new VersionHistory());
            history.lastTick = tick;
            Map<String, Ring> rings = history.series.computeIfAbsent(key.metric(), m -> new HashMap<>());
            Ring ring = rings.computeIfAbsent(key.label(), l -> new Ring(tick));
            boolean restarted = totals.count < ring.lastCount;
            double stepCount = restarted ? totals.count : totals.count - ring.lastCount;
            ring.put(tick, value(key.metric(), ring, totals.count, totals.sum));
            if (totals.bounds != null) {
                double[] step = Quantiles.since(ring.lastBuckets, totals.cumulative, restarted);
                ring.lastBuckets = totals.cumulative;
                for (double q : JobMetric.QUANTILES) {
                    rings.computeIfAbsent(JobMetric.quantileLabel(key.label(), q), l -> new Ring(tick))
                            .put(tick, Quantiles.estimate(totals.bounds, step, stepCount, q));
                }
            }
        }
        versions.entrySet().removeIf(e -> e.getValue().lastTick != tick
                && (tick - e.getValue().lastTick >= capacity || !jobs.contains(e.getKey().jobId())));
    }

    /** The readings of one series summed (e.g. over trigger types, whose histograms share their bounds). */
    private static final class Totals {
        double count;
        double sum;
        double[] bounds;
        double[] cumulative;

        void add(Reading reading) {
            count += reading.count();
            sum += reading.sum();
            Reading.Buckets buckets = reading.buckets();
            if (buckets == null) {
                return;
            }
            if (bounds == null) {
                bounds = buckets.bounds();
                cumulative = buckets.cumulative().clone();
            } else if (Arrays.equals(bounds, buckets.bounds())) {
                for (int i = 0; i < cumulative.length; i++) {
                    cumulative[i] += buckets.cumulative()[i];
                }
            }
        }
    }

    private static double value(JobMetric metric, Ring ring, double count, double sum) {
        double countDelta = count - ring.lastCount;
        double sumDelta = sum - ring.lastSum;
        if (countDelta < 0) {
            // The meter was recreated (the version became active again): it counts from zero.
            countDelta = count;
            sumDelta = sum;
        }
        ring.lastCount = count;
        ring.lastSum = sum;
        return switch (metric.kind()) {
            case GAUGE -> count;
            case INCREASE -> countDelta;
            case AVERAGE, DISTRIBUTION -> countDelta > 0 ? sumDelta / countDelta : Double.NaN;
        };
    }

    /** The series of a job version's metric with their points at or after {@code fromEpochSecond}. */
    public synchronized List<Series> query(UUID jobId, String version, JobMetric metric, long fromEpochSecond) {
        VersionHistory history = versions.get(new Key(jobId, version));
        if (history == null) {
            return List.of();
        }
        List<Series> result = new ArrayList<>();
        for (var entry : history.series.getOrDefault(metric, Map.of()).entrySet()) {
            Ring ring = entry.getValue();
            List<Point> points = new ArrayList<>();
            for (long at = Math.max(0, tick - capacity + 1); at <= Math.min(tick, ring.lastTick); at++) {
                float value = ring.values[slot(at)];
                if (times[slot(at)] >= fromEpochSecond && !Float.isNaN(value)) {
                    points.add(new Point(times[slot(at)], Double.parseDouble(Float.toString(value))));
                }
            }
            if (!points.isEmpty()) {
                result.add(new Series(entry.getKey(), points));
            }
        }
        result.sort(Comparator.comparing(Series::label));
        return result;
    }

    private int slot(long at) {
        return (int) (at % capacity);
    }
}
