package io.tributary.bench;

import io.tributary.learn.DenseVector;
import io.tributary.learn.datasets.Hyperplane;
import io.tributary.learn.datasets.LabelledInstance;
import io.tributary.learn.linear.LinearConfig;
import io.tributary.learn.linear.LogisticRegression;
import io.tributary.learn.linear.Optimizer;
import io.tributary.learn.simd.Kernels;
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
 * The learners' hot loops, Vector API against plain loops: a dot product, the SGD and AdaGrad step kernels on
 * their own, and one logistic-regression {@code learnOne} (input checks, a dot for the margin, the sigmoid, then one
 * SGD or AdaGrad step) on a dense vector, at d = 10, 16 (the demo's model), 100 and 1000. Comparing {@code learnOne}
 * with {@code dot} + step shows what the learner adds around the kernels.
 *
 * <p>Inputs cycle through a fixed pool of rotating-hyperplane instances, so the branch predictor and the learner
 * see varying data and the model does not sit on one saturated example. The pool is small enough (256 vectors,
 * 1 MiB at d = 1000) to stay in L2, which is what a stream processor's working set looks like too.
 *
 * <p>Short runs on purpose (2 × 1 s warm-up, 3 × 1 s measurement, 1 fork): the machine these numbers come from has
 * two cores. Run with {@code java -jar modules/bench/target/tributary-bench.jar KernelBenchmark}; the forked JVMs
 * get {@code --add-modules jdk.incubator.vector} from {@link Fork#jvmArgsAppend()}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class KernelBenchmark {

    /** Number of distinct instances the benchmarks cycle through (a power of two). */
    static final int POOL = 256;

    @Param({"10", "16", "100", "1000"})
    public int d;

    @Param({"scalar", "vector"})
    public String kernels;

    private Kernels k;
    private float[] w;
    private float[] stepW;
    private float[] acc;
    private float[][] xs;
    private DenseVector[] vectors;
    private int[] labels;
    private LogisticRegression sgd;
    private LogisticRegression adagrad;
    private int i;

    @Setup(Level.Trial)
    public void setUp() {
        k = switch (kernels) {
            case "scalar" -> Kernels.scalar();
            case "vector" -> Kernels.vector();
            default -> throw new IllegalArgumentException("kernels must be scalar or vector, got " + kernels);
        };
        Hyperplane stream = new Hyperplane(d, 42L);
        xs = new float[POOL][];
        vectors = new DenseVector[POOL];
        labels = new int[POOL];
        for (int j = 0; j < POOL; j++) {
            LabelledInstance instance = stream.next();
            xs[j] = instance.x();
            vectors[j] = instance.features();
            labels[j] = instance.label();
        }
        w = new Hyperplane(d, 7L).next().x();
        stepW = w.clone();
        acc = new float[d];
        sgd = new LogisticRegression(LinearConfig.binary(d).withOptimizer(Optimizer.SGD).withL2(1e-4), k);
        adagrad = new LogisticRegression(LinearConfig.binary(d).withOptimizer(Optimizer.ADAGRAD).withL2(1e-4), k);
        // Train a little first, so the measured updates start from a model in its working regime, not from zeros.
        for (int j = 0; j < 4 * POOL; j++) {
            sgd.learnOne(vectors[j & (POOL - 1)], labels[j & (POOL - 1)]);
            adagrad.learnOne(vectors[j & (POOL - 1)], labels[j & (POOL - 1)]);
        }
        System.out.println("# kernels: " + k.name() + ", d = " + d);
    }

    private int next() {
        int j = i;
        i = (j + 1) & (POOL - 1);
        return j;
    }

    /** {@code w . x}. */
    @Benchmark
    public float dot() {
        return k.dot(w, xs[next()], d);
    }

    /** The SGD step kernel alone ({@code w -= lr * (g * x + l2 * w)}); the sign of {@code g} alternates. */
    @Benchmark
    public float[] sgdStep() {
        int j = next();
        k.sgdStep(stepW, xs[j], (j & 1) == 0 ? 0.3f : -0.3f, 0.01f, 1e-4f, d);
        return stepW;
    }

    /** The AdaGrad step kernel alone (accumulate the squared gradient, divide the step by its root). */
    @Benchmark
    public float[] adagradStep() {
        int j = next();
        k.adagradStep(stepW, acc, xs[j], (j & 1) == 0 ? 0.3f : -0.3f, 0.05f, 1e-4f, 1e-8f, d);
        return stepW;
    }

    /** Logistic regression, one SGD update: margin (dot), sigmoid, {@code sgdStep}, intercept. */
    @Benchmark
    public long learnOneSgd() {
        int j = next();
        sgd.learnOne(vectors[j], labels[j]);
        return sgd.updates();
    }

    /** Logistic regression, one AdaGrad update: margin (dot), sigmoid, {@code adagradStep}, intercept. */
    @Benchmark
    public long learnOneAdagrad() {
        int j = next();
        adagrad.learnOne(vectors[j], labels[j]);
        return adagrad.updates();
    }
}
