package io.tributary.learn.neural;

import io.tributary.learn.linalg.SymmetricEigen;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Watches how many dimensions a network's hidden layers use while it trains. Each {@link #record} takes the
 * hidden activations of one mini-batch, computes per layer the measures of {@link LayerDimensionality} from the
 * singular values of the {@code batch x width} activation matrix, and feeds them, with the batch's loss and
 * gradient norm, to one {@link JumpDetector} per series; a jump is counted, kept in {@link #recentJumps()} and
 * passed to the listeners ({@link #onJump}).
 *
 * <p>The singular values come from the Gram matrix of the smaller side ({@code A A^T} when the batch is smaller
 * than the layer, {@code A^T A} otherwise), built in double (float products are exact in double) and handed to
 * {@link SymmetricEigen}: {@code s_i = sqrt(max(lambda_i, 0))}. Squaring the matrix squares its condition number,
 * so singular values below about {@code 1e-8 s_1} come out as noise of that size; the measures weigh them by
 * {@code s_i} or {@code s_i^2}, where that noise is invisible.
 *
 * <p>Per measurement the cost is the Gram matrix, {@code min(b, w)^2 max(b, w) / 2} multiply-adds, plus about
 * {@code min(b, w)^3} for the eigenvalues, per layer: the benchmark in {@code modules/bench} reports it as a share
 * of training time. Not thread-safe.
 */
public final class DimensionalityTracker {

    /** Jumps kept for {@link #recentJumps()}. */
    public static final int RECENT_JUMPS = 64;

    private static final String[] MEASURES = {"stable_rank", "participation_ratio", "components_90",
        "nuclear_norm_ratio"};

    private final int[] widths;
    private final String[] series;
    private final JumpDetector[] detectors;
    private final SymmetricEigen eigen = new SymmetricEigen();
    private double[] gram = new double[0];
    private double[] eigenvalues = new double[0];
    private final ArrayDeque<DimensionalityJump> recent = new ArrayDeque<>();
    private final List<Consumer<DimensionalityJump>> listeners = new ArrayList<>();
    private DimensionalityReport latest;
    private long measurements;
    private long jumps;

    /** A tracker for hidden layers of the given widths, with default {@link JumpDetector}s. */
    public DimensionalityTracker(List<Integer> hiddenWidths) {
        this(hiddenWidths, JumpDetector::new);
    }

    /** A tracker whose series each get a detector from {@code detectors}. */
    public DimensionalityTracker(List<Integer> hiddenWidths, Supplier<JumpDetector> detectors) {
        Objects.requireNonNull(detectors, "detectors");
        this.widths = hiddenWidths.stream().mapToInt(Integer::intValue).toArray();
        if (widths.length == 0) {
            throw new IllegalArgumentException("nothing to track: no hidden layers");
        }
        for (int w : widths) {
            if (w < 1) {
                throw new IllegalArgumentException("hidden widths must be >= 1, got " + hiddenWidths);
            }
        }
        int n = widths.length * MEASURES.length + 2;
        this.series = new String[n];
        this.detectors = new JumpDetector[n];
        for (int h = 0; h < widths.length; h++) {
            for (int k = 0; k < MEASURES.length; k++) {
                series[h * MEASURES.length + k] = "layer" + (h + 1) + "." + MEASURES[k];
            }
        }
        series[n - 2] = "loss";
        series[n - 1] = "gradient_norm";
        for (int i = 0; i < n; i++) {
            this.detectors[i] = Objects.requireNonNull(detectors.get(), "detector");
        }
    }

    /**
     * Measures every hidden layer and updates the jump detectors.
     *
     * @param activations {@code activations[h]} holds hidden layer {@code h+1}'s {@code rows x width} activations,
     *                    row-major from index 0
     */
    public DimensionalityReport record(long step, double loss, double gradientNorm, float[][] activations,
            int rows) {
        if (activations.length != widths.length) {
            throw new IllegalArgumentException(activations.length + " activation matrices for " + widths.length
                    + " hidden layers");
        }
        List<LayerDimensionality> layers = new ArrayList<>(widths.length);
        for (int h = 0; h < widths.length; h++) {
            layers.add(measure(h + 1, activations[h], rows, widths[h]));
        }
        DimensionalityReport report = new DimensionalityReport(step, rows, loss, gradientNorm, layers);
        latest = report;
        measurements++;
        for (int h = 0; h < layers.size(); h++) {
            LayerDimensionality d = layers.get(h);
            int base = h * MEASURES.length;
            observe(step, base, d.stableRank());
            observe(step, base + 1, d.participationRatio());
            observe(step, base + 2, d.componentsFor90());
            observe(step, base + 3, d.nuclearNormRatio());
        }
        observe(step, series.length - 2, loss);
        observe(step, series.length - 1, gradientNorm);
        return report;
    }

    private void observe(long step, int i, double value) {
        JumpDetector detector = detectors[i];
        double previous = detector.previous();
        if (detector.update(value)) {
            DimensionalityJump jump = new DimensionalityJump(step, series[i], previous, value, detector.lastScore());
            jumps++;
            if (recent.size() == RECENT_JUMPS) {
                recent.removeFirst();
            }
            recent.addLast(jump);
            for (Consumer<DimensionalityJump> listener : listeners) {
                listener.accept(jump);
            }
        }
    }

    /**
     * The measures of one {@code rows x cols} activation matrix (row-major in {@code a[0, rows*cols)}), as
     * {@link #record} computes them.
     */
    public LayerDimensionality measure(int layer, float[] a, int rows, int cols) {
        if (rows < 1 || cols < 1 || (long) rows * cols > a.length) {
            throw new IllegalArgumentException(rows + " x " + cols + " activations do not fit " + a.length
                    + " values");
        }
        int n = Math.min(rows, cols);
        if (gram.length < n * n) {
            gram = new double[n * n];
            eigenvalues = new double[n];
        }
        if (rows <= cols) {
            rowGram(a, rows, cols);
        } else {
            columnGram(a, rows, cols);
        }
        eigen.eigenvalues(gram, n, eigenvalues);
        for (int i = 0; i < n; i++) {
            eigenvalues[i] = Math.sqrt(Math.max(eigenvalues[i], 0));
        }
        return LayerDimensionality.of(layer, eigenvalues, n);
    }

    /** Lower triangle of {@code A A^T} ({@code rows x rows}), four dot products at a time. */
    private void rowGram(float[] a, int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            int ri = i * cols;
            int j = 0;
            for (; j + 3 <= i; j += 4) {
                int r0 = j * cols;
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                for (int k = 0; k < cols; k++) {
                    double x = a[ri + k];
                    s0 += x * a[r0 + k];
                    s1 += x * a[r0 + cols + k];
                    s2 += x * a[r0 + 2 * cols + k];
                    s3 += x * a[r0 + 3 * cols + k];
                }
                gram[i * rows + j] = s0;
                gram[i * rows + j + 1] = s1;
                gram[i * rows + j + 2] = s2;
                gram[i * rows + j + 3] = s3;
            }
            for (; j <= i; j++) {
                int rj = j * cols;
                double s = 0;
                for (int k = 0; k < cols; k++) {
                    s += (double) a[ri + k] * a[rj + k];
                }
                gram[i * rows + j] = s;
            }
        }
    }

    /** Lower triangle of {@code A^T A} ({@code cols x cols}), as a sum of the rows' outer products. */
    private void columnGram(float[] a, int rows, int cols) {
        for (int i = 0; i < cols; i++) {
            java.util.Arrays.fill(gram, i * cols, i * cols + i + 1, 0.0);
        }
        for (int k = 0; k < rows; k++) {
            int row = k * cols;
            for (int i = 0; i < cols; i++) {
                double x = a[row + i];
                if (x == 0) {
                    continue;
                }
                int g = i * cols;
                for (int j = 0; j <= i; j++) {
                    gram[g + j] += x * a[row + j];
                }
            }
        }
    }

    /** Calls {@code listener} with every jump from now on. */
    public void onJump(Consumer<DimensionalityJump> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** The last measurement, or null before the first. */
    public DimensionalityReport latest() {
        return latest;
    }

    /** Measurements taken. */
    public long measurements() {
        return measurements;
    }

    /** Jumps flagged across all series. */
    public long jumps() {
        return jumps;
    }

    /** The last {@value #RECENT_JUMPS} jumps, oldest first. */
    public List<DimensionalityJump> recentJumps() {
        return List.copyOf(recent);
    }

    /** The tracked series' names, in the order of their detectors. */
    public List<String> series() {
        return List.of(series);
    }
}
