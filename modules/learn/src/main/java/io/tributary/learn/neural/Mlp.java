package io.tributary.learn.neural;

import io.tributary.learn.simd.Kernels;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A dense feed-forward network in float: layers {@code sizes[0] -> sizes[1] -> ... -> sizes[L]}, the hidden ones
 * followed by an {@link Activation}, the last one linear (its {@link OutputHead} turns it into a prediction),
 * trained by AdamW on mini-batches.
 *
 * <p><b>Layout.</b> One flat array holds every parameter: first the weights of every layer, then every bias.
 * Layer {@code l}'s weights are a row-major {@code sizes[l] x sizes[l+1]} matrix ({@code in x out}, so that a
 * mini-batch's forward pass is {@code X W + b}, a product whose innermost loop runs along the outputs and
 * vectorises); keeping the weights in one prefix lets weight decay scale them in one kernel call and leave the
 * biases alone. Gradients and the two Adam moments are arrays of the same layout.
 *
 * <p><b>Kernels.</b> Every matrix product is {@link Kernels#matMulAdd} or {@link Kernels#transposedMatMulAdd}, the
 * activations are {@link Kernels#silu}, {@link Kernels#tanh}, {@link Kernels#relu}, and the optimiser step is
 * {@link Kernels#scale} plus {@link Kernels#adamStep}: all element-wise in the sense of {@link Kernels}, so the
 * SIMD and the scalar kernels train bit-identical networks. The backward pass needs {@code dX = dZ W^T}; rather
 * than a product whose inner loop would run across the rows of {@code W} (a reduction per element), it transposes
 * {@code W} into a scratch copy once per backward pass (the first layer's input gradient is never needed).
 *
 * <p><b>Initialisation</b> is seeded: weights of hidden layers with a rectifying activation are drawn from
 * {@code N(0, 2 / fan_in)} (He et al., 2015), those of tanh layers and of the output layer from Glorot and
 * Bengio's (2010) {@code U(-a, a)} with {@code a = sqrt(6 / (fan_in + fan_out))}; biases start at 0.
 *
 * <p>Not thread-safe; scratch buffers are reused across calls.
 */
public final class Mlp {

    private final int[] sizes;
    private final int layers;
    private final Activation activation;
    private final Kernels kernels;
    private final int[] weightOffset;
    private final int[] biasOffset;
    private final int weightCount;
    private final float[] params;
    private final float[] grads;
    private final float[] m;
    private final float[] v;
    private long steps;

    // Scratch, for up to `capacity` rows. act[l] (l >= 1) is layer l's output (after the activation for hidden
    // layers, the logits for the last); deriv[l] the activation's derivative there; weightsT[l] layer l's weights
    // transposed (out x in), for l >= 1.
    private int capacity;
    private float[] input;
    private final float[][] act;
    private final float[][] deriv;
    private float[] deltaA;
    private float[] deltaB;
    private final float[][] weightsT;
    private int lastCount;

    /**
     * A freshly initialised network.
     *
     * @param sizes layer widths from input to output, at least two entries, each {@code >= 1}
     */
    public Mlp(int[] sizes, Activation activation, long seed, Kernels kernels) {
        this(sizes, activation, kernels, null);
        initialise(seed);
    }

    private Mlp(int[] sizes, Activation activation, Kernels kernels, Void unused) {
        Objects.requireNonNull(sizes, "sizes");
        this.activation = Objects.requireNonNull(activation, "activation");
        this.kernels = Objects.requireNonNull(kernels, "kernels");
        if (sizes.length < 2) {
            throw new IllegalArgumentException("a network needs at least an input and an output size, got "
                    + Arrays.toString(sizes));
        }
        for (int s : sizes) {
            if (s < 1) {
                throw new IllegalArgumentException("layer sizes must be >= 1, got " + Arrays.toString(sizes));
            }
        }
        long count = MlpConfig.parameterCount(sizes);
        if (count > MlpConfig.MAX_PARAMETERS) {
            throw new IllegalArgumentException("the network would have " + count + " parameters, more than the "
                    + MlpConfig.MAX_PARAMETERS + " allowed");
        }
        this.sizes = sizes.clone();
        this.layers = sizes.length - 1;
        this.weightOffset = new int[layers];
        this.biasOffset = new int[layers];
        int offset = 0;
        for (int l = 0; l < layers; l++) {
            weightOffset[l] = offset;
            offset += sizes[l] * sizes[l + 1];
        }
        this.weightCount = offset;
        for (int l = 0; l < layers; l++) {
            biasOffset[l] = offset;
            offset += sizes[l + 1];
        }
        this.params = new float[offset];
        this.grads = new float[offset];
        this.m = new float[offset];
        this.v = new float[offset];
        this.act = new float[layers + 1][];
        this.deriv = new float[layers][];
        this.weightsT = new float[layers][];
        for (int l = 1; l < layers; l++) {
            weightsT[l] = new float[sizes[l] * sizes[l + 1]];
        }
    }

    /**
     * A network with the given learned state (copied): parameters, Adam's moments and its step count, all in the
     * layout of {@link #parameters()}.
     */
    public static Mlp restore(int[] sizes, Activation activation, Kernels kernels, float[] params, float[] m,
            float[] v, long steps) {
        Mlp net = new Mlp(sizes, activation, kernels, null);
        int n = net.params.length;
        for (float[] a : new float[][] {params, m, v}) {
            if (Objects.requireNonNull(a, "state array").length != n) {
                throw new IllegalArgumentException("state array has " + a.length + " entries, the network has " + n
                        + " parameters");
            }
        }
        if (steps < 0) {
            throw new IllegalArgumentException("step count must be >= 0, got " + steps);
        }
        System.arraycopy(params, 0, net.params, 0, n);
        System.arraycopy(m, 0, net.m, 0, n);
        System.arraycopy(v, 0, net.v, 0, n);
        net.steps = steps;
        return net;
    }

    private void initialise(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            boolean he = l < layers - 1 && activation.rectifying();
            double std = Math.sqrt(2.0 / in);
            double limit = Math.sqrt(6.0 / (in + out));
            for (int i = 0, o = weightOffset[l]; i < in * out; i++) {
                params[o + i] = (float) (he ? std * random.nextGaussian() : random.nextDouble(-limit, limit));
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Forward and backward

    /**
     * The logits of {@code count} inputs, rows of {@code inputs} ({@code count x sizes[0]}, row-major from index 0).
     * The result is a scratch buffer ({@code count x outputs()}), valid until the next call on this network.
     */
    public float[] forward(float[] inputs, int count) {
        if (count < 1 || (long) count * sizes[0] > inputs.length) {
            throw new IllegalArgumentException(count + " rows of " + sizes[0] + " do not fit " + inputs.length
                    + " inputs");
        }
        ensureCapacity(count);
        input = inputs;
        float[] in = inputs;
        for (int l = 0; l < layers; l++) {
            int width = sizes[l + 1];
            float[] out = act[l + 1];
            for (int s = 0; s < count; s++) {
                System.arraycopy(params, biasOffset[l], out, s * width, width);
            }
            kernels.matMulAdd(in, 0, params, weightOffset[l], out, 0, count, sizes[l], width);
            if (l < layers - 1) {
                activation.apply(kernels, out, deriv[l + 1], 0, count * width);
            }
            in = out;
        }
        lastCount = count;
        return act[layers];
    }

    /**
     * Forward and backward pass over a mini-batch: fills the gradient of the mean loss (see
     * {@link OutputHead#lossAndGradient}) with respect to every parameter, readable through {@link #gradients()},
     * and returns the mean loss. Does not change the parameters.
     */
    public double computeGradients(float[] inputs, float[] targets, int count, OutputHead head) {
        int outputs = sizes[layers];
        if (head == OutputHead.SOFTMAX ? outputs < 2 : outputs != 1) {
            throw new IllegalArgumentException("head " + head + " does not fit " + outputs + " output(s): identity and"
                    + " sigmoid need one, softmax at least two");
        }
        if (targets.length < count) {
            throw new IllegalArgumentException(count + " rows but " + targets.length + " targets");
        }
        float[] logits = forward(inputs, count);
        double loss = head.lossAndGradient(logits, targets, count, outputs, deltaA);
        backward(count);
        return loss / count;
    }

    /**
     * Like {@link #computeGradients} with the identity head, but for any number of outputs: multi-output regression
     * with the loss {@code sum_j (z_j - y_j)^2 / 2} per row, averaged over the rows. {@code targets} holds
     * {@code count x outputs()} values, row-major. Returns the mean loss. Used by the lag-window forecaster, whose
     * outputs are the next {@code horizon} values of a series.
     */
    public double computeSquaredLossGradients(float[] inputs, float[] targets, int count) {
        int outputs = sizes[layers];
        if (targets.length < (long) count * outputs) {
            throw new IllegalArgumentException(count + " rows of " + outputs + " outputs but " + targets.length
                    + " targets");
        }
        float[] logits = forward(inputs, count);
        float scale = 1f / count;
        double sum = 0;
        for (int i = 0; i < count * outputs; i++) {
            float e = logits[i] - targets[i];
            deltaA[i] = e * scale;
            sum += 0.5 * (double) e * e;
        }
        backward(count);
        return sum / count;
    }

    /** Back-propagates the output gradient held in {@code deltaA} through the activations of the last forward. */
    private void backward(int count) {
        Arrays.fill(grads, 0f);
        float[] delta = deltaA;
        float[] spare = deltaB;
        for (int l = layers - 1; l >= 0; l--) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] x = l == 0 ? input : act[l];
            // dW += X^T dZ, db += column sums of dZ.
            kernels.transposedMatMulAdd(x, 0, delta, 0, grads, weightOffset[l], in, count, out);
            int b = biasOffset[l];
            for (int s = 0; s < count; s++) {
                int row = s * out;
                for (int j = 0; j < out; j++) {
                    grads[b + j] += delta[row + j];
                }
            }
            if (l > 0) {
                // dX = dZ W^T through the transposed copy, then times the activation's derivative.
                float[] wt = weightsT[l];
                int w = weightOffset[l];
                for (int i = 0; i < in; i++) {
                    for (int j = 0; j < out; j++) {
                        wt[j * in + i] = params[w + i * out + j];
                    }
                }
                Arrays.fill(spare, 0, count * in, 0f);
                kernels.matMulAdd(delta, 0, wt, 0, spare, 0, count, out, in);
                float[] d = deriv[l];
                for (int i = 0; i < count * in; i++) {
                    spare[i] *= d[i];
                }
                float[] t = delta;
                delta = spare;
                spare = t;
            }
        }
    }

    /**
     * One AdamW step on the gradients of the last {@link #computeGradients}: {@code w *= 1 - lr * weightDecay} for
     * the weights (not the biases), then Adam's bias-corrected step for every parameter.
     */
    public void applyAdamW(float learningRate, float weightDecay, float beta1, float beta2, float epsilon) {
        steps++;
        // 1 - beta^t as -expm1(t ln beta): accurate for beta near 1, and exactly 1 for beta = 0.
        float bc1 = (float) -Math.expm1(steps * Math.log(beta1));
        float bc2 = (float) -Math.expm1(steps * Math.log(beta2));
        if (weightDecay > 0f) {
            kernels.scale((float) (1.0 - (double) learningRate * weightDecay), params, weightCount);
        }
        // adamStep's gradient is g * x + l2 * w: with g = 1 and l2 = 0 it is exactly the stored gradient.
        kernels.adamStep(params, m, v, grads, 1f, learningRate, 0f, 0f, beta1, beta2, epsilon, bc1, bc2,
                params.length);
    }

    private void ensureCapacity(int count) {
        if (count <= capacity) {
            return;
        }
        int rows = Math.max(count, Math.min(Math.max(2 * capacity, 1), Integer.MAX_VALUE / 2));
        int widest = 0;
        for (int s : sizes) {
            widest = Math.max(widest, s);
        }
        if ((long) count * widest > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(count + " rows of width " + widest + " exceed an array; pass fewer rows");
        }
        if ((long) rows * widest > Integer.MAX_VALUE - 8) {
            rows = count;
        }
        for (int l = 1; l <= layers; l++) {
            act[l] = new float[rows * sizes[l]];
            if (l < layers) {
                deriv[l] = new float[rows * sizes[l]];
            }
        }
        deltaA = new float[rows * widest];
        deltaB = new float[rows * widest];
        capacity = rows;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Inspection

    /** Layer widths from input to output (a copy). */
    public int[] layerSizes() {
        return sizes.clone();
    }

    public int layers() {
        return layers;
    }

    public int inputs() {
        return sizes[0];
    }

    public int outputs() {
        return sizes[layers];
    }

    public Activation activation() {
        return activation;
    }

    public Kernels kernels() {
        return kernels;
    }

    public int parameterCount() {
        return params.length;
    }

    /** Where layer {@code l}'s weights ({@code sizes[l] x sizes[l+1]}, row-major) start in {@link #parameters()}. */
    public int weightOffset(int l) {
        return weightOffset[Objects.checkIndex(l, layers)];
    }

    /** Where layer {@code l}'s biases start in {@link #parameters()}. */
    public int biasOffset(int l) {
        return biasOffset[Objects.checkIndex(l, layers)];
    }

    /** Optimiser steps taken ({@link #applyAdamW} calls): AdamW's {@code t}. */
    public long steps() {
        return steps;
    }

    /** A copy of the parameters (weights of every layer, then biases). */
    public float[] parameters() {
        return params.clone();
    }

    /** A copy of the gradients of the last {@link #computeGradients}. */
    public float[] gradients() {
        return grads.clone();
    }

    /** A copy of Adam's first moments. */
    public float[] firstMoments() {
        return m.clone();
    }

    /** A copy of Adam's second moments. */
    public float[] secondMoments() {
        return v.clone();
    }

    /** Euclidean norm of the gradient of the last {@link #computeGradients}, in double. */
    public double gradientNorm() {
        double sum = 0;
        for (float g : grads) {
            sum += (double) g * g;
        }
        return Math.sqrt(sum);
    }

    /** Copies {@code other}'s parameters, moments and step count into this network, which must have its shape. */
    void copyStateFrom(Mlp other) {
        if (!Arrays.equals(sizes, other.sizes)) {
            throw new IllegalArgumentException("shape " + Arrays.toString(other.sizes) + " differs from "
                    + Arrays.toString(sizes));
        }
        System.arraycopy(other.params, 0, params, 0, params.length);
        System.arraycopy(other.m, 0, m, 0, m.length);
        System.arraycopy(other.v, 0, v, 0, v.length);
        steps = other.steps;
    }

    /** A deep copy of the learned state (parameters, moments, step count) with fresh scratch space. */
    Mlp copy() {
        return restore(sizes, activation, kernels, params, m, v, steps);
    }

    /**
     * The activations of hidden layer {@code h} (1-based: {@code 1..layers()-1}) from the last forward pass, a
     * {@link #lastBatchSize()} x {@code sizes[h]} row-major scratch buffer (valid until the next forward pass).
     */
    float[] hiddenActivations(int h) {
        if (h < 1 || h >= layers) {
            throw new IndexOutOfBoundsException("hidden layer " + h + " outside [1, " + (layers - 1) + "]");
        }
        return act[h];
    }

    /** Rows of the last forward pass. */
    int lastBatchSize() {
        return lastCount;
    }

    /** Bytes held in float arrays: parameters, gradients, the two moments, and the scratch buffers. */
    public MlpMemory memory() {
        long scratch = 0;
        for (float[][] group : new float[][][] {act, deriv, weightsT}) {
            for (float[] a : group) {
                scratch += a == null ? 0 : a.length;
            }
        }
        scratch += (deltaA == null ? 0 : deltaA.length) + (deltaB == null ? 0 : deltaB.length);
        return new MlpMemory(4L * params.length, 4L * grads.length, 4L * (m.length + v.length), 4 * scratch);
    }

    /** Forward FLOPs per instance, counting a multiply-add as 2: {@code 2 * sum(in * out)} over the layers. */
    public long forwardFlopsPerInstance() {
        long flops = 0;
        for (int l = 0; l < layers; l++) {
            flops += 2L * sizes[l] * sizes[l + 1];
        }
        return flops;
    }
}
