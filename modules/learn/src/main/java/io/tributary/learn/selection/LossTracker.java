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

    /**
     * The tracker {@code state} describes, for a restored selector.
     *
     * @throws IllegalArgumentException when the state is not of the average's kind or is inconsistent with it
     */
    static LossTracker restore(LossAverage average, SelectorState.Tracker state) {
        return switch (average) {
            case LossAverage.Window w when state instanceof SelectorState.WindowTracker s -> Windowed.restore(w, s);
            case LossAverage.Fading f when state instanceof SelectorState.FadingTracker s -> Fading.restore(f, s);
            default -> throw new IllegalArgumentException("a " + average + " loss average cannot hold a "
                    + state.getClass().getSimpleName());
        };
    }

    abstract void add(double loss);

    /** A copy of everything the tracker holds. */
    abstract SelectorState.Tracker state();

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

        static Windowed restore(LossAverage.Window window, SelectorState.WindowTracker s) {
            int n = window.size();
            double[] ring = s.ring();
            if (ring.length != n) {
                throw new IllegalArgumentException("loss window holds " + ring.length + " slots, the average says "
                        + n);
            }
            // The ring fills from slot 0, so until it is full the next slot is its size and the sum has not been
            // rebuilt yet.
            boolean filling = s.size() < n;
            if (s.size() < 0 || s.size() > n || s.next() < 0 || s.next() >= n || s.sinceRebuild() < 0
                    || s.sinceRebuild() >= n || (filling && (s.next() != s.size() || s.sinceRebuild() != s.size()))) {
                throw new IllegalArgumentException("inconsistent loss window of " + n + ": size " + s.size()
                        + ", next " + s.next() + ", since rebuild " + s.sinceRebuild());
            }
            int nonFinite = 0;
            for (int i = 0; i < n; i++) {
                double l = ring[i];
                if (i >= s.size() ? Double.doubleToRawLongBits(l) != 0 : Double.isNaN(l) || l < 0) {
                    throw new IllegalArgumentException("loss window slot " + i + " holds " + l);
                }
                if (i < s.size() && !Double.isFinite(l)) {
                    nonFinite++;
                }
            }
            if (nonFinite != s.nonFinite() || Double.isNaN(s.sum())) {
                throw new IllegalArgumentException("inconsistent loss window: " + nonFinite
                        + " infinite losses in the ring, " + s.nonFinite() + " counted, sum " + s.sum());
            }
            Windowed t = new Windowed(n);
            System.arraycopy(ring, 0, t.ring, 0, n);
            t.next = s.next();
            t.size = s.size();
            t.nonFinite = s.nonFinite();
            t.sum = s.sum();
            t.sinceRebuild = s.sinceRebuild();
            return t;
        }

        @Override
        SelectorState.WindowTracker state() {
            return new SelectorState.WindowTracker(ring.clone(), next, size, nonFinite, sum, sinceRebuild);
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
            this(new FadingMean(alpha), 0);
        }

        private Fading(FadingMean mean, long poisoned) {
            this.mean = mean;
            double w = mean.effectiveWindow();
            // The factor absorbs rounding: 1 / (1 - 0.9) is 10.000000000000002, whose ceiling would be 11.
            memory = Double.isInfinite(w) || w >= Long.MAX_VALUE ? Long.MAX_VALUE
                    : (long) Math.ceil(w * (1 - 1e-12));
            if (poisoned < 0 || poisoned > memory) {
                throw new IllegalArgumentException("an infinite loss stays in a fading average for at most " + memory
                        + " evaluations, the state says " + poisoned);
            }
            this.poisoned = poisoned;
        }

        static Fading restore(LossAverage.Fading fading, SelectorState.FadingTracker s) {
            return new Fading(FadingMean.restore(fading.alpha(), s.sum(), s.weight(), s.count()), s.poisoned());
        }

        @Override
        SelectorState.FadingTracker state() {
            return new SelectorState.FadingTracker(mean.sum(), mean.weight(), mean.count(), poisoned);
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
