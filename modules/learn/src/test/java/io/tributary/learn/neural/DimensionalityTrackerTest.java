package io.tributary.learn.neural;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.DenseVector;
import io.tributary.learn.datasets.LabelledInstance;
import io.tributary.learn.datasets.SmoothTarget;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The layer measures on matrices whose singular values are known by construction (identity, rank one, diagonal),
 * against values worked out by hand; then the tracker inside a training learner, against a double-precision
 * recomputation of the same mini-batch.
 */
class DimensionalityTrackerTest {

    private final DimensionalityTracker tracker = new DimensionalityTracker(List.of(1));

    /** {@code rows x cols} with {@code diagonal} on the main diagonal, zero elsewhere. */
    private static float[] diagonal(int rows, int cols, double... diagonal) {
        float[] a = new float[rows * cols];
        for (int i = 0; i < diagonal.length; i++) {
            a[i * cols + i] = (float) diagonal[i];
        }
        return a;
    }

    /**
     * The n x n identity: n unit singular values, so stable rank = participation ratio = n, the nuclear-norm ratio
     * n / (sqrt(n) sqrt(n)) = 1, and ceil(0.9 n) components hold 90 % of the energy (9 of 10 exactly 90 %).
     */
    @ParameterizedTest
    @CsvSource({"1,1", "7,7", "10,9", "32,29", "64,58"})
    void identity(int n, int components) {
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1);
        LayerDimensionality d = tracker.measure(1, diagonal(n, n, ones), n, n);
        assertEquals(n, d.rankCap());
        assertEquals(n, d.stableRank(), 1e-9 * n);
        assertEquals(n, d.participationRatio(), 1e-9 * n);
        assertEquals(components, d.componentsFor90());
        assertEquals(1, d.nuclearNormRatio(), 1e-9);
        assertEquals(Math.sqrt(n), d.frobeniusNorm(), 1e-9);
    }

    /**
     * {@code u v^T}: one singular value |u||v|. Stable rank and participation ratio 1, one component, nuclear-norm
     * ratio 1/sqrt(min(rows, cols)); with more rows than columns the Gram matrix is A^T A, otherwise A A^T.
     */
    @ParameterizedTest
    @CsvSource({"12,5", "5,12", "32,64", "64,32", "1,9"})
    void rankOne(int rows, int cols) {
        float[] a = new float[rows * cols];
        double uu = 0;
        double vv = 0;
        for (int i = 0; i < rows; i++) {
            uu += (i % 3 + 1) * (i % 3 + 1);
        }
        for (int j = 0; j < cols; j++) {
            vv += (j % 4 - 1.5) * (j % 4 - 1.5);
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                a[i * cols + j] = (float) ((i % 3 + 1) * (j % 4 - 1.5));
            }
        }
        LayerDimensionality d = tracker.measure(1, a, rows, cols);
        int cap = Math.min(rows, cols);
        assertEquals(cap, d.rankCap());
        assertEquals(1, d.stableRank(), 1e-9);
        assertEquals(1, d.participationRatio(), 1e-9);
        assertEquals(1, d.componentsFor90());
        // Square roots of the ~1e-15 relative noise in the zero eigenvalues reach ~3e-8 each.
        assertEquals(1 / Math.sqrt(cap), d.nuclearNormRatio(), 1e-6);
        assertEquals(Math.sqrt(uu * vv), d.frobeniusNorm(), 1e-9 * Math.sqrt(uu * vv));
    }

    /**
     * diag(3, 2, 1), also padded with zero rows or columns: energies 9, 4, 1 (total 14). Stable rank 14/9,
     * participation ratio 14^2 / (81 + 16 + 1) = 2, two components (9/14 = 0.64 < 0.9 <= 13/14), nuclear-norm ratio
     * 6 / (sqrt(3) sqrt(14)) with a rank cap of 3.
     */
    @ParameterizedTest
    @CsvSource({"3,3", "3,8", "8,3"})
    void diagonalThreeTwoOne(int rows, int cols) {
        LayerDimensionality d = tracker.measure(1, diagonal(rows, cols, 3, 2, 1), rows, cols);
        assertEquals(3, d.rankCap());
        assertEquals(14.0 / 9, d.stableRank(), 1e-12);
        assertEquals(2, d.participationRatio(), 1e-12);
        assertEquals(2, d.componentsFor90());
        assertEquals(6 / (Math.sqrt(3) * Math.sqrt(14)), d.nuclearNormRatio(), 1e-12);
    }

    /**
     * diag(4, 1, 1, 1, 1, 0, 0, 0) (8 x 8): energies 16 and four 1s (total 20). Stable rank 20/16, participation
     * ratio 400 / 20 = 20, hm: 400 / (256 + 4) = 1.538..., 90 % = 18 needs 16 + 1 + 1: three components; the rank
     * cap is 8 although the rank is 5, so the nuclear-norm ratio is 8 / (sqrt(8) sqrt(20)).
     */
    @Test
    void diagonalWithZeros() {
        LayerDimensionality d = tracker.measure(1, diagonal(8, 8, 4, 1, 1, 1, 1), 8, 8);
        assertEquals(20.0 / 16, d.stableRank(), 1e-12);
        assertEquals(400.0 / 260, d.participationRatio(), 1e-12);
        assertEquals(3, d.componentsFor90());
        assertEquals(8 / (Math.sqrt(8) * Math.sqrt(20)), d.nuclearNormRatio(), 1e-12);
    }

    @Test
    void aZeroMatrixHasNoDimensions() {
        LayerDimensionality d = tracker.measure(1, new float[12], 3, 4);
        assertEquals(0, d.stableRank());
        assertEquals(0, d.participationRatio());
        assertEquals(0, d.componentsFor90());
        assertEquals(0, d.nuclearNormRatio());
    }

    @Test
    void rejectsSpectraThatAreNotSingularValues() {
        assertThrows(IllegalArgumentException.class, () -> LayerDimensionality.of(1, new double[] {1, 2}, 2));
        assertThrows(IllegalArgumentException.class, () -> LayerDimensionality.of(1, new double[] {1, -1}, 2));
        assertThrows(IllegalArgumentException.class, () -> LayerDimensionality.of(1, new double[] {1}, 2));
        assertThrows(IllegalArgumentException.class, () -> tracker.measure(1, new float[5], 2, 3));
    }

    /**
     * Inside a learner tracking every step, with a batch of 16 and hidden widths 12 and 20 (so both Gram sides are
     * used): the first step's report equals the measures of the activations a double-precision network computes from
     * the parameters before that step, its loss is the reference loss, and its gradient norm that of the reference's
     * finite-difference gradient.
     */
    @Test
    void measuresTheMiniBatchTheStepTrainedOn() {
        int batch = 16;
        MlpConfig config = MlpConfig.regression(5, List.of(12, 20)).withBatchSize(batch).withTrackEvery(1)
                .withActivation(Activation.TANH);
        MlpRegressor model = new MlpRegressor(config);
        SmoothTarget stream = new SmoothTarget(0, 3);
        float[] x = new float[batch * 5];
        float[] y = new float[batch];
        for (int s = 0; s < batch; s++) {
            LabelledInstance li = stream.next();
            System.arraycopy(li.x(), 0, x, s * 5, 5);
            y[s] = (float) li.y();
        }
        double[] params = toDouble(model.state().parameters());
        for (int s = 0; s < batch; s++) {
            model.learnOne(DenseVector.of(java.util.Arrays.copyOfRange(x, s * 5, s * 5 + 5)), y[s]);
        }
        DimensionalityReport report = model.latestDimensionality().orElseThrow();
        assertEquals(1, report.step());
        assertEquals(batch, report.batchSize());
        ReferenceNetwork ref = new ReferenceNetwork(config.layerSizes(), Activation.TANH, OutputHead.IDENTITY);
        float[][] hidden = {new float[batch * 12], new float[batch * 20]};
        for (int s = 0; s < batch; s++) {
            double[][] h = ref.hidden(params, x, s);
            for (int l = 0; l < 2; l++) {
                for (int j = 0; j < h[l].length; j++) {
                    hidden[l][s * h[l].length + j] = (float) h[l][j];
                }
            }
        }
        DimensionalityTracker fresh = new DimensionalityTracker(List.of(12, 20));
        for (int l = 0; l < 2; l++) {
            LayerDimensionality expected = fresh.measure(l + 1, hidden[l], batch, config.hiddenLayers().get(l));
            LayerDimensionality actual = report.layers().get(l);
            assertEquals(l + 1, actual.layer());
            assertEquals(Math.min(batch, config.hiddenLayers().get(l)), actual.rankCap());
            assertEquals(expected.stableRank(), actual.stableRank(), 1e-4 * expected.stableRank());
            assertEquals(expected.participationRatio(), actual.participationRatio(),
                    1e-4 * expected.participationRatio());
            assertEquals(expected.componentsFor90(), actual.componentsFor90());
            assertEquals(expected.nuclearNormRatio(), actual.nuclearNormRatio(), 1e-4);
        }
        assertEquals(ref.meanLoss(params, x, y, batch), report.loss(), 1e-5 * report.loss());
        double[] g = ref.numericalGradient(params, x, y, batch, 1e-6);
        double norm = Math.sqrt(java.util.Arrays.stream(g).map(v -> v * v).sum());
        assertEquals(norm, report.gradientNorm(), 1e-4 * norm);
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /**
     * Measurements every 5th step; the loss series jumps when the targets suddenly scale by 30, at the first tracked
     * step after the switch, once, and the listener hears of it.
     */
    @Test
    void samplesEveryNStepsAndFlagsASuddenLossJump() {
        MlpConfig config = MlpConfig.regression(5, List.of(16, 16)).withBatchSize(8).withTrackEvery(5)
                .withOptimizer(0.003, 0.01);
        MlpRegressor model = new MlpRegressor(config);
        DimensionalityTracker tracker = model.tracker().orElseThrow();
        assertEquals(List.of("layer1.stable_rank", "layer1.participation_ratio", "layer1.components_90",
                "layer1.nuclear_norm_ratio", "layer2.stable_rank", "layer2.participation_ratio",
                "layer2.components_90", "layer2.nuclear_norm_ratio", "loss", "gradient_norm"), tracker.series());
        List<DimensionalityJump> heard = new ArrayList<>();
        tracker.onJump(heard::add);
        SmoothTarget stream = new SmoothTarget(0.05, 9);
        int switchStep = 400;
        for (int i = 0; i < 8 * 500; i++) {
            LabelledInstance li = stream.next();
            double scale = model.steps() >= switchStep ? 30 : 1;
            model.learnOne(li.features(), li.y() * scale);
            if (model.buffered() == 0 && model.steps() % 5 == 0) {
                assertEquals(model.steps(), model.latestDimensionality().orElseThrow().step());
                assertEquals(model.lastLoss(), model.latestDimensionality().orElseThrow().loss(), 0.0);
            }
        }
        assertEquals(100, tracker.measurements());
        List<DimensionalityJump> lossJumps = heard.stream().filter(j -> j.series().equals("loss")).toList();
        assertFalse(lossJumps.isEmpty(), "no loss jump; all jumps: " + heard);
        assertEquals(switchStep + 5, lossJumps.get(0).step(), "first loss jump " + lossJumps.get(0));
        assertEquals(1, lossJumps.size(), "one regime change, one alarm: " + lossJumps);
        assertTrue(lossJumps.get(0).value() > 100 * lossJumps.get(0).previous());
        assertTrue(lossJumps.get(0).score() > JumpDetector.DEFAULT_THRESHOLD);
        assertEquals(heard.size(), tracker.jumps());
        assertEquals(heard.size(), model.dimensionalityJumps());
        assertEquals(heard.subList(Math.max(0, heard.size() - DimensionalityTracker.RECENT_JUMPS), heard.size()),
                tracker.recentJumps());
        System.out.println("jumps: " + heard);
    }

    @Test
    void noTrackerWithoutTrackEvery() {
        MlpRegressor model = new MlpRegressor(MlpConfig.regression(3, List.of(4)));
        assertTrue(model.tracker().isEmpty());
        assertTrue(model.latestDimensionality().isEmpty());
        assertEquals(0, model.dimensionalityJumps());
    }
}
