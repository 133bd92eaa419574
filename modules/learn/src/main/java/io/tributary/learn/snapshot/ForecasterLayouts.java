package io.tributary.learn.snapshot;

import io.tributary.learn.OnlineLearner;
import io.tributary.learn.Task;
import io.tributary.learn.forecast.DLinear;
import io.tributary.learn.forecast.Forecaster;
import io.tributary.learn.forecast.ForecasterRegressor;
import io.tributary.learn.forecast.ForecasterState;
import io.tributary.learn.forecast.LagMlp;
import io.tributary.learn.forecast.NLinear;
import io.tributary.learn.forecast.SeasonalNaive;
import io.tributary.learn.forecast.WindowConfig;
import io.tributary.learn.forecast.WindowForecaster;
import io.tributary.learn.neural.MlpConfig;
import io.tributary.learn.simd.Kernels;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Format version 2's layouts for the forecasters ({@code nlinear}, {@code dlinear}, {@code lag_mlp},
 * {@code seasonal_naive}), stored as the {@link ForecasterRegressor} that the factory builds; described in
 * {@link LearnerCodec}.
 */
final class ForecasterLayouts {

    /** Most hidden layers a lag_mlp snapshot may declare; it bounds the allocation before the checksum is verified. */
    private static final int MAX_HIDDEN_LAYERS = 1024;

    private ForecasterLayouts() {
    }

    static boolean isForecaster(String algorithm) {
        return switch (algorithm) {
            case NLinear.ALGORITHM, DLinear.ALGORITHM, LagMlp.ALGORITHM, SeasonalNaive.ALGORITHM -> true;
            default -> false;
        };
    }

    static byte[] encode(ForecasterRegressor regressor) {
        Forecaster f = regressor.forecaster();
        ForecasterState s = switch (f) {
            case WindowForecaster w -> w.state();
            case SeasonalNaive n -> n.state();
            default -> throw new IllegalArgumentException("cannot encode forecaster " + f.getClass().getName());
        };
        long size = LearnerCodec.headerV2Size(f.algorithm()) + 4 + 4;
        if (f instanceof WindowForecaster) {
            size += 8 + 4;
        }
        if (f instanceof DLinear) {
            size += 4;
        }
        if (f instanceof LagMlp m) {
            size += 4 + 4L * m.hidden().size() + 8;
        }
        size += 8 + 8 + 8 + 4 + 8L * s.history().length + 12L * s.parameters().length + 4;
        ByteBuffer buf = LearnerCodec.allocate(size);
        LearnerCodec.putHeaderV2(buf, f.algorithm(), Task.REGRESSION, 1, 1);
        buf.putInt(f.inputSize());
        buf.putInt(f.horizon());
        if (f instanceof WindowForecaster w) {
            buf.putDouble(w.config().learningRate());
            buf.putInt(w.config().replay());
        }
        if (f instanceof DLinear d) {
            buf.putInt(d.kernel());
        }
        if (f instanceof LagMlp m) {
            buf.putInt(m.hidden().size());
            for (int width : m.hidden()) {
                buf.putInt(width);
            }
            buf.putLong(m.seed());
        }
        buf.putLong(s.updates());
        buf.putLong(s.steps());
        buf.putDouble(s.absDiffSum());
        buf.putInt(s.history().length);
        for (double p : s.history()) {
            buf.putDouble(p);
        }
        LearnerCodec.putFloats(buf, s.parameters());
        LearnerCodec.putFloats(buf, s.firstMoments());
        LearnerCodec.putFloats(buf, s.secondMoments());
        return LearnerCodec.finish(buf);
    }

