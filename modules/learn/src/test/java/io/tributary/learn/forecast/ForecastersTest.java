package io.tributary.learn.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.simd.Kernels;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ForecastersTest {

    private static final Kernels K = Kernels.preferred();

    @Test
    void nlinearForecastsALinearTrendExactlyAfterTraining() {
        // x_t = 3 + 0.5 t: after subtracting the last value every window is the same ramp, and the future is
        // last + 0.5 j. The least-squares problem has an exact solution, which Adam reaches.
        NLinear f = new NLinear(new WindowConfig(8, 4, 0.01, 0), K);
        int n = 3000;
        for (int t = 0; t < n; t++) {
            f.learnOne(3 + 0.5 * t);
        }
        double[] forecast = f.forecast();
        for (int j = 0; j < 4; j++) {
            double truth = 3 + 0.5 * (n + j);
            assertEquals(truth, forecast[j], 1e-3 * 0.5, "step " + (j + 1));
        }
    }

    @Test
    void dlinearForecastsALinearTrendExactlyAfterTraining() {
        DLinear f = new DLinear(new WindowConfig(12, 3, 0.01, 0), 5, K);
        int n = 3000;
        for (int t = 0; t < n; t++) {
            f.learnOne(-20 - 2.0 * t);
        }
        double[] forecast = f.forecast();
        for (int j = 0; j < 3; j++) {
            assertEquals(-20 - 2.0 * (n + j), forecast[j], 1e-3 * 2.0, "step " + (j + 1));
        }
    }

    @Test
    void untrainedLinearModelsAreTheNaiveForecast() {
        for (Forecaster f : List.of(new NLinear(new WindowConfig(4, 3, 0.01, 0), K),
                new DLinear(new WindowConfig(4, 3, 0.01, 0), 3, K))) {
            assertArrayEquals(new double[] {0, 0, 0}, f.forecast(), f.algorithm());
            f.learnOne(5);
            assertArrayEquals(new double[] {5, 5, 5}, f.forecast(), f.algorithm()); // no window yet: naive
            for (double v : new double[] {7, 2, 9}) {
                f.learnOne(v);
            }
            assertEquals(0, f.trainingSteps()); // 4 points, 7 needed for a (window, future) pair
            assertArrayEquals(new double[] {9, 9, 9}, f.forecast(), f.algorithm()); // zero map: naive
        }
    }

    @Test
    void firstAdamStepMovesEveryWeightByTheLearningRateAgainstTheGradientSign() {
        // Adam's first step is lr * g / (|g| + eps) after bias correction: -lr * sign(g) per weight.
        // Series 0, 1, 3, 6 with L = 2, H = 2: window (0, 1), future (3, 6); shift 1, scale = mean |diff| = 2.
        NLinear f = new NLinear(new WindowConfig(2, 2, 0.1, 0), Kernels.scalar());
        for (double v : new double[] {0, 1, 3, 6}) {
            f.learnOne(v);
        }
        assertEquals(1, f.trainingSteps());
        // Normalised window (-0.5, 0), target (1, 2.5); the zero map's error is -target, so the gradient of W[i][j] is
        // -x_i * target_j: negative for i = 0 (x = -0.5: +), zero for i = 1, and -target_j for the bias.
        float lr = 0.1f;
        for (int j = 0; j < 2; j++) {
            assertEquals(-lr, f.weight(0, j), 1e-6, "w[0][" + j + "]");
            assertEquals(0f, f.weight(1, j), 0f, "w[1][" + j + "]");
            assertEquals(lr, f.weight(2, j), 1e-6, "bias " + j);
        }
        // Forecast from window (3, 6): shift 6, scale 2, input (-1.5, 0, 1): output 0.15 + 0.1 = 0.25 each.
        double[] forecast = f.forecast();
        assertEquals(6 + 2 * (1.5 * 0.1 + 0.1), forecast[0], 1e-6);
        assertEquals(forecast[0], forecast[1], 1e-6);
    }

    @Test
    void movingAverageMatchesTwoPassPaddedMean() {
        SplittableRandom random = new SplittableRandom(3);
        for (int n : new int[] {1, 2, 7, 24}) {
            float[] x = new float[n + 3];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextDouble(-100, 100);
            }
            for (int kernel : new int[] {1, 2, 3, 5, 6, 25, 40}) {
                float[] trend = new float[n + 1];
                DLinear.movingAverage(x, 2, n, kernel, trend, 1);
                // Two passes: build the padded series, then average each kernel-long stretch.
                int front = (kernel - 1) / 2;
                int back = kernel - 1 - front;
                double[] padded = new double[n + kernel - 1];
                for (int u = 0; u < padded.length; u++) {
                    padded[u] = x[2 + Math.min(Math.max(u - front, 0), n - 1)];
                }
                assertEquals(n + front + back, padded.length);
                for (int i = 0; i < n; i++) {
                    double sum = 0;
                    for (int u = i; u < i + kernel; u++) {
                        sum += padded[u];
                    }
                    assertEquals(sum / kernel, trend[1 + i], 1e-4, "n " + n + " kernel " + kernel + " i " + i);
                }
                assertEquals(0f, trend[0], 0f); // nothing written before the offset
            }
        }
    }

    @Test
    void seasonalNaiveRepeatsTheLastSeason() {
        SeasonalNaive f = new SeasonalNaive(4, 10);
        double[] x = new double[30];
        SplittableRandom random = new SplittableRandom(5);
        for (int t = 0; t < x.length; t++) {
            x[t] = random.nextDouble(-5, 5);
            f.learnOne(x[t]);
            double[] forecast = f.forecast();
            if (t + 1 < 4) {
                for (double v : forecast) {
                    assertEquals(x[t], v, 0); // no full season yet: naive
                }
                continue;
            }
            for (int j = 1; j <= 10; j++) {
                int source = t + j - 4 * (int) Math.ceil(j / 4.0);
                assertEquals(x[source], forecast[j - 1], 0, "t " + t + " step " + j);
            }
        }
        assertEquals(30, f.updates());
        assertEquals(0, f.trainingSteps());
    }

    @Test
    void trainsOncePerPointPlusReplay() {
        NLinear plain = new NLinear(new WindowConfig(5, 3, 0.01, 0), K);
        NLinear replayed = new NLinear(new WindowConfig(5, 3, 0.01, 2), K);
        for (int t = 0; t < 20; t++) {
            plain.learnOne(Math.sin(t));
            replayed.learnOne(Math.sin(t));
        }
        // A pair needs L + H = 8 points: points 8..20 each add one step; replay adds the pairs ending 1 and 2 back.
        assertEquals(20 - 7, plain.trainingSteps());
        assertEquals((20 - 7) + (20 - 8) + (20 - 9), replayed.trainingSteps());
        assertEquals(20, plain.updates());
    }

    @Test
    void explicitWindowsForecastLikeTheSeriesItself() {
        SplittableRandom random = new SplittableRandom(9);
        for (WindowForecaster f : List.of(new NLinear(new WindowConfig(6, 3, 0.01, 1), K),
                new DLinear(new WindowConfig(6, 3, 0.01, 1), 3, K),
                new LagMlp(new WindowConfig(6, 3, 0.001, 1), List.of(8), 1, K))) {
            double[] x = new double[50];
            for (int t = 0; t < x.length; t++) {
                x[t] = 10 * Math.sin(t / 3.0) + random.nextDouble();
                f.learnOne(x[t]);
            }
            double[] windows = new double[12];
            System.arraycopy(x, 44, windows, 0, 6); // the last window
            System.arraycopy(x, 10, windows, 6, 6);
            double[] out = new double[6];
            f.forecast(windows, 2, out);
            double[] own = f.forecast();
            for (int j = 0; j < 3; j++) {
                assertEquals(own[j], out[j], 1e-9 * (1 + Math.abs(own[j])), f.algorithm());
            }
        }
    }

    @Test
    void lagMlpLearnsASineBetterThanNaive() {
        LagMlp f = new LagMlp(new WindowConfig(12, 1, 0.005, 4), List.of(16), 2, K);
        NLinear reference = new NLinear(new WindowConfig(12, 1, 0.005, 0), K);
        double mlpError = 0;
        double naiveError = 0;
        for (int t = 0; t < 3000; t++) {
            double v = Math.sin(2 * Math.PI * t / 12.0);
            if (t >= 2500) {
                mlpError += Math.abs(f.forecast()[0] - v);
                naiveError += Math.abs(Math.sin(2 * Math.PI * (t - 1) / 12.0) - v);
            }
            f.learnOne(v);
            reference.learnOne(v);
        }
        assertTrue(mlpError < 0.2 * naiveError, "mlp " + mlpError + " naive " + naiveError);
    }

    @Test
    void rejectsNonFinitePointsWithoutChangingState() {
        NLinear f = new NLinear(new WindowConfig(2, 1, 0.01, 0), K);
        f.learnOne(1);
        f.learnOne(2);
        double[] before = f.forecast();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.learnOne(Double.NaN));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> f.learnOne(Double.POSITIVE_INFINITY));
        assertEquals(2, f.updates());
        assertArrayEquals(before, f.forecast());
    }

    @Test
    void validatesConfiguration() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new WindowConfig(0, 1, 0.1, 0))
                .getMessage().contains("input_size"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new WindowConfig(4, 0, 0.1, 0))
                .getMessage().contains("horizon"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new WindowConfig(4, 1, 0, 0))
                .getMessage().contains("learning_rate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new WindowConfig(4, 1, 0.1, -1))
                .getMessage().contains("replay"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new DLinear(new WindowConfig(4, 1, 0.1, 0), 0, K)).getMessage().contains("kernel"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new LagMlp(new WindowConfig(4, 1, 0.1, 0), List.of(), 1, K)).getMessage().contains("hidden"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SeasonalNaive(0, 1))
                .getMessage().contains("period"));
    }
}
