package io.tributary.learn.forecast;

import io.tributary.learn.neural.Activation;
import io.tributary.learn.neural.Mlp;
import io.tributary.learn.neural.MlpConfig;
import io.tributary.learn.simd.Kernels;
import java.util.List;
import java.util.Objects;

/**
 * A multi-layer perceptron over the lag window: the {@link Mlp} of {@code io.tributary.learn.neural} with layers
 * {@code input_size -> hidden... -> horizon}, SiLU hidden layers and a linear output, reading the normalised window
 * (see {@link WindowForecaster}) and predicting the normalised next {@code horizon} points, trained by Adam (no
 * weight decay) on the squared error, one step per new point (plus {@link WindowConfig#replay()} earlier pairs). The
 * output layer starts small (Glorot initialisation), so early forecasts are close to the naive one.
 */
public final class LagMlp extends WindowForecaster {

    /** The algorithm's name in configs and snapshots. */
    public static final String ALGORITHM = "lag_mlp";
    /** One hidden layer of 32. */
    public static final List<Integer> DEFAULT_HIDDEN = List.of(32);
    /** Adam's default step size. */
    public static final double DEFAULT_LEARNING_RATE = 0.001;
    /** Seeds the weight initialisation by default. */
    public static final long DEFAULT_SEED = 42;
    static final Activation ACTIVATION = Activation.SILU;

    private final List<Integer> hidden;
    private final long seed;
    private final Mlp network;

    public LagMlp(WindowConfig config, List<Integer> hidden, long seed, Kernels kernels) {
        this(config, hidden, seed, kernels, null);
    }

    private LagMlp(WindowConfig config, List<Integer> hidden, long seed, Kernels kernels, ForecasterState state) {
        super(config, kernels, state);
        this.hidden = List.copyOf(Objects.requireNonNull(hidden, "hidden"));
        if (this.hidden.isEmpty()) {
            throw new IllegalArgumentException("hidden must list at least one layer width (without one the model is"
                    + " linear: use nlinear)");
        }
        for (int w : this.hidden) {
            if (w < 1 || w > MlpConfig.MAX_WIDTH) {
                throw new IllegalArgumentException("hidden layer widths must be in [1, " + MlpConfig.MAX_WIDTH
                        + "], got " + this.hidden);
            }
        }
        this.seed = seed;
        int[] sizes = layerSizes(config, this.hidden);
        this.network = state == null ? new Mlp(sizes, ACTIVATION, seed, kernels)
                : Mlp.restore(sizes, ACTIVATION, kernels, state.parameters(), state.firstMoments(),
                        state.secondMoments(), state.steps());
    }

    /** A LagMlp with the given learned state (copied), continuing exactly where that one stopped. */
    public static LagMlp restore(WindowConfig config, List<Integer> hidden, long seed, ForecasterState state,
            Kernels kernels) {
        return new LagMlp(config, hidden, seed, kernels, Objects.requireNonNull(state, "state"));
    }

    static int[] layerSizes(WindowConfig config, List<Integer> hidden) {
        int[] sizes = new int[hidden.size() + 2];
        sizes[0] = config.inputSize();
        for (int i = 0; i < hidden.size(); i++) {
            sizes[i + 1] = hidden.get(i);
        }
        sizes[sizes.length - 1] = config.horizon();
        return sizes;
    }

    /** Parameters of a LagMlp with these layers. */
    public static long parameterCount(WindowConfig config, List<Integer> hidden) {
        return MlpConfig.parameterCount(layerSizes(config, hidden));
    }

    public List<Integer> hidden() {
        return hidden;
    }

    public long seed() {
        return seed;
    }

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    @Override
    public long trainingSteps() {
        return network.steps();
    }

    @Override
    void predict(float[] window, float[] out) {
        System.arraycopy(network.forward(window, 1), 0, out, 0, horizon());
    }

    @Override
    void predict(float[] windows, int count, float[] out) {
        System.arraycopy(network.forward(windows, count), 0, out, 0, count * horizon());
    }

    @Override
    void train(float[] window, float[] target, float learningRate) {
        network.computeSquaredLossGradients(window, target, 1);
        network.applyAdamW(learningRate, 0f, WindowConfig.BETA1, WindowConfig.BETA2, WindowConfig.EPSILON);
    }

    @Override
    float[] parameters() {
        return network.parameters();
    }

    @Override
    float[] firstMoments() {
        return network.firstMoments();
    }

    @Override
    float[] secondMoments() {
        return network.secondMoments();
    }
}
