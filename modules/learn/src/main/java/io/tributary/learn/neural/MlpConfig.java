package io.tributary.learn.neural;

import io.tributary.learn.Task;
import java.util.List;
import java.util.Objects;

/**
 * Everything that defines an MLP learner apart from its learned state.
 *
 * <p>The optimiser is AdamW (Loshchilov and Hutter, "Decoupled Weight Decay Regularization", ICLR 2019): Adam's
 * step on the gradient of the loss alone, plus a separate shrinkage of every weight by {@code lr * weightDecay}
 * per step (biases are not decayed, as the linear learners never penalise the intercept).
 *
 * @param task          what the network predicts; it picks the {@link OutputHead}
 * @param dimension     number of input features, {@code > 0}
 * @param numClasses    1 for regression, 2 for binary, {@code >= 2} for multiclass classification
 * @param hiddenLayers  the hidden layers' widths, at least one, each in {@code [1, }{@value #MAX_WIDTH}{@code ]}
 * @param activation    the hidden layers' non-linearity
 * @param learningRate  AdamW's step size, {@code > 0}
 * @param weightDecay   decoupled weight decay, {@code >= 0}, with {@code learningRate * weightDecay < 1}
 * @param beta1         decay of the gradient mean, in {@code [0, 1)}
 * @param beta2         decay of the squared-gradient mean, in {@code [0, 1)}
 * @param epsilon       denominator guard, {@code > 0}
 * @param batchSize     instances per optimiser step, in {@code [1, }{@value #MAX_BATCH_SIZE}{@code ]}; 1 is pure
 *                      online learning
 * @param seed          seeds the weight initialisation (the same seed gives the same initial network)
 * @param trackEvery    0 for no dimensionality tracking, otherwise the {@link DimensionalityTracker} measures the
 *                      hidden layers every {@code trackEvery} optimiser steps
 */
