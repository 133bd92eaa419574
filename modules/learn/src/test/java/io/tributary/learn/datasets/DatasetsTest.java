package io.tributary.learn.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.linear.LinearConfig;
import io.tributary.learn.linear.LogisticRegression;
import io.tributary.learn.linear.Optimizer;
import io.tributary.learn.metrics.ClassificationWindow;
import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatasetsTest {

    @Test
    void sameSeedSameStream() {
        assertSameStreams(() -> new Hyperplane(10, 3, 0.01, 0.1, 0.1, 42L));
        assertSameStreams(() -> new GaussianBlobs(4, 3, 42L));
        assertSameStreams(() -> new LinearTarget(5, 0.5, 42L));
        assertFalse(Arrays.equals(new Hyperplane(10, 1).next().x(), new Hyperplane(10, 2).next().x()),
                "different seeds should give different streams");
    }

    private static void assertSameStreams(Supplier<DataStream> factory) {
        DataStream a = factory.get();
        DataStream b = factory.get();
        for (int t = 0; t < 1000; t++) {
            LabelledInstance x = a.next();
            LabelledInstance y = b.next();
            assertArrayEquals(x.x(), y.x());
            assertEquals(x.y(), y.y());
            assertEquals(a.dimension(), x.x().length);
        }
    }

    @Test
    void hyperplaneLabelsAreBalancedAndBinary() {
        Hyperplane stream = new Hyperplane(10, 2, 0.001, 0.05, 0.1, 7L);
        int ones = 0;
        int n = 20_000;
        for (int t = 0; t < n; t++) {
            LabelledInstance li = stream.next();
            assertTrue(li.y() == 0 || li.y() == 1);
            for (float v : li.x()) {
                assertTrue(v >= 0 && v < 1);
            }
            ones += li.label();
        }
        double fraction = (double) ones / n;
        assertTrue(fraction > 0.47 && fraction < 0.53, "fraction of 1 labels " + fraction);
    }

    @Test
    void hyperplaneNoiseFlipsTheRequestedFraction() {
        Hyperplane clean = new Hyperplane(6, 0, 0.0, 0.0, 0.0, 9L);
        double[] w = clean.weights();
        double sumW = Arrays.stream(w).sum();
        Hyperplane noisy = new Hyperplane(6, 0, 0.0, 0.2, 0.0, 9L);
        int flipped = 0;
        int n = 20_000;
        for (int t = 0; t < n; t++) {
            LabelledInstance a = clean.next();
            double dot = 0;
            for (int i = 0; i < 6; i++) {
                dot += w[i] * a.x()[i];
            }
            assertEquals(dot >= sumW / 2 ? 1 : 0, a.label(), "noise-free label must follow the hyperplane");
            LabelledInstance b = noisy.next();
            dot = 0;
            for (int i = 0; i < 6; i++) {
                dot += w[i] * b.x()[i];
            }
            flipped += (dot >= sumW / 2 ? 1 : 0) != b.label() ? 1 : 0;
        }
        assertEquals(0.2, (double) flipped / n, 0.015);
    }

    @Test
    void hyperplaneDriftsOnlyTheDriftingFeatures() {
        Hyperplane stream = new Hyperplane(5, 2, 0.01, 0.0, 0.0, 3L);
        double[] before = stream.weights();
        for (int t = 0; t < 100; t++) {
            stream.next();
        }
        double[] after = stream.weights();
        assertEquals(before[0] + 1.0, after[0], 1e-9, "sigma 0: the direction never reverses");
        assertEquals(before[1] + 1.0, after[1], 1e-9);
        assertEquals(before[2], after[2]);
        assertEquals(before[4], after[4]);
    }

    /**
     * Features in [0, 1] are not centred, so the model must grow a large intercept: that takes AdaGrad a higher
     * base rate than its default (at 0.05 it is still near 0.75 after 20k instances).
     */
    @ParameterizedTest
    @CsvSource({"SGD, 0.05", "ADAGRAD, 1.0"})
    void logisticRegressionLearnsTheHyperplane(Optimizer optimizer, double learningRate) {
        Hyperplane stream = new Hyperplane(10, 2, 0.0, 0.05, 0.1, 11L);
        LogisticRegression model = new LogisticRegression(
                LinearConfig.binary(10).withOptimizer(optimizer).withLearningRate(learningRate));
        ClassificationWindow window = new ClassificationWindow(1000);
        for (int t = 0; t < 10_000; t++) {
            LabelledInstance li = stream.next();
            window.update(li.label(), model.predictProbaOne(li.features()));
            model.learnOne(li.features(), li.label());
        }
        assertTrue(window.accuracy() > 0.85, optimizer + ": windowed prequential accuracy " + window.accuracy());
        // Label noise of 5% caps what any model can reach.
        assertTrue(window.accuracy() < 0.97, "suspiciously high accuracy " + window.accuracy());
    }

    @Test
    void gaussianBlobsDrawAroundTheirCentres() {
        GaussianBlobs blobs = new GaussianBlobs(3, 4, 0.5, 0.1, new java.util.SplittableRandom(5));
        int[] counts = new int[4];
        double[][] sums = new double[4][3];
        int n = 8000;
        for (int t = 0; t < n; t++) {
            LabelledInstance li = blobs.next();
            counts[li.label()]++;
            for (int i = 0; i < 3; i++) {
                sums[li.label()][i] += li.x()[i];
            }
        }
        for (int k = 0; k < 4; k++) {
            assertEquals(0.25, (double) counts[k] / n, 0.03, "class balance");
            double[] c = blobs.centre(k);
            for (int i = 0; i < 3; i++) {
                assertEquals(c[i], sums[k][i] / counts[k], 0.02, "mean of class " + k);
                assertTrue(Math.abs(c[i]) <= 0.5);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new GaussianBlobs(3, 1, 1L));
    }

    @Test
    void linearTargetFollowsItsWeights() {
        LinearTarget target = new LinearTarget(4, 0.0, 13L);
        double[] w = target.weights();
        for (int t = 0; t < 100; t++) {
            LabelledInstance li = target.next();
            double y = target.bias();
            for (int i = 0; i < 4; i++) {
                y += w[i] * li.x()[i];
                assertTrue(li.x()[i] >= -1 && li.x()[i] <= 1);
            }
            assertEquals(y, li.y(), 1e-12);
        }
        assertThrows(IllegalArgumentException.class, () -> new LinearTarget(0, 0.0, 1L));
        assertThrows(IllegalArgumentException.class, () -> new Hyperplane(3, 4, 0, 0, 0, 1L));
        assertThrows(IllegalArgumentException.class, () -> new Hyperplane(3, 1, 0, 1.5, 0, 1L));
    }
}
