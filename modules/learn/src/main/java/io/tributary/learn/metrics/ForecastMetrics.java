package io.tributary.learn.metrics;

import java.util.Objects;

/**
 * Prequential accuracy of multi-step forecasts of one series: MAE and sMAPE over every forecast entry whose truth
 * has arrived, overall and per step ahead.
 *
 * <p>Usage, once per point: {@link #issue} the forecast of the next {@code horizon} points, then, when the next point
 * arrives, {@link #observe} it. A forecast issued after point {@code t} covers {@code t+1 .. t+horizon}; observing
 * point {@code t+k} scores its entry {@code k} (step {@code k} ahead) against the truth. So each point is scored
 * against up to {@code horizon} forecasts (made 1, 2, ..., {@code horizon} steps before it), and a forecast is fully
 * scored {@code horizon} points after it was issued. Issuing twice before the next point replaces the first forecast
 * (the latest one counts); points observed with no forecast pending are simply not scored.
 *
 * <p>sMAPE is the symmetric mean absolute percentage error in percent, {@code 200 |F - A| / (|A| + |F|)} per entry
 * (0 when both are 0), in {@code [0, 200]}, as in the M3/M4 competitions. A NaN or infinite forecast entry (a
 * diverged model) counts as an infinite absolute error and the maximal sMAPE term, 200, rather than poisoning the
 * sums with NaN.
 */
public final class ForecastMetrics {

    private final int horizon;
    /** Pending forecasts, a ring indexed by issue origin modulo horizon. */
    private final double[][] pending;
    private final long[] origin;
    private final boolean[] live;
    private long observed;
    private final long[] counts;
    private final double[] absSums;
    private final double[] smapeSums;

    public ForecastMetrics(int horizon) {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be >= 1, got " + horizon);
        }
        this.horizon = horizon;
        this.pending = new double[horizon][horizon];
        this.origin = new long[horizon];
        this.live = new boolean[horizon];
        this.counts = new long[horizon];
        this.absSums = new double[horizon];
        this.smapeSums = new double[horizon];
    }

    public int horizon() {
        return horizon;
    }

    /**
     * Records the forecast of the next {@code horizon} points, made after the points observed so far.
     *
     * @throws IllegalArgumentException when the forecast has fewer than {@code horizon} entries
     */
    public void issue(double[] forecast) {
        Objects.requireNonNull(forecast, "forecast");
        if (forecast.length < horizon) {
            throw new IllegalArgumentException("forecast has " + forecast.length + " entries, the horizon is "
                    + horizon);
        }
        int slot = (int) (observed % horizon);
        System.arraycopy(forecast, 0, pending[slot], 0, horizon);
        origin[slot] = observed;
        live[slot] = true;
    }

    /**
     * Scores every pending forecast's entry for this point, the series' next.
     *
     * @throws IllegalArgumentException when {@code actual} is NaN or infinite (the data, not the model, is broken)
     */
    public void observe(double actual) {
        if (!Double.isFinite(actual)) {
            throw new IllegalArgumentException("actual value is NaN or infinite: " + actual);
        }
        for (int slot = 0; slot < horizon; slot++) {
            if (!live[slot]) {
                continue;
            }
            long step = observed - origin[slot]; // 0-based: entry `step` forecasts this point
            if (step >= horizon) {
                live[slot] = false;
                continue;
            }
            double f = pending[slot][(int) step];
            double abs = Double.isFinite(f) ? Math.abs(f - actual) : Double.POSITIVE_INFINITY;
            double denominator = Math.abs(actual) + Math.abs(f);
            double smape = !Double.isFinite(f) ? 200.0 : denominator == 0 ? 0.0 : 200.0 * abs / denominator;
            counts[(int) step]++;
            absSums[(int) step] += abs;
            smapeSums[(int) step] += smape;
            if (step == horizon - 1) {
                live[slot] = false;
            }
        }
        observed++;
    }

    /** Points observed. */
    public long observed() {
        return observed;
    }

    /** Forecast entries scored, over all steps. */
    public long count() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /** Entries scored at {@code step} ahead (1-based: 1 is the one-step-ahead forecast). */
    public long count(int step) {
        return counts[index(step)];
    }

    /** Mean absolute error over every scored entry; NaN before the first. */
    public double mae() {
        return mean(absSums);
    }

    /** Mean absolute error of the {@code step}-ahead entries (1-based); NaN before the first. */
    public double mae(int step) {
        int i = index(step);
        return counts[i] == 0 ? Double.NaN : absSums[i] / counts[i];
    }

    /** sMAPE in percent over every scored entry; NaN before the first. */
    public double smape() {
        return mean(smapeSums);
    }

    /** sMAPE in percent of the {@code step}-ahead entries (1-based); NaN before the first. */
    public double smape(int step) {
        int i = index(step);
        return counts[i] == 0 ? Double.NaN : smapeSums[i] / counts[i];
    }

    /** This series' totals, for {@link #aggregate}. */
    public Summary summary() {
        double abs = 0;
        double smape = 0;
        for (int i = 0; i < horizon; i++) {
            abs += absSums[i];
            smape += smapeSums[i];
        }
        return new Summary(count(), abs, smape);
    }

    /** Pools several series' metrics: every scored entry of every series weighs the same. */
    public static Summary aggregate(Iterable<ForecastMetrics> series) {
        Summary total = new Summary(0, 0, 0);
        for (ForecastMetrics m : series) {
            total = total.plus(m.summary());
        }
        return total;
    }

    /**
     * Pooled totals: {@code count} scored entries, the sum of their absolute errors and of their sMAPE terms.
     */
    public record Summary(long count, double absErrorSum, double smapeSum) {

        public Summary plus(Summary other) {
            return new Summary(count + other.count, absErrorSum + other.absErrorSum, smapeSum + other.smapeSum);
        }

        /** Mean absolute error; NaN when nothing was scored. */
        public double mae() {
            return count == 0 ? Double.NaN : absErrorSum / count;
        }

        /** sMAPE in percent; NaN when nothing was scored. */
        public double smape() {
            return count == 0 ? Double.NaN : smapeSum / count;
        }
    }

    private double mean(double[] sums) {
        long n = count();
        if (n == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double v : sums) {
            s += v;
        }
        return s / n;
    }

    private int index(int step) {
        if (step < 1 || step > horizon) {
            throw new IllegalArgumentException("step must be in [1, " + horizon + "], got " + step);
        }
        return step - 1;
    }
}
