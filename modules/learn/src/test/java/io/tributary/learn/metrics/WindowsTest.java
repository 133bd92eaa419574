package io.tributary.learn.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class WindowsTest {

    private record Obs(int truth, float[] p) {
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 100})
    void classificationMatchesBruteForce(int window) {
        ClassificationWindow w = new ClassificationWindow(window);
        assertTrue(Double.isNaN(w.accuracy()));
        assertTrue(Double.isNaN(w.logLoss()));
        assertEquals(0, w.count());
        SplittableRandom r = new SplittableRandom(window);
        List<Obs> all = new ArrayList<>();
        for (int t = 0; t < 3 * window + 50; t++) {
            float[] p = new float[3];
            float a = (float) r.nextDouble();
            float b = (float) r.nextDouble() * (1 - a);
            p[0] = a;
            p[1] = b;
            p[2] = 1 - a - b;
            if (t % 13 == 0) {
                p[r.nextInt(3)] = 0f; // exercises the clipping
            }
            Obs o = new Obs(r.nextInt(3), p);
            all.add(o);
            w.update(o.truth, o.p);

            List<Obs> last = all.subList(Math.max(0, all.size() - window), all.size());
            double hits = 0;
            double loss = 0;
            for (Obs x : last) {
                int best = 0;
                for (int k = 1; k < 3; k++) {
                    if (x.p[k] > x.p[best]) {
                        best = k;
                    }
                }
                hits += best == x.truth ? 1 : 0;
                loss += -Math.log(Math.max(1e-15, x.p[x.truth]));
            }
            assertEquals(hits / last.size(), w.accuracy(), 1e-12, "accuracy at t=" + t);
            assertEquals(loss / last.size(), w.logLoss(), 1e-9, "log loss at t=" + t);
            assertEquals(t + 1, w.count());
            assertEquals(last.size(), w.size());
        }
    }

    @Test
    void logLossClipsZeroProbability() {
        ClassificationWindow w = new ClassificationWindow(10);
        w.update(1, new float[] {1f, 0f});
        assertEquals(-Math.log(1e-15), w.logLoss(), 1e-9);
        assertEquals(0.0, w.accuracy());
        w.update(0, new float[] {1f, 0f});
        assertEquals(0.5, w.accuracy());
        assertEquals(-Math.log(1e-15) / 2, w.logLoss(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> w.update(2, new float[] {0.5f, 0.5f}));
        assertThrows(IllegalArgumentException.class, () -> new ClassificationWindow(0));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 250})
    void regressionMatchesBruteForce(int window) {
        RegressionWindow w = new RegressionWindow(window);
        assertTrue(Double.isNaN(w.mae()));
        assertTrue(Double.isNaN(w.rmse()));
        SplittableRandom r = new SplittableRandom(100 + window);
        List<double[]> all = new ArrayList<>();
        for (int t = 0; t < 3 * window + 20; t++) {
            double truth = r.nextDouble(-10, 10);
            double predicted = truth + r.nextGaussian();
            all.add(new double[] {truth, predicted});
            w.update(truth, predicted);
            List<double[]> last = all.subList(Math.max(0, all.size() - window), all.size());
            double abs = 0;
            double sq = 0;
            for (double[] o : last) {
                abs += Math.abs(o[0] - o[1]);
                sq += (o[0] - o[1]) * (o[0] - o[1]);
            }
            assertEquals(abs / last.size(), w.mae(), 1e-9, "mae at t=" + t);
            assertEquals(Math.sqrt(sq / last.size()), w.rmse(), 1e-9, "rmse at t=" + t);
            assertEquals(t + 1, w.count());
        }
    }

    @Test
    void runningSumsDoNotDriftAfterHugeErrorsLeave() {
        int window = 100;
        RegressionWindow w = new RegressionWindow(window);
        SplittableRandom r = new SplittableRandom(1);
        for (int t = 0; t < window + 37; t++) {
            w.update(0, 1e8 * (1 + r.nextDouble()));
        }
        double[] small = new double[2 * window];
        for (int t = 0; t < small.length; t++) {
            small[t] = 1e-3 * (1 + r.nextDouble());
            w.update(0, small[t]);
        }
        double abs = 0;
        double sq = 0;
        for (int t = small.length - window; t < small.length; t++) {
            abs += small[t];
            sq += small[t] * small[t];
        }
        // A plain add/subtract sum would still carry ~1e-6 of residue from the 1e10-sized sums here.
        assertEquals(abs / window, w.mae(), 1e-12 * abs / window);
        assertEquals(Math.sqrt(sq / window), w.rmse(), 1e-9 * Math.sqrt(sq / window));
    }

    @Test
    void nonFinitePredictionsReportInfinityUntilTheyLeave() {
        RegressionWindow w = new RegressionWindow(3);
        w.update(1, 2);
        w.update(1, Double.NaN);
        assertEquals(Double.POSITIVE_INFINITY, w.mae());
        assertEquals(Double.POSITIVE_INFINITY, w.rmse());
        w.update(1, 1);
        w.update(1, 1);
        w.update(1, 4);
        assertEquals(1.0, w.mae(), 1e-12);
        assertEquals(Math.sqrt(3.0), w.rmse(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> w.update(Double.NaN, 1));
    }
}
