package io.tributary.learn.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WelfordTest {

    /** Two-pass population variance: the mean first, then the mean squared deviation. */
    static double twoPassVariance(double[] x, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += x[i];
        }
        double mean = sum / (to - from);
        double ss = 0;
        for (int i = from; i < to; i++) {
            double d = x[i] - mean;
            ss += d * d;
        }
        return ss / (to - from);
    }

    @Test
    void stableOnAMillionValuesWithALargeOffsetWhereTheNaiveFormulaFails() {
        int n = 1_000_000;
        double offset = 1e9;
        SplittableRandom r = new SplittableRandom(42);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = offset + r.nextGaussian();
        }
        // Reference 1: two passes over the data.
        double twoPass = twoPassVariance(x, 0, n);
        // Reference 2: two passes over x - 1e9, which is exact (Sterbenz), so no large magnitudes are involved.
        double[] shifted = new double[n];
        for (int i = 0; i < n; i++) {
            shifted[i] = x[i] - offset;
        }
        double exact = twoPassVariance(shifted, 0, n);
        assertEquals(exact, twoPass, 1e-8 * exact);

        Welford w = new Welford();
        double sum = 0;
        double sumSq = 0;
        for (double v : x) {
            w.add(v);
            sum += v;
            sumSq += v * v;
        }
        double naive = (sumSq - sum * sum / n) / n;
        Welford merged = new Welford();
        for (int p = 0; p < 8; p++) {
            merged.merge(Welford.of(java.util.Arrays.copyOfRange(x, p * n / 8, (p + 1) * n / 8)));
        }

        double welfordErr = Math.abs(w.variance() - twoPass) / twoPass;
        double mergedErr = Math.abs(merged.variance() - twoPass) / twoPass;
        double naiveErr = Math.abs(naive - twoPass) / twoPass;
        System.out.printf("1e9 + N(0,1), n = %d: two-pass variance %.12f; Welford %.12f (rel. err %.2e); "
                        + "8 partitions merged %.12f (rel. err %.2e); naive sum-of-squares %.6f (rel. err %.2e)%n",
                n, twoPass, w.variance(), welfordErr, merged.variance(), mergedErr, naive, naiveErr);

        assertEquals(n, w.count());
        assertEquals(offset + mean(shifted), w.mean(), 1e-4, "mean within 1e-13 relative");
        assertTrue(welfordErr < 1e-7, "Welford relative error " + welfordErr);
        assertTrue(mergedErr < 1e-7, "merged relative error " + mergedErr);
        assertEquals(n, merged.count());
        // The contrast: the textbook formula has lost every significant digit (here it is even negative).
        assertTrue(naiveErr > 1.0, "naive formula unexpectedly accurate: " + naive);
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    @Test
    void matchesTwoPassOnEveryPrefix() {
        SplittableRandom r = new SplittableRandom(1);
        double[] x = new double[500];
        Welford w = new Welford();
        for (int i = 0; i < x.length; i++) {
            x[i] = 1e6 + 50 * r.nextDouble() + (i % 7);
            w.add(x[i]);
            double tp = twoPassVariance(x, 0, i + 1);
            assertEquals(mean(java.util.Arrays.copyOf(x, i + 1)), w.mean(), 1e-9 * 1e6);
            assertEquals(tp, w.variance(), 1e-9 * Math.max(tp, 1));
            if (i > 0) {
                assertEquals(tp * (i + 1) / i, w.sampleVariance(), 1e-9 * Math.max(tp, 1));
            }
        }
        assertEquals(Math.sqrt(w.variance()), w.std());
    }

    /*
     * Tolerances: with values near an offset c and spread s, each Welford step rounds the mean by about
     * ulp(c) / 2, so the relative error of the variance is of order 1e-16 * c / s (about 1e-8 for c / s near 1e8),
     * whatever the number of values. The naive formula's error is of order 1e-16 * (c / s)^2 * n instead.
     */
    @Test
    void mergeOfAnySplitEqualsTheWhole() {
        SplittableRandom r = new SplittableRandom(2);
        double[] x = new double[1000];
        for (int i = 0; i < x.length; i++) {
            x[i] = 3e8 + r.nextGaussian() * 4;
        }
        double expected = twoPassVariance(x, 0, x.length);
        for (int cut : new int[] {0, 1, 2, 333, 500, 999, 1000}) {
            Welford a = Welford.of(java.util.Arrays.copyOfRange(x, 0, cut));
            Welford b = Welford.of(java.util.Arrays.copyOfRange(x, cut, x.length));
            Welford bCopy = b.copy();
            a.merge(b);
            assertEquals(x.length, a.count());
            assertEquals(expected, a.variance(), 1e-7 * expected, "cut at " + cut);
            assertEquals(mean(x), a.mean(), 1e-6);
            assertEquals(bCopy.variance(), b.variance(), 0.0, "merge must not change its argument");
        }
        // Chained merges of uneven partitions.
        Welford all = new Welford();
        int from = 0;
        for (int size : new int[] {1, 7, 100, 2, 390, 500}) {
            all.merge(Welford.of(java.util.Arrays.copyOfRange(x, from, from + size)));
            from += size;
        }
        assertEquals(expected, all.variance(), 1e-7 * expected);
    }

    @Test
    void integerWeightsEqualRepeatedValues() {
        SplittableRandom r = new SplittableRandom(3);
        Welford weighted = new Welford();
        Welford repeated = new Welford();
        for (int i = 0; i < 300; i++) {
            double v = 1e5 + r.nextGaussian();
            int w = 1 + r.nextInt(4);
            weighted.add(v, w);
            for (int k = 0; k < w; k++) {
                repeated.add(v);
            }
        }
        assertEquals(repeated.weight(), weighted.weight(), 0.0);
        assertEquals(repeated.mean(), weighted.mean(), 1e-9);
        assertEquals(repeated.variance(), weighted.variance(), 1e-9);
        assertEquals(repeated.sampleVariance(), weighted.sampleVariance(), 1e-9);
        assertEquals(300, weighted.count());
    }

    @Test
    void realWeightsMatchTheWeightedTwoPassFormula() {
        SplittableRandom r = new SplittableRandom(4);
        int n = 2000;
        double[] x = new double[n];
        double[] w = new double[n];
        Welford a = new Welford();
        Welford b = new Welford();
        for (int i = 0; i < n; i++) {
            x[i] = 7e7 + 10 * r.nextGaussian();
            w[i] = r.nextDouble() * 3;
            (i % 3 == 0 ? a : b).add(x[i], w[i]);
        }
        double sw = 0;
        double swx = 0;
        for (int i = 0; i < n; i++) {
            sw += w[i];
            swx += w[i] * (x[i] - 7e7);
        }
        double mean = 7e7 + swx / sw;
        double m2 = 0;
        for (int i = 0; i < n; i++) {
            double d = x[i] - mean;
            m2 += w[i] * d * d;
        }
        a.merge(b);
        assertEquals(sw, a.weight(), 1e-9 * sw);
        assertEquals(mean, a.mean(), 1e-6);
        assertEquals(m2 / sw, a.variance(), 1e-7 * (m2 / sw));
        assertEquals(m2, a.m2(), 1e-7 * m2);
        Welford zero = Welford.of(1, 2, 3);
        zero.add(1000, 0);
        assertEquals(3, zero.count(), "a zero weight is ignored");
        assertEquals(2, zero.mean());
    }

    @Test
    void edgeCasesAndValidation() {
        Welford w = new Welford();
        assertTrue(Double.isNaN(w.mean()));
        assertTrue(Double.isNaN(w.variance()));
        assertTrue(Double.isNaN(w.sampleVariance()));
        w.add(5);
        assertEquals(5, w.mean());
        assertEquals(0, w.variance());
        assertTrue(Double.isNaN(w.sampleVariance()));
        assertThrows(IllegalArgumentException.class, () -> w.add(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> w.add(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> w.add(1, -1));
        assertThrows(IllegalArgumentException.class, () -> w.add(1, Double.NaN));
        assertEquals(1, w.count(), "rejected values leave no trace");
        w.merge(new Welford());
        assertEquals(1, w.count());
        Welford empty = new Welford();
        empty.merge(w);
        assertEquals(5, empty.mean());

        Welford restored = Welford.restore(w.count(), w.weight(), w.mean(), w.m2());
        assertEquals(w.toString(), restored.toString());
        assertThrows(IllegalArgumentException.class, () -> Welford.restore(1, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Welford.restore(2, 2, Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> Welford.restore(2, 2, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> Welford.restore(0, 0, 0, 1));
    }

    @Test
    void minMaxMatchesASortedArrayAndMerges() {
        SplittableRandom r = new SplittableRandom(5);
        double[] x = new double[1001];
        MinMax all = new MinMax();
        MinMax a = new MinMax();
        MinMax b = new MinMax();
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian() * 1e3;
            all.add(x[i]);
            (i < 400 ? a : b).add(x[i]);
        }
        double[] sorted = x.clone();
        java.util.Arrays.sort(sorted);
        assertEquals(sorted[0], all.min());
        assertEquals(sorted[sorted.length - 1], all.max());
        assertEquals(sorted[sorted.length - 1] - sorted[0], all.range());
        a.merge(b);
        a.merge(new MinMax());
        assertEquals(all.min(), a.min());
        assertEquals(all.max(), a.max());
        assertEquals(x.length, a.count());
        MinMax empty = new MinMax();
        assertTrue(Double.isNaN(empty.min()) && Double.isNaN(empty.max()) && Double.isNaN(empty.range()));
        assertThrows(IllegalArgumentException.class, () -> empty.add(Double.NaN));
    }
}
