package io.tributary.bench;

import io.tributary.learn.DenseVector;
import io.tributary.learn.datasets.Hyperplane;
import io.tributary.learn.datasets.LabelledInstance;
import io.tributary.learn.linear.LinearConfig;
import io.tributary.learn.linear.LogisticRegression;
import io.tributary.learn.linear.Optimizer;
import io.tributary.learn.simd.Kernels;
import java.util.Locale;

/**
 * A target for a sampling profiler: {@link KernelBenchmark#learnOneSgd} / {@code learnOneAdagrad} as a plain loop
 * (same learner, same 256-instance pool, same pre-training), run for a fixed time after a warm-up, so that
 * {@code perf} sees nothing but steady-state {@code learnOne} calls. Prints the time per call, which is only a
 * rough figure: JMH's numbers are the ones to quote.
 *
 * <pre>
 * perf record -e cpu-clock -F 20000 -o learnone.data -- java --add-modules jdk.incubator.vector \
 *     -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit \
 *     -cp modules/bench/target/tributary-bench.jar io.tributary.bench.LearnOneProfile 100 vector sgd 4
 * perf report -i learnone.data --sort sym
 * </pre>
 *
 * Arguments: dimension, {@code scalar} or {@code vector}, {@code sgd} or {@code adagrad}, seconds to measure.
 */
public final class LearnOneProfile {

    private LearnOneProfile() {}

    public static void main(String[] args) {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: LearnOneProfile <d> <scalar|vector> <sgd|adagrad> <seconds>");
        }
        int d = Integer.parseInt(args[0]);
        Kernels kernels = switch (args[1]) {
            case "scalar" -> Kernels.scalar();
            case "vector" -> Kernels.vector();
            default -> throw new IllegalArgumentException("kernels must be scalar or vector, got " + args[1]);
        };
        Optimizer optimizer = Optimizer.fromConfigName(args[2]);
        double seconds = Double.parseDouble(args[3]);

        Hyperplane stream = new Hyperplane(d, 42L);
        DenseVector[] xs = new DenseVector[KernelBenchmark.POOL];
        int[] ys = new int[KernelBenchmark.POOL];
        for (int j = 0; j < KernelBenchmark.POOL; j++) {
            LabelledInstance instance = stream.next();
            xs[j] = instance.features();
            ys[j] = instance.label();
        }
        LogisticRegression model = new LogisticRegression(
                LinearConfig.binary(d).withOptimizer(optimizer).withL2(1e-4), kernels);
        int batch = 100_000;
        for (int round = 0; round < 30; round++) { // warm-up: pre-training as in the benchmark, and C2
            run(model, xs, ys, batch);
        }
        long start = System.nanoTime();
        long calls = 0;
        while (System.nanoTime() - start < seconds * 1e9) {
            run(model, xs, ys, batch);
            calls += batch;
        }
        double ns = (System.nanoTime() - start) / (double) calls;
        System.out.printf(Locale.ROOT, "%s, d = %d, %s: %.1f ns per learnOne (%d calls, %d updates in all)%n",
                kernels.name(), d, optimizer.configName(), ns, calls, model.updates());
    }

    private static void run(LogisticRegression model, DenseVector[] xs, int[] ys, int calls) {
        int mask = xs.length - 1;
        for (int t = 0; t < calls; t++) {
            model.learnOne(xs[t & mask], ys[t & mask]);
        }
    }
}
