package dev.jobber.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class QuantilesTest {

    private static final double[] BOUNDS = {0.1, 0.5, 1, 5};

    @Test
    void interpolatesWithinTheBucketThatHoldsTheRank() {
        // 10 observations: 4 up to 0.1, 4 in (0.1, 0.5], 2 in (0.5, 1].
        double[] cumulative = {4, 8, 10, 10};

        assertThat(Quantiles.estimate(BOUNDS, cumulative, 10, 0.5)).isCloseTo(0.2, within(1e-9));
        assertThat(Quantiles.estimate(BOUNDS, cumulative, 10, 0.95)).isCloseTo(0.875, within(1e-9));
        assertThat(Quantiles.estimate(BOUNDS, cumulative, 10, 0.2)).isCloseTo(0.05, within(1e-9));
    }

    @Test
    void answersTheLastFiniteBoundForObservationsAboveItAndNothingWithoutObservations() {
        assertThat(Quantiles.estimate(BOUNDS, new double[] {0, 0, 0, 1}, 3, 0.99)).isEqualTo(5);
        assertThat(Quantiles.estimate(new double[] {0.1, Double.POSITIVE_INFINITY}, new double[] {0, 2}, 2, 0.5))
                .isEqualTo(0.1);
        assertThat(Quantiles.estimate(BOUNDS, new double[] {0, 0, 0, 0}, 0, 0.5)).isNaN();
    }

    @Test
    void quantilesNeverDecreaseWithTheirRank() {
        double[] cumulative = {1, 1, 7, 9};
        double p50 = Quantiles.estimate(BOUNDS, cumulative, 10, 0.5);
        double p95 = Quantiles.estimate(BOUNDS, cumulative, 10, 0.95);
        double p99 = Quantiles.estimate(BOUNDS, cumulative, 10, 0.99);

        assertThat(p50).isLessThanOrEqualTo(p95);
        assertThat(p95).isLessThanOrEqualTo(p99);
    }

    @Test
    void countsOnlyTheObservationsSinceThePreviousStepUnlessTheHistogramRestarted() {
        double[] previous = {1, 2, 3, 3};
        double[] current = {1, 4, 6, 7};

        assertThat(Quantiles.since(previous, current, false)).containsExactly(0, 2, 3, 4);
        assertThat(Quantiles.since(previous, current, true)).containsExactly(current);
        assertThat(Quantiles.since(null, current, false)).containsExactly(current);
    }
}
