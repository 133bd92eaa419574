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
    private double[] vectors = new double[0];
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
        gram(a, rows, cols, n);
        eigen.eigenvalues(gram, n, eigenvalues);
        for (int i = 0; i < n; i++) {
            eigenvalues[i] = Math.sqrt(Math.max(eigenvalues[i], 0));
        }
        return LayerDimensionality.of(layer, eigenvalues, n);
    }

    /**
     * Lower triangle of the {@code n x n} Gram matrix of the smaller side, as a sum of outer products
     * {@code u_k u_k^T} over the longer side: the columns of {@code A} when {@code rows <= cols} ({@code A A^T}),
     * its rows otherwise ({@code A^T A}). The vectors are first widened into a contiguous double buffer, so that the
     * inner loop is a plain double multiply-add over consecutive elements, which C2 vectorises.
     */
    private void gram(float[] a, int rows, int cols, int n) {
        int count = rows + cols - n;
        if (vectors.length < count * n) {
            vectors = new double[count * n];
        }
        double[] u = vectors;
        if (rows <= cols) {
            for (int i = 0; i < rows; i++) {
                for (int k = 0; k < cols; k++) {
                    u[k * n + i] = a[i * cols + k];
                }
            }
        } else {
            for (int i = 0; i < rows * cols; i++) {
                u[i] = a[i];
            }
        }
        java.util.Arrays.fill(gram, 0, n * n, 0.0);
        for (int k = 0; k < count; k++) {
            int base = k * n;
            for (int i = 0; i < n; i++) {
                double x = u[base + i];
                if (x == 0) {
                    continue; // common after ReLU
                }
                int g = i * n;
                for (int j = 0; j <= i; j++) {
                    gram[g + j] += x * u[base + j];
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
