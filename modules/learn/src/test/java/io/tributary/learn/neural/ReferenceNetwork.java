package io.tributary.learn.neural;

/**
 * The same network as {@link Mlp} written the slow, obvious way in double, with {@link Math}'s functions: the
 * independent reference for gradient checks. Parameters use {@link Mlp}'s layout (every layer's {@code in x out}
 * weights, then every bias), read from a float array and widened.
 */
final class ReferenceNetwork {

    private final int[] sizes;
    private final Activation activation;
    private final OutputHead head;

    ReferenceNetwork(int[] sizes, Activation activation, OutputHead head) {
        this.sizes = sizes.clone();
        this.activation = activation;
        this.head = head;
    }

    /** Logits of one input, row {@code row} of {@code inputs}. */
    double[] logits(double[] params, float[] inputs, int row) {
        int layers = sizes.length - 1;
        double[] a = new double[sizes[0]];
        for (int i = 0; i < sizes[0]; i++) {
            a[i] = inputs[row * sizes[0] + i];
        }
        int weightOffset = 0;
        int biasOffset = 0;
        for (int l = 0; l < layers; l++) {
            biasOffset += sizes[l] * sizes[l + 1];
        }
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            double[] z = new double[out];
            for (int j = 0; j < out; j++) {
                double s = params[biasOffset + j];
                for (int i = 0; i < in; i++) {
                    s += a[i] * params[weightOffset + i * out + j];
                }
                z[j] = l < layers - 1 ? activate(s) : s;
            }
            weightOffset += in * out;
            biasOffset += out;
            a = z;
        }
        return a;
    }

    /** Each hidden layer's activations for one input: {@code result[h]} is hidden layer {@code h + 1}'s. */
    double[][] hidden(double[] params, float[] inputs, int row) {
        int layers = sizes.length - 1;
        double[][] out = new double[layers - 1][];
        double[] a = new double[sizes[0]];
        for (int i = 0; i < sizes[0]; i++) {
            a[i] = inputs[row * sizes[0] + i];
        }
        int weightOffset = 0;
        int biasOffset = 0;
        for (int l = 0; l < layers; l++) {
            biasOffset += sizes[l] * sizes[l + 1];
        }
        for (int l = 0; l < layers - 1; l++) {
            int in = sizes[l];
            int width = sizes[l + 1];
            double[] z = new double[width];
            for (int j = 0; j < width; j++) {
                double s = params[biasOffset + j];
                for (int i = 0; i < in; i++) {
                    s += a[i] * params[weightOffset + i * width + j];
                }
                z[j] = activate(s);
            }
            weightOffset += in * width;
            biasOffset += width;
            out[l] = z;
            a = z;
        }
        return out;
    }

    /** Pre-activations of every hidden unit for one input, to check the distance from ReLU's kink. */
    double smallestHiddenPreActivation(double[] params, float[] inputs, int row) {
        int layers = sizes.length - 1;
        double[] a = new double[sizes[0]];
        for (int i = 0; i < sizes[0]; i++) {
            a[i] = inputs[row * sizes[0] + i];
        }
        int weightOffset = 0;
        int biasOffset = 0;
        for (int l = 0; l < layers; l++) {
            biasOffset += sizes[l] * sizes[l + 1];
        }
        double smallest = Double.POSITIVE_INFINITY;
        for (int l = 0; l < layers - 1; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            double[] z = new double[out];
            for (int j = 0; j < out; j++) {
                double s = params[biasOffset + j];
                for (int i = 0; i < in; i++) {
                    s += a[i] * params[weightOffset + i * out + j];
                }
                smallest = Math.min(smallest, Math.abs(s));
                z[j] = activate(s);
            }
            weightOffset += in * out;
            biasOffset += out;
            a = z;
        }
        return smallest;
    }

    private double activate(double z) {
        return switch (activation) {
            case SILU -> z / (1 + Math.exp(-z));
            case RELU -> Math.max(z, 0);
            case TANH -> Math.tanh(z);
        };
    }

    /** Mean loss over {@code count} rows. */
    double meanLoss(double[] params, float[] inputs, float[] targets, int count) {
        double sum = 0;
        for (int s = 0; s < count; s++) {
            double[] z = logits(params, inputs, s);
            double y = targets[s];
            sum += switch (head) {
                case IDENTITY -> 0.5 * (z[0] - y) * (z[0] - y);
                case SIGMOID -> {
                    double p = 1 / (1 + Math.exp(-z[0]));
                    yield -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
                }
                case SOFTMAX -> {
                    double total = 0;
                    for (double v : z) {
                        total += Math.exp(v);
                    }
                    yield -Math.log(Math.exp(z[(int) y]) / total);
                }
            };
        }
        return sum / count;
    }

    /** Central finite differences of {@link #meanLoss} in every parameter. */
    double[] numericalGradient(double[] params, float[] inputs, float[] targets, int count, double h) {
        double[] g = new double[params.length];
        double[] p = params.clone();
        for (int i = 0; i < p.length; i++) {
            double saved = p[i];
            p[i] = saved + h;
            double up = meanLoss(p, inputs, targets, count);
            p[i] = saved - h;
            double down = meanLoss(p, inputs, targets, count);
            p[i] = saved;
            g[i] = (up - down) / (2 * h);
        }
        return g;
    }
}
