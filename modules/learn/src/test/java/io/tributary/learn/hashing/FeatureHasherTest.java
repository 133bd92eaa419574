package io.tributary.learn.hashing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.SparseVector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FeatureHasherTest {

    private static Map<String, Object> doc(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static void assertVector(int[] indices, float[] values, SparseVector v) {
        assertArrayEquals(indices, v.indices(), "indices");
        assertArrayEquals(values, v.values(), "values");
    }

    /**
     * Expected vectors computed by scikit-learn 1.2.1 (Debian python3-sklearn):
     * {@code FeatureHasher(n_features=2**k, input_type="dict").transform(docs)}, indices sorted.
     */
    @Test
    void matchesScikitLearnsFeatureHasher() {
        Map<String, Object> d0 = doc("age", 31.0, "country", "fr", "clicks", 2.5);
        Map<String, Object> d1 = doc("user=42", 1.0, "ad", "a17", "hour", "13", "price", -0.75);
        Map<String, Object> d2 = doc("x", 1.0, "y", -2.0, "café", "crème", "π", 3.0);

        FeatureHasher h4 = new FeatureHasher(4);
        assertVector(new int[] {1, 3}, new float[] {33.5f, -1f}, h4.transform(d0));
        assertVector(new int[] {2, 4, 6}, new float[] {-0.25f, -1f, 1f}, h4.transform(d1));
        assertVector(new int[] {4, 6, 10, 11}, new float[] {1f, -2f, -3f, 1f}, h4.transform(d2));

        FeatureHasher h10 = new FeatureHasher(10);
        assertVector(new int[] {3, 337, 561}, new float[] {-1f, 31f, 2.5f}, h10.transform(d0));
        assertVector(new int[] {210, 404, 498, 838}, new float[] {-1f, -1f, 0.75f, 1f}, h10.transform(d1));
        assertVector(new int[] {292, 522, 534, 795}, new float[] {1f, -3f, -2f, 1f}, h10.transform(d2));

        FeatureHasher h20 = new FeatureHasher(20);
        assertEquals(1 << 20, h20.dimension());
        assertVector(new int[] {319491, 427345, 479793}, new float[] {-1f, 31f, 2.5f}, h20.transform(d0));
        assertVector(new int[] {127814, 294386, 549074, 573844}, new float[] {1f, 0.75f, -1f, -1f},
                h20.transform(d1));
        assertVector(new int[] {695067, 700938, 704804, 889366}, new float[] {1f, -3f, 1f, -2f}, h20.transform(d2));
    }

    @Test
    void builderAndMapAgreeAndCollisionsAreMerged() {
        FeatureHasher h = new FeatureHasher(4);
        SparseVector fromBuilder = h.builder().add("age", 31).addCategory("country", "fr").add("clicks", 2.5)
                .build();
        SparseVector fromMap = h.transform(doc("age", 31, "country", "fr", "clicks", 2.5f));
        assertVector(fromMap.indices(), fromMap.values(), fromBuilder);
        // "age" and "clicks" collide at index 1 with the same sign in 16 buckets: 31 + 2.5.
        assertEquals(h.index("age"), h.index("clicks"));
        assertEquals(h.index("country=fr"), h.builder().addCategory("country", "fr").build().indices()[0]);
        // The same feature twice adds up; opposite contributions that cancel exactly are dropped.
        SparseVector twice = h.builder().add("x", 1).add("x", 2).build();
        assertVector(new int[] {h.index("x")}, new float[] {3f * h.sign("x")}, twice);
        assertEquals(0, h.builder().add("x", 1).add("x", -1).build().indices().length);
        // Collections are several categories; booleans are 1 or 0.
        SparseVector tags = h.transform(doc("tag", List.of("a", "b"), "flag", true, "off", false));
        SparseVector expected = h.builder().addCategory("tag", "a").addCategory("tag", "b").add("flag", 1).build();
        assertVector(expected.indices(), expected.values(), tags);
    }

    @Test
    void outputIsSortedDistinctAndWithinTheSpace() {
        FeatureHasher h = new FeatureHasher(8);
        SplittableRandom r = new SplittableRandom(4);
        for (int t = 0; t < 200; t++) {
            FeatureHasher.Builder b = h.builder();
            for (int k = 0; k < 50; k++) {
                if (r.nextBoolean()) {
                    b.add("f" + r.nextInt(300), r.nextDouble(-1, 1));
                } else {
                    b.addCategory("c" + r.nextInt(5), "v" + r.nextInt(100));
                }
            }
            SparseVector v = b.build();
            assertEquals(256, v.dimension());
            for (int k = 0; k < v.indices().length; k++) {
                assertTrue(v.indices()[k] >= 0 && v.indices()[k] < 256);
                assertTrue(k == 0 || v.indices()[k] > v.indices()[k - 1], "strictly increasing");
                assertTrue(v.values()[k] != 0f);
            }
        }
    }

    @Test
    void bucketOccupancyAndSignsMatchTheUniformModel() {
        // N distinct names into m buckets: if the hash is uniform, the number of empty buckets has mean
        // m (1 - 1/m)^N and, for these sizes, a standard deviation under sqrt(m (1 - 1/m)^N) (Poisson bound).
        int bits = 12;
        int m = 1 << bits;
        int n = 8192;
        FeatureHasher h = new FeatureHasher(bits);
        int[] counts = new int[m];
        int positive = 0;
        for (int i = 0; i < n; i++) {
            String name = "user_" + i;
            counts[h.index(name)]++;
            positive += h.sign(name) > 0 ? 1 : 0;
        }
        int empty = 0;
        double chiSquare = 0;
        double expectedPerBucket = (double) n / m;
        for (int c : counts) {
            empty += c == 0 ? 1 : 0;
            chiSquare += (c - expectedPerBucket) * (c - expectedPerBucket) / expectedPerBucket;
        }
        double expectedEmpty = m * Math.pow(1 - 1.0 / m, n);
        System.out.printf("hashing %d names into %d buckets: %d empty (expected %.1f), chi^2 %.1f on %d dof,"
                + " %d positive signs%n", n, m, empty, expectedEmpty, chiSquare, m - 1, positive);
        assertEquals(expectedEmpty, empty, 5 * Math.sqrt(expectedEmpty), "empty buckets");
        // chi^2 with m - 1 = 4095 degrees of freedom: mean 4095, sd sqrt(2 * 4095) = 90.5.
        assertEquals(m - 1, chiSquare, 5 * Math.sqrt(2.0 * (m - 1)), "chi-square of bucket counts");
        // Signs: Binomial(n, 1/2), sd = sqrt(n) / 2 = 45.
        assertEquals(n / 2.0, positive, 5 * Math.sqrt(n) / 2, "positive signs");
    }

    @Test
    void signedHashingKeepsInnerProductsUnbiased() {
        // Two documents of 300 numeric features sharing none: their true inner product is 0. In a tiny space every
        // feature collides, so with unsigned hashing the inner product of the hashed vectors is a sum of positive
        // products (biased upwards); with signs the collisions cancel in expectation (Weinberger et al. 2009).
        SplittableRandom r = new SplittableRandom(5);
        int seeds = 400;
        double signedSum = 0;
        double unsignedSum = 0;
        double signedSquares = 0;
        for (int s = 0; s < seeds; s++) {
            FeatureHasher signed = new FeatureHasher(6, s, true);
            FeatureHasher unsigned = new FeatureHasher(6, s, false);
            FeatureHasher.Builder a = signed.builder();
            FeatureHasher.Builder b = signed.builder();
            FeatureHasher.Builder ua = unsigned.builder();
            FeatureHasher.Builder ub = unsigned.builder();
            for (int i = 0; i < 300; i++) {
                double va = 0.5 + r.nextDouble();
                double vb = 0.5 + r.nextDouble();
                a.add("a" + i, va);
                ua.add("a" + i, va);
                b.add("b" + i, vb);
                ub.add("b" + i, vb);
            }
            double signedDot = dot(a.build(), b.build());
            signedSum += signedDot;
            signedSquares += signedDot * signedDot;
            unsignedSum += dot(ua.build(), ub.build());
        }
        double signedMean = signedSum / seeds;
        double signedSe = Math.sqrt(signedSquares / seeds - signedMean * signedMean) / Math.sqrt(seeds);
        double unsignedMean = unsignedSum / seeds;
        System.out.printf("hashed inner product of orthogonal documents: signed %.1f +- %.1f, unsigned %.1f%n",
                signedMean, signedSe, unsignedMean);
        assertEquals(0.0, signedMean, 4 * signedSe, "signed hashing is unbiased");
        // Unsigned: each of the 300 x 300 pairs collides with probability 1/64, product mean 1: about 1406.
        assertEquals(300.0 * 300 / 64, unsignedMean, 0.1 * 300 * 300 / 64, "unsigned hashing is biased");
    }

    private static double dot(SparseVector x, SparseVector y) {
        double[] dense = new double[x.dimension()];
        for (int k = 0; k < x.indices().length; k++) {
            dense[x.indices()[k]] += x.values()[k];
        }
        double s = 0;
        for (int k = 0; k < y.indices().length; k++) {
            s += dense[y.indices()[k]] * y.values()[k];
        }
        return s;
    }

    @Test
    void indexHandlesTheMostNegativeHash() {
        // |Integer.MIN_VALUE| = 2^31, which is 0 modulo any 2^bits; the sign is negative.
        assertEquals(0, (int) (Math.abs((long) Integer.MIN_VALUE) & ((1 << 30) - 1)));
        FeatureHasher h = new FeatureHasher(30);
        SplittableRandom r = new SplittableRandom(6);
        for (int t = 0; t < 10_000; t++) {
            String name = Long.toHexString(r.nextLong());
            int index = h.index(name);
            assertTrue(index >= 0 && index < (1 << 30));
            int raw = MurmurHash3.hash32(name, 0);
            assertEquals(raw >= 0 ? 1 : -1, h.sign(name));
            assertEquals(Math.abs((long) raw) % (1 << 30), index);
        }
    }

    @Test
    void rejectsBadInput() {
        FeatureHasher h = new FeatureHasher(4);
        assertThrows(IllegalArgumentException.class, () -> new FeatureHasher(0));
        assertThrows(IllegalArgumentException.class, () -> new FeatureHasher(31));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> h.transform(doc("x", Double.NaN)))
                .getMessage().contains("'x'"));
        assertThrows(IllegalArgumentException.class, () -> h.transform(doc("x", null)));
        assertThrows(IllegalArgumentException.class, () -> h.transform(doc("x", new Object())));
        assertThrows(IllegalArgumentException.class, () -> h.transform(doc("x", List.of(1, 2))));
        assertThrows(NullPointerException.class, () -> h.builder().addCategory("x", null));
    }
}
