package io.tributary.learn.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KllSketchTest {

    /** The bound this class documents for k = 200: DataSketches' 99%-confidence figure for all queries at once. */
    private static final double BOUND = 0.0165;

    /** Exact normalised rank of v: the fraction of the sorted values that are <= v. */
    private static double exactRank(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return (double) lo / sorted.length;
    }

    /** The largest rank error over the percentiles 1..99, for both quantile() and rank(). */
    private static double maxRankError(KllSketch sketch, double[] sorted) {
        double worst = 0;
        for (int p = 1; p < 100; p++) {
            double q = p / 100.0;
            worst = Math.max(worst, Math.abs(exactRank(sorted, sketch.quantile(q)) - q));
            double v = sorted[(int) (q * sorted.length)];
            worst = Math.max(worst, Math.abs(sketch.rank(v) - exactRank(sorted, v)));
        }
        return worst;
    }

    private static double[] stream(String kind, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = switch (kind) {
                case "uniform" -> r.nextDouble();
                case "lognormal" -> Math.exp(2 * r.nextGaussian());
                default -> 1e9 + r.nextGaussian();
            };
        }
        return x;
    }

    @Test
    void rankErrorWithinTheStatedBoundOnAMillionValues() {
        int n = 1_000_000;
        double worstOverall = 0;
        for (String kind : new String[] {"normal", "uniform", "lognormal", "sorted", "reversed"}) {
            double[] x = stream(kind.equals("sorted") || kind.equals("reversed") ? "uniform" : kind, n,
                    kind.hashCode());
            double[] sorted = x.clone();
            Arrays.sort(sorted);
            double[] order = switch (kind) {
                case "sorted" -> sorted;
                case "reversed" -> {
                    double[] rev = new double[n];
                    for (int i = 0; i < n; i++) {
                        rev[i] = sorted[n - 1 - i];
                    }
                    yield rev;
                }
                default -> x;
            };
            KllSketch sketch = new KllSketch(200, 7);
            for (double v : order) {
                sketch.add(v);
            }
            double err = maxRankError(sketch, sorted);
            worstOverall = Math.max(worstOverall, err);
            System.out.printf("KLL k=200, %s, n=%d: max rank error over percentiles %.4f, retained %d items%n",
                    kind, n, err, sketch.retained());
            assertTrue(err <= BOUND, kind + ": rank error " + err);
            assertEquals(sorted[0], sketch.quantile(0));
            assertEquals(sorted[n - 1], sketch.quantile(1));
            assertEquals(n, sketch.count());
            assertTrue(sketch.retained() < 3 * 200 + 100, "retained " + sketch.retained());
        }
        System.out.printf("KLL k=200: worst rank error %.4f (bound %.4f)%n", worstOverall, BOUND);
    }

    @Test
    void mergedPartitionsKeepTheBound() {
        int parts = 8;
        int n = 400_000;
        double[] x = stream("lognormal", n, 11);
        KllSketch merged = new KllSketch(200, 1);
        for (int p = 0; p < parts; p++) {
            KllSketch s = new KllSketch(200, 100 + p);
            for (int i = p * n / parts; i < (p + 1) * n / parts; i++) {
                s.add(x[i]);
            }
            merged.merge(s);
        }
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        double err = maxRankError(merged, sorted);
        System.out.printf("KLL k=200, 8 merged partitions of %d: max rank error %.4f%n", n / parts, err);
        assertTrue(err <= BOUND, "merged rank error " + err);
        assertEquals(n, merged.count());
        assertEquals(sorted[0], merged.min());
        assertEquals(sorted[n - 1], merged.max());
    }

    @Test
    void exactWhileNothingWasCompacted() {
        KllSketch s = new KllSketch();
        double[] x = {5, 1, 4, 2, 3};
        for (double v : x) {
            s.add(v);
        }
        assertEquals(1, s.quantile(0.2));
        assertEquals(3, s.quantile(0.5));
        assertEquals(4, s.quantile(0.8));
        assertEquals(0.6, s.rank(3.5));
        assertEquals(0, s.rank(0));
        assertEquals(1, s.rank(9));
        assertTrue(Double.isNaN(new KllSketch().quantile(0.5)));
    }

    @Test
    void smallerKIsCoarserButStillBounded() {
        double[] x = stream("normal", 200_000, 3);
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        KllSketch s = new KllSketch(50, 3);
        for (double v : x) {
            s.add(v);
        }
        double err = maxRankError(s, sorted);
        assertTrue(err <= 0.06, "k=50 rank error " + err); // DataSketches: about 5.9% for k = 50
        assertTrue(s.retained() < 200);
    }

    @Test
    void snapshotRoundTripContinuesIdentically() {
        KllSketch a = new KllSketch(64, 9);
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < 10_000; i++) {
            a.add(r.nextGaussian());
        }
        KllSketch b = KllSketch.fromBytes(a.toBytes());
        KllSketch c = a.copy();
        for (int i = 0; i < 10_000; i++) {
            double v = r.nextGaussian();
            a.add(v);
            b.add(v);
            c.add(v);
        }
        assertArrayEquals(a.toBytes(), b.toBytes());
        assertArrayEquals(a.toBytes(), c.toBytes());
        assertEquals(a.quantile(0.3), b.quantile(0.3));

        byte[] bytes = a.toBytes();
        for (int i = 0; i < bytes.length; i += 7) {
            byte[] corrupted = bytes.clone();
            corrupted[i] ^= 0x10;
            assertThrows(IllegalArgumentException.class, () -> KllSketch.fromBytes(corrupted));
        }
        assertThrows(IllegalArgumentException.class, () -> KllSketch.fromBytes(Arrays.copyOf(bytes, 40)));
        assertArrayEquals(new KllSketch().toBytes(), KllSketch.fromBytes(new KllSketch().toBytes()).toBytes());
    }

    @Test
    void validation() {
        assertThrows(IllegalArgumentException.class, () -> new KllSketch(7, 0));
        KllSketch s = new KllSketch();
        assertThrows(IllegalArgumentException.class, () -> s.add(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> s.quantile(1.5));
        assertThrows(IllegalArgumentException.class, () -> s.merge(new KllSketch(100, 0)));
        assertThrows(IllegalArgumentException.class, () -> s.merge(s));
        assertEquals(0, s.count());
    }
}