public record MlpConfig(
        Task task,
        int dimension,
        int numClasses,
        List<Integer> hiddenLayers,
        Activation activation,
        double learningRate,
        double weightDecay,
        double beta1,
        double beta2,
        double epsilon,
        int batchSize,
        long seed,
        int trackEvery) {

    /** The seed system's network: 5 -> 64 -> 64 -> 64 -> 1. */
    public static final List<Integer> DEFAULT_HIDDEN_LAYERS = List.of(64, 64, 64);
    public static final Activation DEFAULT_ACTIVATION = Activation.SILU;
    /** Adam's paper default (and PyTorch's). */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    /** PyTorch's AdamW default. */
    public static final double DEFAULT_WEIGHT_DECAY = 0.01;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPSILON = 1e-8;
    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_TRACK_EVERY = 0;
    /** Widest hidden layer accepted: far above what an online learner should use, it catches typos. */
    public static final int MAX_WIDTH = 1 << 16;
    public static final int MAX_BATCH_SIZE = 1 << 16;
    /** Most parameters accepted (with gradients and two moments, 256 MiB of floats). */
    public static final long MAX_PARAMETERS = 1L << 24;

    public MlpConfig {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(hiddenLayers, "hiddenLayers");
        Objects.requireNonNull(activation, "activation");
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, got " + dimension);
        }
        switch (task) {
            case REGRESSION -> require(numClasses == 1, "numClasses must be 1 for REGRESSION, got " + numClasses);
            case BINARY_CLASSIFICATION -> require(numClasses == 2,
                    "numClasses must be 2 for BINARY_CLASSIFICATION, got " + numClasses);
            case MULTICLASS_CLASSIFICATION -> require(numClasses >= 2,
                    "numClasses must be at least 2 for MULTICLASS_CLASSIFICATION, got " + numClasses);
        }
        hiddenLayers = List.copyOf(hiddenLayers);
        if (hiddenLayers.isEmpty()) {
            throw new IllegalArgumentException("an MLP needs at least one hidden layer (without one it is a linear"
                    + " model: use linear_regression or logistic_regression)");
        }
        for (int i = 0; i < hiddenLayers.size(); i++) {
            int w = hiddenLayers.get(i);
            if (w < 1 || w > MAX_WIDTH) {
                throw new IllegalArgumentException(
                        "hidden layer " + i + " width must be in [1, " + MAX_WIDTH + "], got " + w);
            }
        }
        requirePositiveFloat(learningRate, "learning rate");
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be >= 0 and finite, got " + weightDecay);
        }
        if (!((float) (1 - learningRate * weightDecay) > 0f)) {
            throw new IllegalArgumentException("learning_rate * weight_decay must be below 1 (each step multiplies"
                    + " the weights by 1 - lr * wd), got " + learningRate + " * " + weightDecay);
        }
        requireUnit(beta1, "beta1");
        requireUnit(beta2, "beta2");
        requirePositiveFloat(epsilon, "epsilon");
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batch size must be in [1, " + MAX_BATCH_SIZE + "], got " + batchSize);
        }
        if (trackEvery < 0) {
            throw new IllegalArgumentException("track_every must be >= 0 (0 = off), got " + trackEvery);
        }
        long params = parameterCount(layerSizes(dimension, hiddenLayers, OutputHead.forTask(task).outputs(numClasses)));
        if (params > MAX_PARAMETERS) {
            throw new IllegalArgumentException("the network would have " + params + " parameters, more than the "
                    + MAX_PARAMETERS + " allowed");
        }
    }

    /** A regression network with the defaults for everything but the shape. */
    public static MlpConfig regression(int dimension, List<Integer> hiddenLayers) {
        return defaults(Task.REGRESSION, dimension, 1, hiddenLayers);
    }

    /** A classifier with the defaults for everything but the shape: binary for 2 classes, softmax above. */
    public static MlpConfig classification(int dimension, int numClasses, List<Integer> hiddenLayers) {
        return defaults(numClasses == 2 ? Task.BINARY_CLASSIFICATION : Task.MULTICLASS_CLASSIFICATION, dimension,
                numClasses, hiddenLayers);
    }

    private static MlpConfig defaults(Task task, int dimension, int numClasses, List<Integer> hiddenLayers) {
        return new MlpConfig(task, dimension, numClasses, hiddenLayers, DEFAULT_ACTIVATION, DEFAULT_LEARNING_RATE,
                DEFAULT_WEIGHT_DECAY, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON, DEFAULT_BATCH_SIZE,
                DEFAULT_SEED, DEFAULT_TRACK_EVERY);
    }

    /** This config with another hidden-layer activation. */
    public MlpConfig withActivation(Activation a) {
        return new MlpConfig(task, dimension, numClasses, hiddenLayers, a, learningRate, weightDecay, beta1, beta2,
                epsilon, batchSize, seed, trackEvery);
    }

    /** This config with another AdamW learning rate and weight decay. */
    public MlpConfig withOptimizer(double lr, double wd) {
        return new MlpConfig(task, dimension, numClasses, hiddenLayers, activation, lr, wd, beta1, beta2, epsilon,
                batchSize, seed, trackEvery);
    }

    /** This config with another mini-batch size. */
    public MlpConfig withBatchSize(int b) {
        return new MlpConfig(task, dimension, numClasses, hiddenLayers, activation, learningRate, weightDecay, beta1,
                beta2, epsilon, b, seed, trackEvery);
    }

    /** This config with another initialisation seed. */
    public MlpConfig withSeed(long s) {
        return new MlpConfig(task, dimension, numClasses, hiddenLayers, activation, learningRate, weightDecay, beta1,
                beta2, epsilon, batchSize, s, trackEvery);
    }

    /** This config with dimensionality tracking every {@code n} optimiser steps (0: off). */
    public MlpConfig withTrackEvery(int n) {
        return new MlpConfig(task, dimension, numClasses, hiddenLayers, activation, learningRate, weightDecay, beta1,
                beta2, epsilon, batchSize, seed, n);
    }

    /** The output head the task needs. */
    public OutputHead head() {
        return OutputHead.forTask(task);
    }

    /** Layer widths from input to output, e.g. {@code [5, 64, 64, 64, 1]}. */
    public int[] layerSizes() {
        return layerSizes(dimension, hiddenLayers, head().outputs(numClasses));
    }

    /** Weights and biases in all: {@code sum(in * out + out)} over the layers. */
    public long parameterCount() {
        return parameterCount(layerSizes());
    }

    static int[] layerSizes(int dimension, List<Integer> hidden, int outputs) {
        int[] sizes = new int[hidden.size() + 2];
        sizes[0] = dimension;
        for (int i = 0; i < hidden.size(); i++) {
            sizes[i + 1] = hidden.get(i);
        }
        sizes[sizes.length - 1] = outputs;
        return sizes;
    }

    /** Weights and biases of a dense network with these layer widths (input first, output last). */
    public static long parameterCount(int[] sizes) {
        long n = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            n += (long) sizes[l] * sizes[l + 1] + sizes[l + 1];
        }
        return n;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void requirePositiveFloat(double v, String what) {
        if (!(v > 0) || !Double.isFinite(v) || (float) v == 0f || Float.isInfinite((float) v)) {
            throw new IllegalArgumentException(what + " must be positive, finite and representable as a float, got "
                    + v);
        }
    }

    private static void requireUnit(double v, String what) {
        if (!(v >= 0 && v < 1) || (float) v >= 1f) {
            throw new IllegalArgumentException(what + " must be in [0, 1) (also as a float), got " + v);
        }
    }
}
