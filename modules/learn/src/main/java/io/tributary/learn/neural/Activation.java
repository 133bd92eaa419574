package io.tributary.learn.neural;

import io.tributary.learn.simd.Kernels;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The non-linearity of an {@link Mlp}'s hidden layers. */
public enum Activation {
    /**
     * SiLU, {@code z * sigmoid(z)} (Elfwing, Uchibe and Doya, 2018; Ramachandran et al.'s "swish"): smooth, so
     * the network is a smooth function of its input, which suits regression of smooth targets.
     */
    SILU("silu"),
    /** ReLU, {@code max(z, 0)}. */
    RELU("relu"),
    /** Hyperbolic tangent. */
    TANH("tanh");

    private final String configName;

    Activation(String configName) {
        this.configName = configName;
    }

    /** The name used in hyper-parameter maps, e.g. {@code silu}. */
    public String configName() {
        return configName;
    }

    /**
     * Applies the activation in place to {@code values[off, off + n)} and writes its derivative at each input to
     * {@code derivatives} (what back-propagation multiplies by).
     */
    void apply(Kernels kernels, float[] values, float[] derivatives, int off, int n) {
        switch (this) {
            case SILU -> kernels.silu(values, derivatives, off, n);
            case RELU -> kernels.relu(values, derivatives, off, n);
            case TANH -> kernels.tanh(values, derivatives, off, n);
        }
    }

    /**
     * Whether He initialisation suits it (ReLU-like: zero for large negative input, so half the units are off and
     * the weights need twice the variance) rather than Glorot's (symmetric, saturating).
     */
    boolean rectifying() {
        return this != TANH;
    }

    /** Parses a {@link #configName()} (case-insensitive). */
    public static Activation fromConfigName(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        for (Activation a : values()) {
            if (a.configName.equals(key)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "'; allowed: " + allowedNames());
    }

    /** The allowed config names, comma-separated, for error messages. */
    public static String allowedNames() {
        return Arrays.stream(values()).map(Activation::configName).collect(Collectors.joining(", "));
    }
}
