package io.tributary.learn.neural;

import io.tributary.learn.DenseVector;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.OnlineLearner;
import io.tributary.learn.SparseVector;
import io.tributary.learn.Task;
import io.tributary.learn.simd.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Shared machinery of {@link MlpRegressor} and {@link MlpClassifier}: an {@link Mlp} trained online from
 * mini-batches accumulated from the stream.
 *
 * <p><b>Online.</b> {@code learnOne} validates its input (dimension, NaN or infinity, the target) before touching
 * any state, then appends the instance to the mini-batch buffer; when {@code batchSize} instances are buffered the
 * network takes one AdamW step on them and the buffer empties. {@code predictOne} always uses the current weights:
 * buffered instances have not been learned yet. A sparse input is used as the dense vector it stands for.
 *
 * <p><b>Replay.</b> {@code fit} trains on an array of instances in epochs (see {@link FitOptions}): a seeded
 * random held-out slice, a seeded shuffle per epoch, mini-batches of {@code batchSize} (the last one of an epoch
 * may be smaller), early stopping when the validation loss has not improved for {@code patience} epochs, and the
 * best epoch's network restored. The online buffer is left as it is.
 *
 * <p><b>Tracking.</b> With {@code trackEvery > 0} a {@link DimensionalityTracker} measures the hidden layers after
 * every {@code trackEvery}-th optimiser step (online or in {@code fit}), on that step's mini-batch. Its state (the
 * jump detectors' history) is not part of snapshots: a restored learner starts tracking afresh.
 */
public abstract sealed class MlpLearner implements OnlineLearner permits MlpRegressor, MlpClassifier {

    private final MlpConfig config;
    private final OutputHead head;
    private final Mlp network;
    private final int dimension;
    private final int batchSize;
    private final float learningRate;
    private final float weightDecay;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float[] batchInputs;
    private final float[] batchTargets;
    private final float[] single;
    private final DimensionalityTracker tracker;
    private final float[][] hiddenActivations;
    private int buffered;
    private long updates;
    private double lastLoss = Double.NaN;

    MlpLearner(MlpConfig config, Kernels kernels, MlpState state) {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(kernels, "kernels");
        this.head = config.head();
        this.dimension = config.dimension();
        this.batchSize = config.batchSize();
        this.learningRate = (float) config.learningRate();
        this.weightDecay = (float) config.weightDecay();
        this.beta1 = (float) config.beta1();
        this.beta2 = (float) config.beta2();
        this.epsilon = (float) config.epsilon();
        this.batchInputs = new float[batchSize * dimension];
        this.batchTargets = new float[batchSize];
        this.single = new float[dimension];
        if (state == null) {
            this.network = new Mlp(config.layerSizes(), config.activation(), config.seed(), kernels);
        } else {
            this.network = Mlp.restore(config.layerSizes(), config.activation(), kernels, state.parameters(),
                    state.firstMoments(), state.secondMoments(), state.steps());
            int b = state.buffered();
            if (b >= batchSize) {
                throw new IllegalArgumentException("state buffers " + b + " instances, but a mini-batch of "
                        + batchSize + " would already have been trained on");
            }
            if (state.bufferedInputs().length != (long) b * dimension) {
                throw new IllegalArgumentException("state buffers " + state.bufferedInputs().length
                        + " input values for " + b + " instances of dimension " + dimension);
            }
            if (!kernels.allFinite(state.bufferedInputs(), state.bufferedInputs().length)) {
                throw new IllegalArgumentException("buffered inputs contain NaN or infinity");
            }
            for (int i = 0; i < b; i++) {
                checkStoredTarget(state.bufferedTargets()[i]);
            }
            System.arraycopy(state.bufferedInputs(), 0, batchInputs, 0, b * dimension);
            System.arraycopy(state.bufferedTargets(), 0, batchTargets, 0, b);
            this.buffered = b;
            this.updates = state.updates();
        }
        int hidden = config.hiddenLayers().size();
        this.hiddenActivations = new float[hidden][];
        this.tracker = config.trackEvery() > 0 ? new DimensionalityTracker(config.hiddenLayers()) : null;
    }

    /** Rejects a target read from a snapshot that {@code learnOne} would not have accepted. */
    abstract void checkStoredTarget(float target);

    public final MlpConfig config() {
        return config;
    }

    public final Kernels kernels() {
        return network.kernels();
    }

    @Override
    public final Task task() {
        return config.task();
    }

    @Override
    public final int dimension() {
        return dimension;
    }

    @Override
    public final long updates() {
        return updates;
    }