    static OnlineLearner decode(byte[] bytes, ByteBuffer buf, Kernels kernels, String algorithm, Task task,
            int dimension, int numClasses) {
        LearnerCodec.expectTask(algorithm, task, Task.REGRESSION);
        if (dimension != 1 || numClasses != 1) {
            throw new IllegalArgumentException("corrupted learner snapshot: a " + algorithm + " snapshot says dimension "
                    + dimension + " and " + numClasses + " classes, expected 1 and 1");
        }
        int inputSize = buf.getInt();
        int horizon = buf.getInt();
        boolean learning = !algorithm.equals(SeasonalNaive.ALGORITHM);
        double learningRate = learning ? buf.getDouble() : 0;
        int replay = learning ? buf.getInt() : 0;
        int kernel = algorithm.equals(DLinear.ALGORITHM) ? buf.getInt() : 0;
        List<Integer> hidden = List.of();
        long seed = 0;
        if (algorithm.equals(LagMlp.ALGORITHM)) {
            int layers = buf.getInt();
            if (layers < 1 || layers > MAX_HIDDEN_LAYERS) {
                throw new IllegalArgumentException("corrupted learner snapshot: " + layers + " hidden layers");
            }
            if (buf.remaining() < 4L * layers) {
                throw new IllegalArgumentException("truncated learner snapshot (" + bytes.length + " bytes)");
            }
            List<Integer> widths = new ArrayList<>(layers);
            for (int i = 0; i < layers; i++) {
                widths.add(buf.getInt());
            }
            hidden = widths;
            seed = buf.getLong();
        }
        long updates = buf.getLong();
        long steps = buf.getLong();
        double absDiffSum = buf.getDouble();
        int points = buf.getInt();
        // Every size is validated against the configuration before anything large is allocated.
        WindowConfig config = null;
        long parameters = 0;
        long capacity;
        try {
            if (learning) {
                config = new WindowConfig(inputSize, horizon, learningRate, replay);
                capacity = (long) inputSize + horizon + replay;
                parameters = switch (algorithm) {
                    case NLinear.ALGORITHM -> NLinear.parameterCount(config);
                    case DLinear.ALGORITHM -> DLinear.parameterCount(config);
                    default -> {
                        for (int w : hidden) {
                            if (w < 1 || w > MlpConfig.MAX_WIDTH) {
                                throw new IllegalArgumentException("hidden layer width " + w);
                            }
                        }
                        yield LagMlp.parameterCount(config, hidden);
                    }
                };
                if (parameters > MlpConfig.MAX_PARAMETERS) {
                    throw new IllegalArgumentException(parameters + " parameters");
                }
            } else {
                if (inputSize < 1 || inputSize > SeasonalNaive.MAX_PERIOD) {
                    throw new IllegalArgumentException("period " + inputSize);
                }
                capacity = inputSize;
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid learner snapshot: " + e.getMessage(), e);
        }
        if (updates < 0 || points != Math.min(updates, capacity)) {
            throw new IllegalArgumentException("corrupted learner snapshot: " + points + " stored points for "
                    + updates + " seen and a history of " + capacity);
        }
        LearnerCodec.checkLengthAndChecksum(bytes, buf.position() + 8L * points + 12 * parameters + 4);
        double[] history = new double[points];
        for (int i = 0; i < points; i++) {
            history[i] = buf.getDouble();
        }
        float[] params = LearnerCodec.getFloats(buf, (int) parameters);
        float[] m = LearnerCodec.getFloats(buf, (int) parameters);
        float[] v = LearnerCodec.getFloats(buf, (int) parameters);
        try {
            ForecasterState state = new ForecasterState(updates, steps, absDiffSum, history, params, m, v);
            Forecaster f = switch (algorithm) {
                case NLinear.ALGORITHM -> NLinear.restore(config, state, kernels);
                case DLinear.ALGORITHM -> DLinear.restore(config, kernel, state, kernels);
                case LagMlp.ALGORITHM -> LagMlp.restore(config, hidden, seed, state, kernels);
                default -> SeasonalNaive.restore(inputSize, horizon, state);
            };
            return new ForecasterRegressor(f);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid learner snapshot: " + e.getMessage(), e);
        }
    }
}
