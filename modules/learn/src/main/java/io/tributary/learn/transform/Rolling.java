package io.tributary.learn.transform;

import io.tributary.learn.DenseVector;
import io.tributary.learn.FeatureVector;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Rolling statistics over a window: appends, for each selected feature, the mean, standard deviation, minimum and/or
 * maximum of its values in the last {@code window} instances learned (fewer at the start). The window holds past
 * instances only: the output for instance {@code t} summarises instances {@code t-window..t-1}, while {@code x_t}
 * itself stays in the pass-through coordinates, exactly like {@link Lag}. Before anything is learned every rolling
 * statistic is 0. The standard deviation is the population one (divisor: the number of values in the window).
 * Output order: feature by feature, and for each feature the chosen statistics in the order mean, std, min, max.
 * Output dimension {@code dimension + features * stats}.
 *
 * <p>Cost per update: O(1) amortised per feature. Mean and variance follow a sliding Welford update
 * ({@code mean' = mean + (x_new - x_old) / w}, {@code m2' = m2 + (x_new - x_old)(x_new - mean' + x_old - mean)}),
 * and are recomputed exactly (two passes over the window) once every {@code window} updates, which bounds the
 * rounding drift of add-and-remove updates to one window's worth at an amortised O(1) cost. Minimum and maximum come
 * from monotonic deques: each value enters and leaves each deque once.
 */
public final class Rolling implements Transform {

    public static final String TYPE = "rolling";

    /** The statistics a rolling window can report. */
    public enum Stat {
        MEAN, STD, MIN, MAX;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code mean}, {@code std}, {@code min} or {@code max}, case-insensitively. */
        public static Stat fromConfigName(String name) {
            for (Stat s : values()) {
                if (s.configName().equalsIgnoreCase(name.trim())) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown rolling statistic '" + name + "'; allowed: mean, std, min, max");
        }
    }

    private final int dimension;
    private final int[] features;
    private final int window;
    private final Stat[] stats;
    private final double[] ring;
    private final double[] mean;
    private final double[] m2;
    private final long[] minDeque;
    private final int[] minHead;
    private final int[] minLength;
    private final long[] maxDeque;
    private final int[] maxHead;
    private final int[] maxLength;
    private long seen;
    private int sinceRebuild;

    /** Every statistic. */
    public Rolling(int dimension, int[] features, int window) {
        this(dimension, features, window, EnumSet.allOf(Stat.class));
    }

    /**
     * @param features the features to summarise (null: all)
     * @param stats    which statistics to append, at least one
     */
    public Rolling(int dimension, int[] features, int window, Set<Stat> stats) {
        this.dimension = dimension;
        this.features = Features.selection(TYPE, features, dimension);
        Objects.requireNonNull(stats, "stats");
        if (window <= 0) {
            throw new IllegalArgumentException(TYPE + ": window must be positive, got " + window);
        }
        if (stats.isEmpty()) {
            throw new IllegalArgumentException(TYPE + ": stats must name at least one of mean, std, min, max");
        }
        int n = this.features.length;
        if ((long) n * window > 1 << 24) {
            throw new IllegalArgumentException(TYPE + ": " + n + " features x window " + window + " is too large");
        }
        this.window = window;
        this.stats = EnumSet.copyOf(stats).toArray(new Stat[0]);
        this.ring = new double[n * window];
        this.mean = new double[n];
        this.m2 = new double[n];
        this.minDeque = new long[n * window];
        this.minHead = new int[n];
        this.minLength = new int[n];
        this.maxDeque = new long[n * window];
        this.maxHead = new int[n];
        this.maxLength = new int[n];
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int inputDimension() {
        return dimension;
    }

    @Override
    public int outputDimension() {
        return dimension + features.length * stats.length;
    }

    @Override
    public long seen() {
        return seen;
    }

    public int[] features() {
        return features.clone();
    }

    public int window() {
        return window;
    }

    /** The appended statistics, in output order. */
    public List<Stat> stats() {
        return List.of(stats);
    }

    private int size() {
        return (int) Math.min(seen, window);
    }

    private double value(int j, long seq) {
        return ring[j * window + (int) (seq % window)];
    }

    @Override
    public FeatureVector transform(FeatureVector x) {
        float[] in = Features.dense(x, dimension);
        float[] out = new float[outputDimension()];
        System.arraycopy(in, 0, out, 0, dimension);
        int o = dimension;
        int size = size();
        for (int j = 0; j < features.length; j++) {
            for (Stat s : stats) {
                double v;
                if (size == 0) {
                    v = 0;
                } else {
                    v = switch (s) {
                        case MEAN -> mean[j];
                        case STD -> Math.sqrt(Math.max(0, m2[j]) / size);
                        case MIN -> value(j, minDeque[j * window + minHead[j]]);
                        case MAX -> value(j, maxDeque[j * window + maxHead[j]]);
                    };
                }
                out[o++] = (float) v;
            }
        }
        return new DenseVector(out);
    }

    @Override
    public void learnOne(FeatureVector x) {
        float[] in = Features.dense(x, dimension);
        Features.requireFinite(in, features);
        boolean full = seen >= window;
        int slot = (int) (seen % window);
        long leaving = seen - window;
        for (int j = 0; j < features.length; j++) {
            double v = in[features[j]];
            int base = j * window;
            if (full) {
                double old = ring[base + slot];
                if (minLength[j] > 0 && minDeque[base + minHead[j]] == leaving) {
                    minHead[j] = (minHead[j] + 1) % window;
                    minLength[j]--;
                }
                if (maxLength[j] > 0 && maxDeque[base + maxHead[j]] == leaving) {
                    maxHead[j] = (maxHead[j] + 1) % window;
                    maxLength[j]--;
                }
                double newMean = mean[j] + (v - old) / window;
                m2[j] += (v - old) * (v - newMean + old - mean[j]);
                mean[j] = newMean;
            } else {
                double d = v - mean[j];
                mean[j] += d / (seen + 1);
                m2[j] += d * (v - mean[j]);
            }
            ring[base + slot] = v;
            push(j, seen, v);
        }
        seen++;
        if (++sinceRebuild >= window) {
            rebuild();
        }
    }

    /** Appends sequence number {@code seq} (value {@code v}, already in the ring) to both deques of feature j. */
    private void push(int j, long seq, double v) {
        int base = j * window;
        while (minLength[j] > 0 && value(j, minDeque[base + (minHead[j] + minLength[j] - 1) % window]) >= v) {
            minLength[j]--;
        }
        minDeque[base + (minHead[j] + minLength[j]) % window] = seq;
        minLength[j]++;
        while (maxLength[j] > 0 && value(j, maxDeque[base + (maxHead[j] + maxLength[j] - 1) % window]) <= v) {
            maxLength[j]--;
        }
        maxDeque[base + (maxHead[j] + maxLength[j]) % window] = seq;
        maxLength[j]++;
    }

    /** Exact two-pass mean and m2 of each window. */
    private void rebuild() {
        int size = size();
        for (int j = 0; j < features.length; j++) {
            int base = j * window;
            double sum = 0;
            for (int i = 0; i < size; i++) {
                sum += ring[base + i];
            }
            double mu = sum / size;
            double s2 = 0;
            for (int i = 0; i < size; i++) {
                double d = ring[base + i] - mu;
                s2 += d * d;
            }
            mean[j] = mu;
            m2[j] = s2;
        }
        sinceRebuild = 0;
    }

    void write(StateWriter w) {
        int mask = 0;
        for (Stat s : stats) {
            mask |= 1 << s.ordinal();
        }
        w.putInt(dimension).putInts(features).putInt(window).putByte(mask).putLong(seen).putInt(sinceRebuild)
                .putDoubles(ring).putDoubles(mean).putDoubles(m2);
    }

    static Rolling read(StateReader r) {
        int dimension = r.getInt();
        int[] features = r.getInts();
        int window = r.getInt();
        int mask = r.getByte();
        EnumSet<Stat> stats = EnumSet.noneOf(Stat.class);
        for (Stat s : Stat.values()) {
            if ((mask & (1 << s.ordinal())) != 0) {
                stats.add(s);
            }
        }
        StateReader.check(mask < 1 << Stat.values().length, "unknown rolling statistics mask " + mask);
        Rolling t = new Rolling(dimension, features, window, stats);
        t.seen = r.getLong();
        t.sinceRebuild = r.getInt();
        double[] ring = r.getDoubles();
        double[] mean = r.getDoubles();
        double[] m2 = r.getDoubles();
        StateReader.check(t.seen >= 0 && t.sinceRebuild >= 0 && t.sinceRebuild < window
                && ring.length == t.ring.length && mean.length == t.mean.length && m2.length == t.m2.length,
                "rolling state does not fit");
        System.arraycopy(ring, 0, t.ring, 0, ring.length);
        System.arraycopy(mean, 0, t.mean, 0, mean.length);
        System.arraycopy(m2, 0, t.m2, 0, m2.length);
        // The deques are a function of the window's values: replaying the window rebuilds them exactly.
        for (int j = 0; j < t.features.length; j++) {
            for (long seq = Math.max(0, t.seen - window); seq < t.seen; seq++) {
                t.push(j, seq, t.value(j, seq));
            }
        }
        return t;
    }
}
