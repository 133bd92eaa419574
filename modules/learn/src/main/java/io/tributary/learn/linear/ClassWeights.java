package io.tributary.learn.linear;

import java.util.Arrays;
import java.util.Objects;

/**
 * How much each class's instances count in a classifier's loss: the gradient of an instance of class {@code y}
 * is multiplied by {@code weight(y)}, exactly as a per-sample weight in a batch fit.
 *
 * <ul>
 *   <li>{@link #uniform()}: every class weighs 1 (the default, and the only choice for regression);</li>
 *   <li>{@link #of(double...)}: fixed weights, one per class, each finite and {@code > 0};</li>
 *   <li>{@link #balanced()}: scikit-learn's {@code "balanced"} rule {@code n / (K * n_y)}, computed online from the
 *       running class counts. The count of the instance's own class includes the instance, so every weight is
 *       finite; early weights are noisy and settle as counts grow. The counts are part of the learner's state
 *       (and of its snapshots).</li>
 * </ul>
 *
 * <p>Immutable; {@link #equals} compares the weights, so configs holding class weights compare by value.
 */
public final class ClassWeights {

    /** How the weights are set. */
    public enum Mode {
        UNIFORM, BALANCED, EXPLICIT
    }

    private static final ClassWeights UNIFORM = new ClassWeights(Mode.UNIFORM, null);
    private static final ClassWeights BALANCED = new ClassWeights(Mode.BALANCED, null);

    private final Mode mode;
    private final double[] weights;

    private ClassWeights(Mode mode, double[] weights) {
        this.mode = mode;
        this.weights = weights;
    }

    public static ClassWeights uniform() {
        return UNIFORM;
    }

    public static ClassWeights balanced() {
        return BALANCED;
    }

    /** Fixed weights, {@code weights[k]} for class {@code k}; copied. */
    public static ClassWeights of(double... weights) {
        Objects.requireNonNull(weights, "weights");
        if (weights.length < 2) {
            throw new IllegalArgumentException("class weights need one weight per class (at least 2), got "
                    + weights.length);
        }
        for (int k = 0; k < weights.length; k++) {
            double w = weights[k];
            if (!(w > 0) || !Double.isFinite(w) || (float) w == 0f || Float.isInfinite((float) w)) {
                throw new IllegalArgumentException(
                        "class weight of class " + k + " must be finite, > 0 and within float range, got " + w);
            }
        }
        return new ClassWeights(Mode.EXPLICIT, weights.clone());
    }

    public Mode mode() {
        return mode;
    }

    public boolean isUniform() {
        return mode == Mode.UNIFORM;
    }

    public boolean isBalanced() {
        return mode == Mode.BALANCED;
    }

    /** The fixed weights (a copy) for {@link Mode#EXPLICIT}; {@code null} otherwise. */
    public double[] explicitWeights() {
        return weights == null ? null : weights.clone();
    }

    /**
     * Checks that these weights suit a learner with {@code numClasses} outputs ({@code 1} meaning regression).
     *
     * @return this
     * @throws IllegalArgumentException when they do not
     */
    public ClassWeights checkedFor(int numClasses) {
        if (mode == Mode.UNIFORM) {
            return this;
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("class weights only apply to classifiers");
        }
        if (mode == Mode.EXPLICIT && weights.length != numClasses) {
            throw new IllegalArgumentException(weights.length + " class weights for " + numClasses + " classes");
        }
        return this;
    }

    /**
     * The weight of an instance of class {@code y}. For {@link Mode#BALANCED} {@code counts} are the running class
     * counts (already including this instance) and {@code total} their sum; otherwise both are ignored.
     */
    public float weight(int y, long[] counts, long total) {
        return switch (mode) {
            case UNIFORM -> 1f;
            case EXPLICIT -> (float) weights[y];
            case BALANCED -> (float) ((double) total / ((double) counts.length * counts[y]));
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassWeights c && c.mode == mode && Arrays.equals(c.weights, weights);
    }

    @Override
    public int hashCode() {
        return 31 * mode.hashCode() + Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return switch (mode) {
            case UNIFORM -> "uniform";
            case BALANCED -> "balanced";
            case EXPLICIT -> Arrays.toString(weights);
        };
    }
}
