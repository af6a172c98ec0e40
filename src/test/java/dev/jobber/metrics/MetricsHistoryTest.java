package dev.jobber.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobber.config.MetricsConfig;
import dev.jobber.metrics.MetricsHistory.Point;
import dev.jobber.metrics.MetricsHistory.Series;
import java.net.URL;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MetricsHistoryTest {

    private static final UUID JOB = UUID.randomUUID();

    private static MetricsConfig step(int seconds) {
        return new MetricsConfig() {
            @Override
            public Optional<URL> prometheusQuery() {
                return Optional.empty();
            }

            @Override
            public Optional<String> prometheusJobName() {
                return Optional.empty();
            }

            @Override
            public int prometheusQueryStep() {
                return seconds;
            }
        };
    }

    private static Reading reading(JobMetric metric, String label, double count, double sum) {
        return new Reading(JOB, "1.0.0", metric, label, count, sum);
    }

    @Test
    void plotsCountersAsTheirIncreasePerStepAndDurationsAsTheMeanOfTheStep() {
        MetricsHistory history = new MetricsHistory(step(15));
        history.record(1000, List.of(reading(JobMetric.RUNNER_REQUESTS_TOTAL, "http, status 1", 3, 0),
                reading(JobMetric.RUNNER_REQUEST_DURATION, "job @ 1.0.0", 2, 0.5),
                reading(JobMetric.RUNNER_REQUEST_DURATION, "job @ 1.0.0", 1, 0.1)), Set.of(JOB));
        history.record(1015, List.of(reading(JobMetric.RUNNER_REQUESTS_TOTAL, "http, status 1", 5, 0),
                reading(JobMetric.RUNNER_REQUEST_DURATION, "job @ 1.0.0", 2, 0.5),
                reading(JobMetric.RUNNER_REQUEST_DURATION, "job @ 1.0.0", 1, 0.1)), Set.of(JOB));
        history.record(1030, List.of(reading(JobMetric.RUNNER_REQUESTS_TOTAL, "http, status 1", 5, 0),
                reading(JobMetric.RUNNER_REQUEST_DURATION, "job @ 1.0.0", 4, 1.5),
                reading(JobMetric.RUNNER_REQUEST_DURATION, "job @ 1.0.0", 1, 0.1)), Set.of(JOB));

        assertThat(history.query(JOB, "1.0.0", JobMetric.RUNNER_REQUESTS_TOTAL, 0)).containsExactly(
                new Series("http, status 1", List.of(new Point(1000, 3), new Point(1015, 2), new Point(1030, 0))));
        // Both trigger types' observations together; a step without any has no point.
        assertThat(history.query(JOB, "1.0.0", JobMetric.RUNNER_REQUEST_DURATION, 0)).containsExactly(
                new Series("job @ 1.0.0", List.of(new Point(1000, 0.2), new Point(1030, 0.5))));
        assertThat(history.query(JOB, "1.0.0", JobMetric.RUNNER_REQUESTS_TOTAL, 1015).getFirst().values())
                .extracting(Point::timestamp).containsExactly(1015L, 1030L);
        assertThat(history.query(JOB, "2.0.0", JobMetric.RUNNER_REQUESTS_TOTAL, 0)).isEmpty();
    }

    private static Reading histogram(JobMetric metric, double count, double sum, double... cumulative) {
        return new Reading(JOB, "1.0.0", metric, "job @ 1.0.0", count, sum,
                new Reading.Buckets(new double[] {0.1, 1, 10}, cumulative));
    }

    @Test
    void addsQuantileSeriesComputedFromTheObservationsOfEachStepBesideTheMean() {
        MetricsHistory history = new MetricsHistory(step(15));
        // Two trigger types' histograms are summed: 10 observations up to 0.1 s.
        history.record(1000, List.of(histogram(JobMetric.RUNNER_QUEUE_WAIT, 6, 0.3, 6, 6, 6),
                histogram(JobMetric.RUNNER_QUEUE_WAIT, 4, 0.2, 4, 4, 4)), Set.of(JOB));
        // The next step: 10 more, all in (1, 10]; the first step's do not count any more.
        history.record(1015, List.of(histogram(JobMetric.RUNNER_QUEUE_WAIT, 16, 50.3, 6, 6, 16),
                histogram(JobMetric.RUNNER_QUEUE_WAIT, 4, 0.2, 4, 4, 4)), Set.of(JOB));
        // None in the third step: no point.
        history.record(1030, List.of(histogram(JobMetric.RUNNER_QUEUE_WAIT, 16, 50.3, 6, 6, 16),
                histogram(JobMetric.RUNNER_QUEUE_WAIT, 4, 0.2, 4, 4, 4)), Set.of(JOB));

        List<Series> series = history.query(JOB, "1.0.0", JobMetric.RUNNER_QUEUE_WAIT, 0);
        assertThat(series).extracting(Series::label).containsExactly("job @ 1.0.0",
                "job @ 1.0.0, quantile=\"0.5\"", "job @ 1.0.0, quantile=\"0.95\"", "job @ 1.0.0, quantile=\"0.99\"");
        assertThat(series.get(0).values()).containsExactly(new Point(1000, 0.05), new Point(1015, 5));
        assertThat(series.get(1).values()).containsExactly(new Point(1000, 0.05), new Point(1015, 5.5));
        assertThat(series.get(2).values()).containsExactly(new Point(1000, 0.095), new Point(1015, 9.55));
        assertThat(series.get(3).values()).containsExactly(new Point(1000, 0.099), new Point(1015, 9.91));
    }

    @Test
    void aRecreatedHistogramCountsFromZeroAgain() {
        MetricsHistory history = new MetricsHistory(step(15));
        history.record(1000, List.of(histogram(JobMetric.RUNNER_REQUEST_DURATION, 10, 50, 0, 0, 10)), Set.of(JOB));
        history.record(1015, List.of(histogram(JobMetric.RUNNER_REQUEST_DURATION, 2, 0.1, 2, 2, 2)), Set.of(JOB));

        assertThat(history.query(JOB, "1.0.0", JobMetric.RUNNER_REQUEST_DURATION, 1015))
                .filteredOn(s -> s.label().endsWith("quantile=\"0.5\"")).singleElement()
                .extracting(Series::values).asList().containsExactly(new Point(1015, 0.05));
    }

    @Test
    void keepsAtMostTheLongestQueryAndLeavesGapsWhereASeriesWasNotRead() {
        MetricsHistory history = new MetricsHistory(step(1000));
        int capacity = (int) (MetricsHistory.LONGEST_QUERY_SECONDS / 1000 + 2);
        for (int i = 0; i < 30; i++) {
            List<Reading> readings = i == 25 ? List.of(reading(JobMetric.JOB_STORE, "job @ 1.0.0", 7, 0),
                    reading(JobMetric.ACTIVE_RUNNERS, "job @ 1.0.0", 0, 0))
                    : List.of(reading(JobMetric.ACTIVE_RUNNERS, "job @ 1.0.0", i, 0));
            history.record(i * 1000L, readings, Set.of(JOB));
        }

        List<Point> active = history.query(JOB, "1.0.0", JobMetric.ACTIVE_RUNNERS, 0).getFirst().values();
        assertThat(active).hasSize(capacity);
        assertThat(active.getLast()).isEqualTo(new Point(29_000, 29));
        assertThat(history.query(JOB, "1.0.0", JobMetric.JOB_STORE, 0).getFirst().values())
                .containsExactly(new Point(25_000, 7));
    }

    @Test
    void forgetsTheSeriesOfADeletedJobAndOfVersionsNoLongerRead() {
        MetricsHistory history = new MetricsHistory(step(1));
        UUID other = UUID.randomUUID();
        history.record(1, List.of(reading(JobMetric.JOB_STORE, "job @ 1.0.0", 1, 0),
                new Reading(other, "1.0.0", JobMetric.JOB_STORE, "other @ 1.0.0", 1, 0)), Set.of(JOB, other));
        history.record(2, List.of(), Set.of(JOB));

        assertThat(history.query(other, "1.0.0", JobMetric.JOB_STORE, 0)).isEmpty();
        assertThat(history.query(JOB, "1.0.0", JobMetric.JOB_STORE, 0)).hasSize(1);
    }
}
