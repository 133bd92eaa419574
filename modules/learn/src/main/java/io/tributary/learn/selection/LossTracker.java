package io.tributary.learn.selection;

import io.tributary.learn.metrics.FadingMean;

/** The running average a {@link LossAverage} describes. */
abstract sealed class LossTracker {

    static LossTracker of(LossAverage average) {
        return switch (average) {
            case LossAverage.Window w -> new Windowed(w.size());
            case LossAverage.Fading f -> new Fading(f.alpha());
        };
    }

    abstract void add(double loss);

    /** The average; NaN before any loss. */
    abstract double mean();

    /** Ring of the last n losses, running sum rebuilt once per n updates (as the metrics windows do). */
    static final class Windowed extends LossTracker {
        private final double[] ring;
        private int next;
        private int size;
        private int nonFinite;
        private double sum;
        private int sinceRebuild;

        Windowed(int n) {
            ring = new double[n];
        }

        @Override
        void add(double loss) {
            if (size == ring.length) {
                if (Double.isFinite(ring[next])) {
                    sum -= ring[next];
                } else {
                    nonFinite--;
                }
            } else {
                size++;
            }
            ring[next] = loss;
            if (Double.isFinite(loss)) {
                sum += loss;
            } else {
                nonFinite++;
            }
            next = next + 1 == ring.length ? 0 : next + 1;
            if (++sinceRebuild == ring.length) {
                double s = 0;
                for (int i = 0; i < size; i++) {
                    if (Double.isFinite(ring[i])) {
                        s += ring[i];
                    }
                }
                sum = s;
                sinceRebuild = 0;
            }
        }

        @Override
        double mean() {
            if (size == 0) {
                return Double.NaN;
            }
            return nonFinite > 0 ? Double.POSITIVE_INFINITY : Math.max(0, sum) / size;
        }
    }

    static final class Fading extends LossTracker {
        private final FadingMean mean;
        private final long memory;
        private long poisoned;

        Fading(double alpha) {
            mean = new FadingMean(alpha);
            double w = mean.effectiveWindow();
            // The factor absorbs rounding: 1 / (1 - 0.9) is 10.000000000000002, whose ceiling would be 11.
            memory = Double.isInfinite(w) || w >= Long.MAX_VALUE ? Long.MAX_VALUE
                    : (long) Math.ceil(w * (1 - 1e-12));
        }

        @Override
        void add(double loss) {
            if (poisoned > 0 && poisoned != Long.MAX_VALUE) {
                poisoned--;
            }
            if (Double.isFinite(loss)) {
                mean.update(loss);
            } else {
                poisoned = memory;
            }
        }

        @Override
        double mean() {
            return poisoned > 0 ? Double.POSITIVE_INFINITY : mean.mean();
        }
    }
}
