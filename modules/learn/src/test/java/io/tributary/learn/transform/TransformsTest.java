package io.tributary.learn.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.DenseVector;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.SparseVector;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Each transform against a direct computation over the stored history of the stream: instance {@code t} is
 * transformed with the statistics of instances {@code 0..t-1}, then learned.
 */
class TransformsTest {

    private static final int D = 3;

    /** Feature 0 ~ N(0, 1), feature 1 ~ 1e4 + 100 U(0, 1) (a large offset), feature 2 a slow random walk. */
    private static List<float[]> history(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<float[]> out = new ArrayList<>();
        float walk = 0;
        for (int t = 0; t < n; t++) {
            walk += (float) r.nextGaussian();
            out.add(new float[] {(float) r.nextGaussian(), (float) (1e4 + 100 * r.nextDouble()), walk});
        }
        return out;
    }

    private static float[] values(FeatureVector v) {
        return ((DenseVector) v).values();
    }

    /** Transforms then learns every instance, returning the outputs. */
    private static List<float[]> run(Transform t, List<float[]> xs) {
        List<float[]> out = new ArrayList<>();
        for (float[] x : xs) {
            DenseVector in = DenseVector.of(x.clone());
            out.add(values(t.transform(in)));
            t.learnOne(in);
        }
        return out;
    }

    @Test
    void standardScalerMatchesTwoPassZScoresOfThePrefix() {
        List<float[]> xs = history(2000, 1);
        StandardScaler scaler = new StandardScaler(D, new int[] {0, 1});
        List<float[]> out = run(scaler, xs);
        for (int t = 0; t < xs.size(); t++) {
            float[] x = xs.get(t);
            for (int f : new int[] {0, 1}) {
                // Two passes over the prefix 0..t-1.
                double mean = 0;
                for (int s = 0; s < t; s++) {
                    mean += xs.get(s)[f];
                }
                mean /= Math.max(t, 1);
                double ss = 0;
                for (int s = 0; s < t; s++) {
                    double d = xs.get(s)[f] - mean;
                    ss += d * d;
                }
                double std = t == 0 ? 0 : Math.sqrt(ss / t);
                double expected = std > 0 ? (x[f] - mean) / std : 0;
                assertEquals(expected, out.get(t)[f], 1e-5 * Math.max(1, Math.abs(expected)), "t=" + t + " f=" + f);
            }
            assertEquals(x[2], out.get(t)[2], 0f, "unselected features pass through");
        }
        assertEquals(xs.size(), scaler.seen());
        assertEquals(1e4 + 50, scaler.mean(1), 5);
        assertEquals(100 / Math.sqrt(12), scaler.std(1), 3);
    }

    @Test
    void differenceIsTheChangeSinceTheLastLearnedInstance() {
        List<float[]> xs = history(500, 2);
        List<float[]> out = run(new Difference(D, new int[] {2}), xs);
        for (int t = 0; t < xs.size(); t++) {
            float expected = t == 0 ? 0f : xs.get(t)[2] - xs.get(t - 1)[2];
            assertEquals(expected, out.get(t)[2], 0f);
            assertEquals(xs.get(t)[0], out.get(t)[0], 0f);
        }
        List<float[]> all = run(new Difference(D), xs);
        assertEquals(xs.get(9)[1] - xs.get(8)[1], all.get(9)[1], 0f);
    }

    @Test
    void lagsAreTheStoredHistory() {
        int k = 4;
        List<float[]> xs = history(100, 3);
        Lag lag = new Lag(D, new int[] {2, 0}, k);
        assertEquals(D + 2 * k, lag.outputDimension());
        List<float[]> out = run(lag, xs);
        for (int t = 0; t < xs.size(); t++) {
            float[] o = out.get(t);
            assertArrayEquals(xs.get(t), java.util.Arrays.copyOf(o, D));
            int p = D;
            for (int f : new int[] {2, 0}) {
                for (int i = 1; i <= k; i++) {
                    assertEquals(t - i >= 0 ? xs.get(t - i)[f] : 0f, o[p++], 0f, "t=" + t + " f=" + f + " lag " + i);
                }
            }
        }
    }