    /** Optimiser steps taken (mini-batches trained on). */
    public final long steps() {
        return network.steps();
    }

    /** Instances waiting in the partly filled mini-batch. */
    public final int buffered() {
        return buffered;
    }

    /** Mean loss of the last mini-batch trained on (before its step), NaN before the first. */
    public final double lastLoss() {
        return lastLoss;
    }

    /** Weights and biases in all. */
    public final int parameterCount() {
        return network.parameterCount();
    }

    /** Bytes held in float arrays, the mini-batch buffer counted as scratch. */
    public final MlpMemory memory() {
        MlpMemory net = network.memory();
        long own = 4L * (batchInputs.length + batchTargets.length + single.length);
        return new MlpMemory(net.parameters(), net.gradients(), net.optimizerState(), net.scratch() + own);
    }

    /** Layer widths from input to output, e.g. {@code [5, 64, 64, 64, 1]}. */
    public final int[] layerSizes() {
        return network.layerSizes();
    }

    /** See {@link Mlp#forwardFlopsPerInstance()}. */
    public final long forwardFlopsPerInstance() {
        return network.forwardFlopsPerInstance();
    }

    /** The dimensionality tracker, when {@code trackEvery > 0}. */
    public final Optional<DimensionalityTracker> tracker() {
        return Optional.ofNullable(tracker);
    }

    /** The tracker's last measurement, if tracking is on and a measurement was taken. */
    public final Optional<DimensionalityReport> latestDimensionality() {
        return tracker == null ? Optional.empty() : Optional.ofNullable(tracker.latest());
    }

    /** Jumps the tracker has flagged (0 without tracking). */
    public final long dimensionalityJumps() {
        return tracker == null ? 0 : tracker.jumps();
    }

    /** A deep copy of the learned state, for snapshots and inspection. */
    public final MlpState state() {
        return new MlpState(updates, network.steps(), network.parameters(), network.firstMoments(),
                network.secondMoments(), Arrays.copyOf(batchInputs, buffered * dimension),
                Arrays.copyOf(batchTargets, buffered));
    }

    // ------------------------------------------------------------------------------------------------------------
    // Online learning

    /** The logits for one input, in a scratch buffer valid until the next network call. */
    final float[] logits(FeatureVector x) {
        checkInput(x);
        copyInput(x, single, 0);
        return network.forward(single, 1);
    }

    final OutputHead head() {
        return head;
    }

    /** Buffers a validated instance; trains on the buffer once it holds a mini-batch. */
    final void learn(FeatureVector x, float target) {
        copyInput(x, batchInputs, buffered * dimension);
        batchTargets[buffered] = target;
        buffered++;
        updates++;
        if (buffered == batchSize) {
            trainBatch(batchInputs, batchTargets, buffered);
            buffered = 0;
        }
    }

    /** One AdamW step on {@code count} rows, then a tracker measurement when one is due. */
    private double trainBatch(float[] inputs, float[] targets, int count) {
        double loss = network.computeGradients(inputs, targets, count, head);
        network.applyAdamW(learningRate, weightDecay, beta1, beta2, epsilon);
        lastLoss = loss;
        if (tracker != null && network.steps() % config.trackEvery() == 0) {
            for (int h = 0; h < hiddenActivations.length; h++) {
                hiddenActivations[h] = network.hiddenActivations(h + 1);
            }
            tracker.record(network.steps(), loss, network.gradientNorm(), hiddenActivations, count);
        }
        return loss;
    }

    private void copyInput(FeatureVector x, float[] dest, int off) {
        switch (x) {
            case DenseVector d -> System.arraycopy(d.values(), 0, dest, off, dimension);
            case SparseVector s -> {
                Arrays.fill(dest, off, off + dimension, 0f);
                int[] indices = s.indices();
                float[] values = s.values();
                for (int k = 0; k < indices.length; k++) {
                    dest[off + indices[k]] += values[k];
                }
            }
        }
    }

    /** Rejects input of the wrong dimension; prediction tolerates non-finite values (they propagate). */
    final void checkInput(FeatureVector x) {
        Objects.requireNonNull(x, "x");
        if (x.dimension() != dimension) {
            throw new IllegalArgumentException("expected dimension " + dimension + ", got " + x.dimension());
        }
    }

