package io.tributary.bench;

import io.tributary.learn.forecast.DLinear;
import io.tributary.learn.forecast.Forecaster;
import io.tributary.learn.forecast.LagMlp;
import io.tributary.learn.forecast.NLinear;
import io.tributary.learn.forecast.WindowConfig;
import io.tributary.learn.simd.Kernels;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The online forecasters' costs, warm: one forecast of the next {@code horizon} points from the series' own window
 * ({@code forecastOne}, microseconds), forecasts for a batch of 256 explicit windows through one model in one call
 * ({@code forecastBatch256}, microseconds per batch), and training ({@code learnOne}: absorb one point and take one
 * Adam step on the newest (window, future) pair; points per second).
 *
 * <p>Shapes: input window 96, horizon 24 (a common long-horizon setting of the DLinear paper's benchmarks, scaled
 * down), DLinear kernel 25, LagMlp one hidden layer of 64; replay 0. The series is a noisy seasonal signal generated
 * once; the forecaster is trained on 2 000 points before measuring, so every call trains.
 *
 * <p>Short runs (2 x 1 s warm-up, 3 x 1 s measurement, 1 fork) on a shared two-core machine. Run with
 * {@code java -jar modules/bench/target/tributary-bench.jar ForecastBenchmark -rf json -rff bench/results/forecast.json}.
 */
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class ForecastBenchmark {

    static final int INPUT = 96;
    static final int HORIZON = 24;
    static final int BATCH = 256;
    /** Length of the pre-generated series (a power of two, cycled through). */
    static final int SERIES = 1 << 16;

    @Param({"nlinear", "dlinear", "lag_mlp"})
    public String algorithm;

    private Forecaster forecaster;
    private double[] series;
    private double[] windows;
    private double[] out;
    private double[] batchOut;
    private int t;

    @Setup(Level.Trial)
    public void setUp() {
        WindowConfig config = new WindowConfig(INPUT, HORIZON,
                algorithm.equals("lag_mlp") ? LagMlp.DEFAULT_LEARNING_RATE : NLinear.DEFAULT_LEARNING_RATE, 0);
        Kernels k = Kernels.preferred();
        forecaster = switch (algorithm) {
            case "nlinear" -> new NLinear(config, k);
            case "dlinear" -> new DLinear(config, DLinear.DEFAULT_KERNEL, k);
            case "lag_mlp" -> new LagMlp(config, List.of(64), 42, k);
            default -> throw new IllegalArgumentException("unknown algorithm " + algorithm);
        };
        SplittableRandom random = new SplittableRandom(7);
        series = new double[SERIES];
        for (int i = 0; i < SERIES; i++) {
            series[i] = 100 + 0.01 * i + 10 * Math.sin(2 * Math.PI * i / 24) + random.nextGaussian();
        }
        for (t = 0; t < 2000; t++) {
            forecaster.learnOne(series[t]);
        }
        windows = new double[BATCH * INPUT];
        for (int r = 0; r < BATCH; r++) {
            System.arraycopy(series, 3000 + 37 * r, windows, r * INPUT, INPUT);
        }
        out = new double[HORIZON];
        batchOut = new double[BATCH * HORIZON];
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public double[] forecastOne() {
        forecaster.forecast(out);
        return out;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public double[] forecastBatch256() {
        forecaster.forecast(windows, BATCH, batchOut);
        return batchOut;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long learnOne() {
        forecaster.learnOne(series[t++ & (SERIES - 1)]);
        return forecaster.trainingSteps();
    }
}
