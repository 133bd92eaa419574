package io.tributary.learn.linear;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a linear learner turns a gradient into a weight update. */
public enum Optimizer {
    /** Plain stochastic gradient descent: one learning rate for every coordinate. */
    SGD("sgd", 0.01),
    /**
     * AdaGrad: each coordinate's step is divided by the root of its accumulated squared gradients, so rare
     * features keep large steps while frequent ones settle. Robust to feature scale, hence the default.
     */
    ADAGRAD("adagrad", 0.05),
    /**
     * Adam (Kingma and Ba, 2015): per-coordinate steps from bias-corrected running means of the gradient and of
     * its square ({@code beta1}, {@code beta2}). The default rate is ten times the paper's 0.001, which is tuned
     * for many passes over a data set; an online learner sees each instance once.
     */
    ADAM("adam", 0.01);

    private final String configName;
    private final double defaultLearningRate;

    Optimizer(String configName, double defaultLearningRate) {
        this.configName = configName;
        this.defaultLearningRate = defaultLearningRate;
    }

    /** The name used in hyper-parameter maps and snapshots, e.g. {@code adagrad}. */
    public String configName() {
        return configName;
    }

    /** The learning rate used when none is given. */
    public double defaultLearningRate() {
        return defaultLearningRate;
    }

    /** Parses a {@link #configName()} (case-insensitive). */
    public static Optimizer fromConfigName(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        for (Optimizer o : values()) {
            if (o.configName.equals(key)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown optimizer '" + name + "'; allowed: " + allowedNames());
    }

    /** The allowed config names, comma-separated, for error messages. */
    public static String allowedNames() {
        return Arrays.stream(values()).map(Optimizer::configName).collect(Collectors.joining(", "));
    }
}
