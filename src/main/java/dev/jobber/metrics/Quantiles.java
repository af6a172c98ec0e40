package dev.jobber.metrics;

/**
 * Quantiles of one sampling step estimated from a histogram's bucket counts, the way Prometheus'
 * {@code histogram_quantile} does: memory is the fixed buckets of the summary (no observation is kept), and each step
 * uses only its own observations (the difference of the cumulative counts since the previous step), so a value is
 * exact to within its bucket (linear interpolation inside it; above the last finite bound it is that bound).
 */
final class Quantiles {

    private Quantiles() {
    }

    /**
     * The {@code q} quantile of the observations counted in {@code cumulative} ({@code cumulative[i]}: observations
     * up to {@code bounds[i]}, ascending) out of {@code total}; NaN when there are none.
     */
    static double estimate(double[] bounds, double[] cumulative, double total, double q) {
        if (!(total > 0) || bounds.length == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double below = 0;
        for (int i = 0; i < bounds.length; i++) {
            if (!Double.isFinite(bounds[i])) {
                break;
            }
            double upTo = Math.max(below, Math.min(cumulative[i], total));
            if (upTo >= rank && upTo > below) {
                double lower = i == 0 ? 0 : bounds[i - 1];
                return lower + (bounds[i] - lower) * (rank - below) / (upTo - below);
            }
            below = upTo;
        }
        return highestFinite(bounds);
    }

    private static double highestFinite(double[] bounds) {
        for (int i = bounds.length - 1; i >= 0; i--) {
            if (Double.isFinite(bounds[i])) {
                return bounds[i];
            }
        }
        return Double.NaN;
    }

    /**
     * The cumulative counts of the observations since {@code previous} ({@code current} less it, never negative);
     * {@code current} itself when there is no previous or the histogram restarted from zero.
     */
    static double[] since(double[] previous, double[] current, boolean restarted) {
        if (previous == null || restarted || previous.length != current.length) {
            return current.clone();
        }
        double[] delta = new double[current.length];
        for (int i = 0; i < current.length; i++) {
            delta[i] = Math.max(0, current[i] - previous[i]);
        }
        return delta;
    }
}