    @Test
    void rollingStatisticsMatchRecomputationOverTheWindow() {
        int w = 25;
        // Long enough for many exact rebuilds and many add/remove steps; feature 1 has a large offset.
        List<float[]> xs = history(5000, 4);
        Rolling rolling = new Rolling(D, null, w);
        assertEquals(D + D * 4, rolling.outputDimension());
        List<float[]> out = run(rolling, xs);
        for (int t = 0; t < xs.size(); t++) {
            float[] o = out.get(t);
            int from = Math.max(0, t - w);
            for (int f = 0; f < D; f++) {
                double mean = 0;
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (int s = from; s < t; s++) {
                    mean += xs.get(s)[f];
                    min = Math.min(min, xs.get(s)[f]);
                    max = Math.max(max, xs.get(s)[f]);
                }
                int size = t - from;
                mean = size == 0 ? 0 : mean / size;
                double ss = 0;
                for (int s = from; s < t; s++) {
                    double d = xs.get(s)[f] - mean;
                    ss += d * d;
                }
                double std = size == 0 ? 0 : Math.sqrt(ss / size);
                int p = D + 4 * f;
                String at = "t=" + t + " f=" + f;
                assertEquals(mean, o[p], 1e-6 * Math.max(1, Math.abs(mean)), at + " mean");
                assertEquals(std, o[p + 1], 1e-6 * Math.max(1, Math.abs(mean)), at + " std");
                assertEquals(size == 0 ? 0f : (float) min, o[p + 2], 0f, at + " min");
                assertEquals(size == 0 ? 0f : (float) max, o[p + 3], 0f, at + " max");
            }
        }
    }

    @Test
    void rollingMinMaxOnMonotoneAndTiedRuns() {
        // Increasing, decreasing and constant runs exercise the deques' pops; window 1 is the degenerate case.
        float[] seq = {5, 5, 5, 1, 2, 3, 4, 9, 8, 7, 6, 6, 6, 0, 10, -1, -1, 3};
        for (int w : new int[] {1, 2, 3, 5, 40}) {
            Rolling r = new Rolling(1, null, w, EnumSet.of(Rolling.Stat.MAX, Rolling.Stat.MIN));
            assertEquals(List.of(Rolling.Stat.MIN, Rolling.Stat.MAX), r.stats());
            for (int t = 0; t < seq.length; t++) {
                float[] o = values(r.transform(DenseVector.of(seq[t])));
                float min = Float.POSITIVE_INFINITY;
                float max = Float.NEGATIVE_INFINITY;
                for (int s = Math.max(0, t - w); s < t; s++) {
                    min = Math.min(min, seq[s]);
                    max = Math.max(max, seq[s]);
                }
                assertEquals(t == 0 ? 0f : min, o[1], 0f, "w=" + w + " t=" + t);
                assertEquals(t == 0 ? 0f : max, o[2], 0f, "w=" + w + " t=" + t);
                r.learnOne(DenseVector.of(seq[t]));
            }
        }
    }

    @Test
    void rollingIsFastOnLongStreams() {
        // O(1) amortised per update: a million updates over a window of 10 000 take well under a second.
        Rolling r = new Rolling(1, null, 10_000);
        SplittableRandom rnd = new SplittableRandom(5);
        long start = System.nanoTime();
        float[] o = null;
        for (int t = 0; t < 1_000_000; t++) {
            DenseVector x = DenseVector.of((float) rnd.nextGaussian());
            if (t % 1000 == 0) {
                o = values(r.transform(x));
            }
            r.learnOne(x);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 2.0, "1 M rolling updates took " + seconds + " s");
        assertEquals(0.0, o[1], 0.05);
        assertEquals(1.0, o[2], 0.05);
    }