    /** Learning additionally rejects NaN and infinity: one bad record would otherwise poison every weight. */
    final void checkTrainingInput(FeatureVector x) {
        checkInput(x);
        if (!x.isFinite()) {
            throw new IllegalArgumentException("features contain NaN or infinity; refusing to learn from them");
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Replay

    /**
     * Batch/replay training on rows {@code inputs[i]} with targets {@code targets[i]} (already checked by the
     * caller). Every instance trained on, once per epoch, counts as one update.
     */
    final FitResult fitRows(float[][] inputs, float[] targets, FitOptions options) {
        Objects.requireNonNull(options, "options");
        int n = inputs.length;
        if (targets.length != n) {
            throw new IllegalArgumentException(n + " inputs but " + targets.length + " targets");
        }
        for (int i = 0; i < n; i++) {
            float[] row = Objects.requireNonNull(inputs[i], "inputs[" + i + "]");
            if (row.length != dimension) {
                throw new IllegalArgumentException("inputs[" + i + "]: expected dimension " + dimension + ", got "
                        + row.length);
            }
            if (!network.kernels().allFinite(row, dimension)) {
                throw new IllegalArgumentException("inputs[" + i + "] contains NaN or infinity");
            }
        }
        int validation = options.validationFraction() == 0 ? 0
                : (int) Math.min(n - 1, Math.max(1, Math.round(n * options.validationFraction())));
        int train = n - validation;
        if (train < 1) {
            throw new IllegalArgumentException("nothing to train on: " + n + " instances");
        }
        SplittableRandom random = new SplittableRandom(options.seed());
        int[] order = identity(n);
        shuffle(order, n, random);
        int[] validationRows = Arrays.copyOfRange(order, train, n);
        int[] trainRows = Arrays.copyOf(order, train);

        float[] xs = new float[batchSize * dimension];
        float[] ys = new float[batchSize];
        List<Double> trainLoss = new ArrayList<>();
        List<Double> validationLoss = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        Mlp bestNetwork = null;
        int sinceBest = 0;
        boolean stoppedEarly = false;
        int epoch = 0;
        while (epoch < options.maxEpochs()) {
            epoch++;
            shuffle(trainRows, train, random);
            double sum = 0;
            for (int start = 0; start < train; start += batchSize) {
                int count = Math.min(batchSize, train - start);
                for (int r = 0; r < count; r++) {
                    int row = trainRows[start + r];
                    System.arraycopy(inputs[row], 0, xs, r * dimension, dimension);
                    ys[r] = targets[row];
                }
                sum += trainBatch(xs, ys, count) * count;
                updates += count;
            }
            trainLoss.add(sum / train);
            if (validation > 0) {
                double loss = meanLoss(inputs, targets, validationRows);
                validationLoss.add(loss);
                if (loss < best) {
                    best = loss;
                    bestEpoch = epoch;
                    sinceBest = 0;
                    if (options.restoreBest()) {
                        if (bestNetwork == null) {
                            bestNetwork = network.copy();
                        } else {
                            bestNetwork.copyStateFrom(network);
                        }
                    }
                } else if (++sinceBest >= options.patience()) {
                    stoppedEarly = epoch < options.maxEpochs();
                    break;
                }
            }
        }
        if (bestNetwork != null && bestEpoch != epoch) {
            network.copyStateFrom(bestNetwork);
        }
        return new FitResult(epoch, bestEpoch, validation > 0 ? best : Double.NaN, trainLoss, validationLoss,
                stoppedEarly, train, validationRows);
    }

    /** Mean loss of the current network over the given rows, in chunks of 256. */
    private double meanLoss(float[][] inputs, float[] targets, int[] rows) {
        int chunk = 256;
        float[] xs = new float[chunk * dimension];
        float[] ys = new float[chunk];
        float[] scratch = new float[chunk * network.outputs()];
        double sum = 0;
        for (int start = 0; start < rows.length; start += chunk) {
            int count = Math.min(chunk, rows.length - start);
            for (int r = 0; r < count; r++) {
                System.arraycopy(inputs[rows[start + r]], 0, xs, r * dimension, dimension);
                ys[r] = targets[rows[start + r]];
            }
            float[] logits = network.forward(xs, count);
            sum += head.lossAndGradient(logits, ys, count, network.outputs(), scratch);
        }
        return sum / rows.length;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** Fisher-Yates on {@code a[0, n)}. */
    private static void shuffle(int[] a, int n, SplittableRandom random) {
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** The network itself, for tests in this package. */
    final Mlp network() {
        return network;
    }

    @Override
    public String toString() {
        return algorithm() + "[layers=" + Arrays.toString(network.layerSizes()) + ", activation="
                + config.activation().configName() + ", batch_size=" + batchSize + ", updates=" + updates
                + ", steps=" + network.steps() + ", kernels=" + network.kernels().name() + "]";
    }
}
