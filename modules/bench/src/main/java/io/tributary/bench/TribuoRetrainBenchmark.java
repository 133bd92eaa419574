package io.tributary.bench;

import io.tributary.learn.LearnerSpec;
import io.tributary.learn.datasets.Hyperplane;
import io.tributary.learn.datasets.LabelledInstance;
import io.tributary.tribuo.TribuoClassifier;
import io.tributary.tribuo.TribuoConfig;
import io.tributary.tribuo.TribuoModels;
import java.util.Map;
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
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * How long a {@code tributary-tribuo} retrain takes, per trainer and window size (500, 2000, 8000 events of the
 * rotating-hyperplane stream, d = 10, binary, each trainer at its module defaults).
 *
 * <ul>
 *   <li>{@code retrain}: the whole background job of one retrain, timed through the public API: a synchronous
 *       learner whose window holds {@code window - 1} events (filled before timing) learns the {@code window}-th,
 *       which triggers the retrain inline: copying the window, converting it to a Tribuo dataset with the stable
 *       feature names, training, serialising the model to protobuf and swapping it in.</li>
 *   <li>{@code serialize}: only the protobuf serialisation of a model trained on such a window, so that
 *       {@code retrain - serialize} is the conversion plus training.</li>
 * </ul>
 *
 * <p>{@code java -jar modules/bench/target/tributary-bench.jar TribuoRetrainBenchmark -rf json
 * -rff bench/results/tribuo-retrain.json}, then {@link PlotTribuoRetrain} for the chart and table.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Xms2g", "-Xmx2g"})
public class TribuoRetrainBenchmark {

    static final int D = 10;
    static final long SEED = 42;

    @Param({"linear_sgd", "logistic_regression", "cart", "random_forest", "xgboost"})
    public String trainer;

    @Param({"500", "2000", "8000"})
    public int window;

    LabelledInstance[] events;
    private Model<Label> trained;

    /** A synchronous learner that trains exactly once, when its window is full; no held-out evaluation. */
    static TribuoClassifier learner(String trainer, int window) {
        return new TribuoClassifier(TribuoConfig.parse(LearnerSpec.binary("tribuo", D, Map.of("trainer", trainer,
                "window", window, "min_train", window, "retrain_every", Integer.MAX_VALUE, "eval_events", 0,
                "synchronous", true))));
    }

    static LabelledInstance[] stream(int n) {
        Hyperplane h = new Hyperplane(D, SEED);
        LabelledInstance[] out = new LabelledInstance[n];
        for (int i = 0; i < n; i++) {
            out[i] = h.next();
        }
        return out;
    }

    @Setup(Level.Trial)
    public void trial() {
        events = stream(window);
        TribuoClassifier c = learner(trainer, window);
        for (LabelledInstance li : events) {
            c.learnOne(li.features(), li.label());
        }
        trained = c.currentModel().orElseThrow();
    }

    /** A learner one event short of its first retrain, rebuilt before every {@code retrain} call (not timed). */
    @State(Scope.Thread)
    public static class Filled {
        TribuoClassifier learner;
        LabelledInstance last;

        @Setup(Level.Invocation)
        public void fill(TribuoRetrainBenchmark b) {
            learner = learner(b.trainer, b.window);
            for (int i = 0; i < b.window - 1; i++) {
                learner.learnOne(b.events[i].features(), b.events[i].label());
            }
            last = b.events[b.window - 1];
        }
    }

    @Benchmark
    public long retrain(Filled f) {
        f.learner.learnOne(f.last.features(), f.last.label());
        if (f.learner.modelVersion() != 1) {
            throw new IllegalStateException("the retrain failed: " + f.learner.lastFailure());
        }
        return f.learner.modelVersion();
    }

    @Benchmark
    public byte[] serialize() {
        return TribuoModels.toProtobuf(trained);
    }
}