    @Test
    void fourierTermsOfTheTimeFeature() {
        Fourier fourier = new Fourier(2, 1, new double[] {24, 168}, 3);
        assertEquals(2 + 2 * 2 * 3, fourier.outputDimension());
        for (float time : new float[] {0f, 1f, 6f, 12.5f, 100f, 167f, 1000f}) {
            float[] o = values(fourier.transform(DenseVector.of(7f, time)));
            assertEquals(7f, o[0]);
            assertEquals(time, o[1]);
            int p = 2;
            for (double period : new double[] {24, 168}) {
                for (int k = 1; k <= 3; k++) {
                    assertEquals(Math.sin(2 * Math.PI * k * time / period), o[p++], 1e-6);
                    assertEquals(Math.cos(2 * Math.PI * k * time / period), o[p++], 1e-6);
                }
            }
        }
        // Periodicity: t and t + 24 * 7 give the same terms for both periods.
        float[] a = values(fourier.transform(DenseVector.of(0f, 5f)));
        float[] b = values(fourier.transform(DenseVector.of(0f, 5f + 168f)));
        for (int i = 2; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-5);
        }
        assertThrows(IllegalArgumentException.class, () -> new Fourier(2, 2, new double[] {24}, 1));
        assertThrows(IllegalArgumentException.class, () -> new Fourier(2, 0, new double[] {0}, 1));
        assertThrows(IllegalArgumentException.class, () -> new Fourier(2, 0, new double[] {24}, 0));
    }

    @Test
    void oneHotWithAnUnknownBucket() {
        OneHot oneHot = new OneHot(2, 1, new float[] {3f, 0f, 7f});
        assertEquals(2 + 4, oneHot.outputDimension());
        float[][] cases = {{3f}, {0f}, {-0f}, {7f}, {5f}, {Float.NaN}, {-3f}};
        int[] expected = {0, 1, 1, 2, 3, 3, 3};
        for (int i = 0; i < cases.length; i++) {
            float[] o = values(oneHot.transform(DenseVector.of(9f, cases[i][0])));
            float[] indicators = java.util.Arrays.copyOfRange(o, 2, 6);
            float[] want = new float[4];
            want[expected[i]] = 1f;
            assertArrayEquals(want, indicators, "code " + cases[i][0]);
            assertEquals(9f, o[0]);
        }
        assertThrows(IllegalArgumentException.class, () -> new OneHot(2, 1, new float[] {1f, 1f}));
        assertThrows(IllegalArgumentException.class, () -> new OneHot(2, 1, new float[] {}));
        assertThrows(IllegalArgumentException.class, () -> new OneHot(2, 1, new float[] {Float.NaN}));
    }

    @Test
    void selectKeepsAndDrops() {
        float[] x = {10f, 11f, 12f, 13f};
        assertArrayEquals(new float[] {13f, 10f}, values(Select.keep(4, new int[] {3, 0}).transform(DenseVector.of(x))));
        Select drop = Select.drop(4, new int[] {1, 2});
        assertArrayEquals(new float[] {10f, 13f}, values(drop.transform(DenseVector.of(x))));
        assertArrayEquals(new int[] {0, 3}, drop.kept());
        assertThrows(IllegalArgumentException.class, () -> Select.drop(2, new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> Select.keep(2, new int[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> Select.keep(2, new int[] {2}));
    }

    private static List<Supplier<Transform>> allKinds() {
        return List.of(
                () -> new StandardScaler(D),
                () -> new Difference(D),
                () -> new Lag(D, null, 2),
                () -> new Rolling(D, new int[] {1}, 4),
                () -> new Fourier(D, 2, new double[] {10}, 2),
                () -> new OneHot(D, 0, new float[] {0f, 1f}),
                () -> Select.drop(D, new int[] {1}));
    }

    @Test
    void sparseInputIsReadAsDenseWithZeros() {
        SplittableRandom r = new SplittableRandom(6);
        for (Supplier<Transform> kind : allKinds()) {
            Transform dense = kind.get();
            Transform sparse = kind.get();
            for (int t = 0; t < 30; t++) {
                float a = (float) r.nextGaussian();
                float b = (float) r.nextGaussian();
                DenseVector d = DenseVector.of(a, 0f, b);
                SparseVector s = new SparseVector(D, new int[] {2, 0}, new float[] {b, a});
                assertArrayEquals(values(dense.transform(d)), values(sparse.transform(s)), dense.type());
                dense.learnOne(d);
                sparse.learnOne(s);
            }
        }
    }

    @Test
    void transformIsPureAndLearnValidates() {
        for (Supplier<Transform> kind : allKinds()) {
            Transform t = kind.get();
            t.learnOne(DenseVector.of(1f, 2f, 3f));
            t.learnOne(DenseVector.of(2f, 5f, 1f));
            DenseVector probe = DenseVector.of(0.5f, 4f, 2f);
            float[] first = values(t.transform(probe));
            for (int i = 0; i < 5; i++) {
                assertArrayEquals(first, values(t.transform(probe)), t.type() + " changed on transform");
            }
            assertEquals(t.outputDimension(), first.length);
            assertArrayEquals(new float[] {0.5f, 4f, 2f}, probe.values(), "input must not be modified");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> t.transform(DenseVector.of(1f, 2f)));
            assertEquals("expected dimension 3, got 2", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> t.learnOne(DenseVector.of(1f)));
            assertEquals(2, t.seen());
        }
        StandardScaler scaler = new StandardScaler(D);
        assertThrows(IllegalArgumentException.class, () -> scaler.learnOne(DenseVector.of(1f, Float.NaN, 0f)));
        assertEquals(0, scaler.seen());
        // Only the features a transform reads must be finite.
        Lag lag = new Lag(D, new int[] {0}, 1);
        lag.learnOne(DenseVector.of(1f, Float.NaN, 0f));
        assertThrows(IllegalArgumentException.class, () -> lag.learnOne(DenseVector.of(Float.NaN, 0f, 0f)));
    }

    @Test
    void constructorValidation() {
        assertThrows(IllegalArgumentException.class, () -> new StandardScaler(0));
        assertThrows(IllegalArgumentException.class, () -> new StandardScaler(3, new int[] {3}));
        assertThrows(IllegalArgumentException.class, () -> new StandardScaler(3, new int[] {}));
        assertThrows(IllegalArgumentException.class, () -> new Lag(3, null, 0));
        assertThrows(IllegalArgumentException.class, () -> new Rolling(3, null, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new Rolling(3, null, 5, EnumSet.noneOf(Rolling.Stat.class)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Difference(3, new int[] {1, 1}));
        assertTrue(e.getMessage().contains("repeated"), e.getMessage());
    }
}
