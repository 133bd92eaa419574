package io.tributary.learn.neural;

import io.tributary.learn.Task;
import io.tributary.learn.simd.Exponential;

/**
 * The last layer's link and loss, chosen by the task. Each pairs an output function with the loss whose gradient
 * with respect to the pre-activation output ("logit") {@code z} is {@code prediction - target}, so back-propagation
 * starts from the same simple expression for all three.
 */
public enum OutputHead {
    /** Regression: the prediction is {@code z}, the loss {@code (z - y)^2 / 2}. One output. */
    IDENTITY,
    /** Binary classification: {@code p = sigmoid(z)} is P(class 1), the loss is the log loss. One output. */
    SIGMOID,
    /** Multiclass classification: {@code p = softmax(z)}, the loss is the cross-entropy {@code -log p_y}. */
    SOFTMAX;

    /** The head a task needs. */
    public static OutputHead forTask(Task task) {
        return switch (task) {
            case REGRESSION -> IDENTITY;
            case BINARY_CLASSIFICATION -> SIGMOID;
            case MULTICLASS_CLASSIFICATION -> SOFTMAX;
        };
    }

    /** Network outputs the head needs for {@code numClasses} (1 for regression and binary, K for softmax). */
    public int outputs(int numClasses) {
        return this == SOFTMAX ? numClasses : 1;
    }

    /**
     * The loss of each of {@code count} rows of {@code logits} ({@code count x k}) against {@code targets} (the
     * regression target, or the class index as a float), summed; and, in {@code gradient} (same shape), the
     * gradient of the <em>mean</em> loss with respect to the logits, {@code (prediction - target) / count}.
     */
    double lossAndGradient(float[] logits, float[] targets, int count, int k, float[] gradient) {
        double sum = 0;
        float scale = 1f / count;
        switch (this) {
            case IDENTITY -> {
                for (int s = 0; s < count; s++) {
                    float e = logits[s] - targets[s];
                    gradient[s] = e * scale;
                    sum += 0.5 * (double) e * e;
                }
            }
            case SIGMOID -> {
                for (int s = 0; s < count; s++) {
                    float z = logits[s];
                    float y = targets[s];
                    gradient[s] = (Exponential.sigmoid(z) - y) * scale;
                    // log(1 + e^z) - y z, written so that neither branch overflows.
                    double softplus = Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs((double) z)));
                    sum += softplus - y * (double) z;
                }
            }
            case SOFTMAX -> {
                for (int s = 0; s < count; s++) {
                    int row = s * k;
                    int y = (int) targets[s];
                    float max = logits[row];
                    for (int j = 1; j < k; j++) {
                        max = Math.max(max, logits[row + j]);
                    }
                    float total = 0f;
                    for (int j = 0; j < k; j++) {
                        float e = Exponential.exp(logits[row + j] - max);
                        gradient[row + j] = e;
                        total += e;
                    }
                    for (int j = 0; j < k; j++) {
                        float p = gradient[row + j] / total;
                        gradient[row + j] = ((j == y ? p - 1f : p)) * scale;
                    }
                    sum += Math.log(total) + max - logits[row + y];
                }
            }
        }
        return sum;
    }

    /** The prediction from one row of logits: the value, P(class 1), or the class probabilities. */
    void predict(float[] logits, int off, int k, float[] out) {
        switch (this) {
            case IDENTITY -> out[0] = logits[off];
            case SIGMOID -> {
                float p = Exponential.sigmoid(logits[off]);
                out[0] = 1f - p;
                out[1] = p;
            }
            case SOFTMAX -> {
                float max = logits[off];
                for (int j = 1; j < k; j++) {
                    max = Math.max(max, logits[off + j]);
                }
                float total = 0f;
                for (int j = 0; j < k; j++) {
                    float e = Exponential.exp(logits[off + j] - max);
                    out[j] = e;
                    total += e;
                }
                for (int j = 0; j < k; j++) {
                    out[j] /= total;
                }
            }
        }
    }
}
