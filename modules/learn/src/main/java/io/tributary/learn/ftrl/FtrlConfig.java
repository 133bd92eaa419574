package io.tributary.learn.ftrl;

import io.tributary.learn.linear.ClassWeights;
import java.util.Objects;

/**
 * Hyper-parameters of FTRL-Proximal (McMahan et al., "Ad Click Prediction: a View from the Trenches", KDD 2013).
 *
 * <p>The per-coordinate learning rate is {@code eta_i = alpha / (beta + sqrt(n_i))}; the regularised objective
 * adds {@code l1 |w|_1 + (l2 / 2) |w|^2} (the paper's lambda_1 and lambda_2). The defaults are River's
 * ({@code alpha = 0.05, beta = 1, l1 = 0, l2 = 1}).
 *
 * @param dimension    number of input coordinates, {@code > 0} (e.g. {@code 2^20} for hashed features)
 * @param numClasses   1 for regression, 2 for binary classification
 * @param alpha        learning-rate scale, {@code > 0}
 * @param beta         learning-rate smoothing, {@code >= 0}
 * @param l1           L1 strength, {@code >= 0}: a weight is exactly 0 while {@code |z_i| <= l1}
 * @param l2           L2 strength, {@code >= 0}
 * @param classWeights per-class loss weights (classification only)
 */
public record FtrlConfig(int dimension, int numClasses, double alpha, double beta, double l1, double l2,
        ClassWeights classWeights) {

    public static final double DEFAULT_ALPHA = 0.05;
    public static final double DEFAULT_BETA = 1.0;
    public static final double DEFAULT_L1 = 0.0;
    public static final double DEFAULT_L2 = 1.0;

    public FtrlConfig {
        Objects.requireNonNull(classWeights, "classWeights");
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, got " + dimension);
        }
        if (numClasses != 1 && numClasses != 2) {
            throw new IllegalArgumentException(
                    "ftrl does regression (numClasses 1) and binary classification (2), got numClasses " + numClasses);
        }
        if (!(alpha > 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha must be > 0 and finite, got " + alpha);
        }
        if (!(beta >= 0) || !Double.isFinite(beta)) {
            throw new IllegalArgumentException("beta must be >= 0 and finite, got " + beta);
        }
        if (!(l1 >= 0) || !Double.isFinite(l1)) {
            throw new IllegalArgumentException("l1 must be >= 0 and finite, got " + l1);
        }
        if (!(l2 >= 0) || !Double.isFinite(l2)) {
            throw new IllegalArgumentException("l2 must be >= 0 and finite, got " + l2);
        }
        classWeights.checkedFor(numClasses);
    }

    /** Binary classification with the defaults. */
    public static FtrlConfig binary(int dimension) {
        return new FtrlConfig(dimension, 2, DEFAULT_ALPHA, DEFAULT_BETA, DEFAULT_L1, DEFAULT_L2,
                ClassWeights.uniform());
    }

    /** Regression with the defaults. */
    public static FtrlConfig regression(int dimension) {
        return new FtrlConfig(dimension, 1, DEFAULT_ALPHA, DEFAULT_BETA, DEFAULT_L1, DEFAULT_L2,
                ClassWeights.uniform());
    }

    public FtrlConfig withAlpha(double alpha) {
        return new FtrlConfig(dimension, numClasses, alpha, beta, l1, l2, classWeights);
    }

    public FtrlConfig withBeta(double beta) {
        return new FtrlConfig(dimension, numClasses, alpha, beta, l1, l2, classWeights);
    }

    public FtrlConfig withL1(double l1) {
        return new FtrlConfig(dimension, numClasses, alpha, beta, l1, l2, classWeights);
    }

    public FtrlConfig withL2(double l2) {
        return new FtrlConfig(dimension, numClasses, alpha, beta, l1, l2, classWeights);
    }

    public FtrlConfig withClassWeights(ClassWeights classWeights) {
        return new FtrlConfig(dimension, numClasses, alpha, beta, l1, l2, classWeights);
    }
}
