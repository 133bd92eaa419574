package io.tributary.learn.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** AUC, R², the confusion matrix and the fading-factor metrics, each against a direct computation. */
class PrequentialMetricsTest {

    // ---- AUC ----

    /** The definition: over all (positive, negative) pairs, 1 when the positive scores higher, 1/2 on a tie. */
    private static double bruteForceAuc(List<double[]> pairs) {
        double wins = 0;
        long n = 0;
        for (double[] p : pairs) {
            if (p[0] != 1) {
                continue;
            }
            for (double[] q : pairs) {
                if (q[0] != 0) {
                    continue;
                }
                n++;
                double sp = Double.isNaN(p[1]) ? Double.NEGATIVE_INFINITY : p[1];
                double sq = Double.isNaN(q[1]) ? Double.NEGATIVE_INFINITY : q[1];
                wins += sp > sq ? 1 : sp == sq ? 0.5 : 0;
            }
        }
        return n == 0 ? Double.NaN : wins / n;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 9, 200})
    void aucMatchesThePairwiseCountWithTies(int window) {
        AucWindow auc = new AucWindow(window);
        SplittableRandom r = new SplittableRandom(window);
        List<double[]> all = new ArrayList<>();
        for (int t = 0; t < 3 * window + 40; t++) {
            int label = r.nextDouble() < 0.3 ? 1 : 0;
            // Scores on a coarse grid, so that ties are frequent; positives score a little higher on average.
            double score = Math.round((r.nextDouble() + 0.3 * label) * 10) / 10.0;
            if (t % 17 == 5) {
                score = Double.NaN;
            }
            all.add(new double[] {label, score});
            auc.update(label, score);
            List<double[]> last = all.subList(Math.max(0, all.size() - window), all.size());
            double expected = bruteForceAuc(last);
            if (Double.isNaN(expected)) {
                assertTrue(Double.isNaN(auc.auc()), "t=" + t);
            } else {
                assertEquals(expected, auc.auc(), 1e-12, "t=" + t);
            }
            assertEquals(last.size(), auc.size());
            assertEquals(last.stream().filter(p -> p[0] == 1).count(), auc.positives());
        }
    }

    @Test
    void aucKnownValues() {
        AucWindow auc = new AucWindow(10);
        assertTrue(Double.isNaN(auc.auc()));
        auc.update(0, new float[] {0.9f, 0.1f});
        auc.update(1, new float[] {0.2f, 0.8f});
        assertEquals(1.0, auc.auc());
        auc.update(1, 0.05);
        assertEquals(0.5, auc.auc());
        // scikit-learn's roc_auc_score example: y = [0, 0, 1, 1], scores [0.1, 0.4, 0.35, 0.8] -> 0.75.
        AucWindow sk = new AucWindow(4);
        double[] scores = {0.1, 0.4, 0.35, 0.8};
        int[] labels = {0, 0, 1, 1};
        for (int i = 0; i < 4; i++) {
            sk.update(labels[i], scores[i]);
        }
        assertEquals(0.75, sk.auc(), 1e-12);
        AucWindow ties = new AucWindow(4);
        for (int i = 0; i < 4; i++) {
            ties.update(i % 2, 0.3);
        }
        assertEquals(0.5, ties.auc());
        assertThrows(IllegalArgumentException.class, () -> auc.update(2, 0.5));
        assertThrows(IllegalArgumentException.class, () -> auc.update(1, new float[] {0.2f, 0.3f, 0.5f}));
    }

    @Test
    void aucOfATenThousandWindowIsQuickToQuery() {
        AucWindow auc = new AucWindow(10_000);
        SplittableRandom r = new SplittableRandom(1);
        for (int t = 0; t < 30_000; t++) {
            int label = r.nextInt(2);
            auc.update(label, r.nextGaussian() + label);
        }
        double value = 0;
        long start = 0;
        for (int i = 0; i < 100; i++) {
            if (i == 50) {
                start = System.nanoTime(); // the first 50 warm the JIT up
            }
            int label = r.nextInt(2);
            auc.update(label, r.nextGaussian() + label);
            value = auc.auc();
        }
        double millisPerQuery = (System.nanoTime() - start) / 50 / 1e6;
        // Two unit-variance Gaussians one apart: AUC = Phi(1 / sqrt(2)) = 0.760.
        assertEquals(0.760, value, 0.02);
        System.out.printf("AUC over a 10000 window: %.2f ms per query (after 50 queries of warm-up)%n",
                millisPerQuery);
    }

    // ---- R² ----

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 250})
    void r2MatchesOneMinusSsResOverSsTot(int window) {
        R2Window r2 = new R2Window(window);
        assertTrue(Double.isNaN(r2.r2()));
        SplittableRandom r = new SplittableRandom(50 + window);
        List<double[]> all = new ArrayList<>();
        for (int t = 0; t < 3 * window + 30; t++) {
            // A large offset: Σy² - (Σy)²/n would lose most digits here.
            double truth = 1e6 + 3 * r.nextGaussian();
            double predicted = truth + r.nextGaussian();
            all.add(new double[] {truth, predicted});
            r2.update(truth, predicted);
            List<double[]> last = all.subList(Math.max(0, all.size() - window), all.size());
            double mean = 0;
            for (double[] o : last) {
                mean += o[0];
            }
            mean /= last.size();
            double ssRes = 0;
            double ssTot = 0;
            for (double[] o : last) {
                ssRes += (o[0] - o[1]) * (o[0] - o[1]);
                ssTot += (o[0] - mean) * (o[0] - mean);
            }
            double expected = ssTot == 0 ? (ssRes == 0 ? 1 : 0) : 1 - ssRes / ssTot;
            assertEquals(expected, r2.r2(), 1e-9, "t=" + t);
            assertEquals(mean, r2.meanTruth(), 1e-6);
        }
    }

    @Test
    void r2Conventions() {
        R2Window r2 = new R2Window(3);
        r2.update(2, 2);
        assertEquals(1.0, r2.r2(), "constant truth, exact prediction");
        r2.update(2, 3);
        assertEquals(0.0, r2.r2(), "constant truth, inexact prediction");
        r2.update(5, Double.NaN);
        assertEquals(Double.NEGATIVE_INFINITY, r2.r2());
        r2.update(1, 1);
        r2.update(2, 2);
        r2.update(3, 3);
        assertEquals(1.0, r2.r2(), 1e-12);
        r2.update(4, 2); // window {2, 3, 4} predicted {2, 3, 2}: 1 - 4 / 2
        assertEquals(-1.0, r2.r2(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> r2.update(Double.NaN, 1));
    }

    // ---- confusion matrix ----

    @Test
    void confusionMatchesScikitLearnsDocumentedExample() {
        // sklearn.metrics.f1_score docs: y_true = [0, 1, 2, 0, 1, 2], y_pred = [0, 2, 1, 0, 0, 1]:
        // F1 per class [0.8, 0, 0], macro 0.2667; precision [0.667, 0, 0], recall [1, 0, 0].
        ConfusionWindow c = new ConfusionWindow(3, 100);
        int[] truth = {0, 1, 2, 0, 1, 2};
        int[] pred = {0, 2, 1, 0, 0, 1};
        for (int i = 0; i < truth.length; i++) {
            c.update(truth[i], pred[i]);
        }
        assertEquals(0.8, c.f1(0), 1e-12);
        assertEquals(0.0, c.f1(1));
        assertEquals(0.0, c.f1(2));
        assertEquals(0.26666666666666666, c.macroF1(), 1e-12);
        assertEquals(2.0 / 3, c.precision(0), 1e-12);
        assertEquals(1.0, c.recall(0));
        assertEquals(1.0 / 3, c.accuracy(), 1e-12);
        assertArrayEquals(new int[] {2, 0, 0}, c.matrix()[0]);
        assertArrayEquals(new int[] {1, 0, 1}, c.matrix()[1]);
        assertArrayEquals(new int[] {0, 2, 0}, c.matrix()[2]);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 60})
    void confusionMatchesABruteForceCount(int window) {
        int k = 4;
        ConfusionWindow c = new ConfusionWindow(k, window);
        assertTrue(Double.isNaN(c.macroF1()));
        SplittableRandom r = new SplittableRandom(window);
        List<int[]> all = new ArrayList<>();
        for (int t = 0; t < 3 * window + 25; t++) {
            // Class 3 is rare and class 2 is never predicted, so undefined metrics occur.
            int truth = r.nextDouble() < 0.05 ? 3 : r.nextInt(3);
            int predicted = r.nextDouble() < 0.6 ? (truth == 2 ? 0 : truth) : r.nextInt(2);
            if (t % 2 == 0) {
                c.update(truth, predicted);
            } else {
                float[] p = new float[k];
                p[predicted] = 0.7f;
                p[(predicted + 1) % k] = 0.3f;
                c.update(truth, p);
            }
            all.add(new int[] {truth, predicted});
            List<int[]> last = all.subList(Math.max(0, all.size() - window), all.size());
            double f1Sum = 0;
            int present = 0;
            int hits = 0;
            for (int cls = 0; cls < k; cls++) {
                int tp = 0;
                int fp = 0;
                int fn = 0;
                for (int[] o : last) {
                    tp += o[0] == cls && o[1] == cls ? 1 : 0;
                    fp += o[0] != cls && o[1] == cls ? 1 : 0;
                    fn += o[0] == cls && o[1] != cls ? 1 : 0;
                }
                hits += tp;
                double precision = tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp);
                double recall = tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn);
                assertEquals(precision, c.precision(cls), 1e-12, "precision " + cls + " t=" + t);
                assertEquals(recall, c.recall(cls), 1e-12, "recall " + cls + " t=" + t);
                if (tp + fp + fn > 0) {
                    // Harmonic mean, undefined parts counting as 0 (scikit-learn's zero_division=0).
                    double p0 = Double.isNaN(precision) ? 0 : precision;
                    double r0 = Double.isNaN(recall) ? 0 : recall;
                    double f1 = p0 + r0 == 0 ? 0 : 2 * p0 * r0 / (p0 + r0);
                    assertEquals(f1, c.f1(cls), 1e-12, "f1 " + cls + " t=" + t);
                    f1Sum += f1;
                    present++;
                } else {
                    assertTrue(Double.isNaN(c.f1(cls)));
                }
                for (int pc = 0; pc < k; pc++) {
                    int n = 0;
                    for (int[] o : last) {
                        n += o[0] == cls && o[1] == pc ? 1 : 0;
                    }
                    assertEquals(n, c.count(cls, pc));
                }
            }
            assertEquals(f1Sum / present, c.macroF1(), 1e-12, "macro F1 t=" + t);
            assertEquals((double) hits / last.size(), c.accuracy(), 1e-12);
            assertEquals(last.size(), c.size());
        }
        assertThrows(IndexOutOfBoundsException.class, () -> c.update(4, 0));
        assertThrows(IllegalArgumentException.class, () -> c.update(0, new float[] {1f, 0f}));
    }

    // ---- fading factor ----

    /** Closed form of Gama et al. (2013): S_t = Σ α^(t-i) x_i, N_t = (1 - α^t) / (1 - α). */
    private static double closedForm(double[] x, int t, double alpha) {
        double s = 0;
        for (int i = 1; i <= t; i++) {
            s += Math.pow(alpha, t - i) * x[i - 1];
        }
        double n = alpha == 1 ? t : (1 - Math.pow(alpha, t)) / (1 - alpha);
        return s / n;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 0.9, 0.999, 1.0})
    void fadingMeanMatchesTheClosedForm(double alpha) {
        FadingMean m = new FadingMean(alpha);
        assertTrue(Double.isNaN(m.mean()));
        SplittableRandom r = new SplittableRandom(3);
        double[] x = new double[500];
        for (int t = 1; t <= x.length; t++) {
            x[t - 1] = r.nextDouble(-5, 5);
            m.update(x[t - 1]);
            assertEquals(closedForm(x, t, alpha), m.mean(), 1e-9, "t=" + t);
            double n = alpha == 1 ? t : (1 - Math.pow(alpha, t)) / (1 - alpha);
            assertEquals(n, m.weight(), 1e-9 * n);
        }
        assertEquals(x.length, m.count());
    }

    @Test
    void aRestoredFadingMeanContinuesLikeTheOriginalAndInconsistentValuesAreRejected() {
        double alpha = 0.97;
        FadingMean m = new FadingMean(alpha);
        SplittableRandom r = new SplittableRandom(8);
        double[] x = new double[300];
        for (int t = 0; t < 100; t++) {
            x[t] = r.nextDouble(0, 3);
            m.update(x[t]);
        }
        FadingMean copy = FadingMean.restore(alpha, m.sum(), m.weight(), m.count());
        for (int t = 100; t < x.length; t++) {
            x[t] = r.nextDouble(0, 3);
            m.update(x[t]);
            copy.update(x[t]);
            assertEquals(m.mean(), copy.mean(), 0.0, "t=" + t);
        }
        assertEquals(closedForm(x, x.length, alpha), copy.mean(), 1e-9);
        assertEquals(x.length, copy.count());
        assertTrue(Double.isNaN(FadingMean.restore(alpha, 0, 0, 0).mean()));
        assertThrows(IllegalArgumentException.class, () -> FadingMean.restore(alpha, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> FadingMean.restore(alpha, 1, 0.5, 3));
        assertThrows(IllegalArgumentException.class, () -> FadingMean.restore(alpha, Double.NaN, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> FadingMean.restore(alpha, 1, 2, -1));
        assertThrows(IllegalArgumentException.class, () -> FadingMean.restore(0, 0, 0, 0));
    }

    @Test
    void fadingClassificationAndRegressionMatchTheClosedForm() {
        double alpha = 0.99;
        FadingClassification fc = new FadingClassification(alpha);
        FadingRegression fr = new FadingRegression(alpha);
        SplittableRandom r = new SplittableRandom(9);
        int n = 400;
        double[] hits = new double[n];
        double[] losses = new double[n];
        double[] abs = new double[n];
        double[] sq = new double[n];
        for (int t = 1; t <= n; t++) {
            float p1 = (float) r.nextDouble();
            int truth = r.nextInt(2);
            fc.update(truth, new float[] {1 - p1, p1});
            int predicted = p1 > 1 - p1 ? 1 : 0;
            hits[t - 1] = predicted == truth ? 1 : 0;
            losses[t - 1] = -Math.log(Math.max(1e-15, truth == 1 ? p1 : 1 - p1));
            double y = r.nextGaussian();
            double yHat = y + r.nextGaussian();
            fr.update(y, yHat);
            abs[t - 1] = Math.abs(y - yHat);
            sq[t - 1] = (y - yHat) * (y - yHat);
            assertEquals(closedForm(hits, t, alpha), fc.accuracy(), 1e-9);
            assertEquals(closedForm(losses, t, alpha), fc.logLoss(), 1e-9);
            assertEquals(closedForm(abs, t, alpha), fr.mae(), 1e-9);
            assertEquals(Math.sqrt(closedForm(sq, t, alpha)), fr.rmse(), 1e-9);
        }
        assertEquals(n, fc.count());
        assertEquals(n, fr.count());
    }

    @Test
    void fadingRegressionForgetsANonFiniteErrorAfterItsMemory() {
        FadingRegression fr = new FadingRegression(0.9); // memory ceil(1 / 0.1) = 10 updates
        fr.update(1, 2);
        fr.update(1, Double.NaN);
        for (int i = 0; i < 9; i++) {
            assertEquals(Double.POSITIVE_INFINITY, fr.mae(), "i=" + i);
            fr.update(1, 2);
        }
        assertEquals(Double.POSITIVE_INFINITY, fr.rmse());
        fr.update(1, 2);
        // Only finite errors entered the sums: eleven errors of 1.
        assertEquals(1.0, fr.mae(), 1e-12);
        assertEquals(1.0, fr.rmse(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new FadingMean(0));
        assertThrows(IllegalArgumentException.class, () -> new FadingMean(1.01));
    }
}
