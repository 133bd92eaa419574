package io.tributary.bench;

import io.tributary.learn.Classifier;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Learners;
import io.tributary.learn.datasets.Hyperplane;
import io.tributary.learn.hashing.FeatureHasher;
import io.tributary.learn.snapshot.LearnerCodec;
import io.tributary.streams.state.ModelStateStore;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.state.Stores;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-record cost of keeping a model's state (issue 6), for a dense logistic model at d = 100 and an FTRL model
 * over 2^20 hashed coordinates (30 active per event, trained on 80 000 events first):
 * <ul>
 *   <li>{@code learn}: the learning update alone, the floor;</li>
 *   <li>{@code learnThenEncode}: the first design, a full snapshot encoded after every labelled record;</li>
 *   <li>{@code learnThenMarkDirty}: the current design, {@link ModelStateStore#markDirty} after every record;</li>
 *   <li>{@code encodeAtCommit}: what the current design pays once per commit and changed model instead.</li>
 * </ul>
 * Per record, the current design costs {@code learnThenMarkDirty + encodeAtCommit / records per commit}.
 *
 * <p>{@code java -jar modules/bench/target/tributary-bench.jar StatePersistenceBenchmark -rf json -rff bench/results/state-persistence.json}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class StatePersistenceBenchmark {

    static final int POOL = 4096;

    @Param({"dense_d100", "ftrl_2^20"})
    public String model;

    private Classifier learner;
    private FeatureVector[] xs;
    private int[] ys;
    private int next;
    private ModelStateStore store;

    @Setup
    public void setUp() {
        xs = new FeatureVector[POOL];
        ys = new int[POOL];
        if (model.equals("dense_d100")) {
            Hyperplane stream = new Hyperplane(100, 3L);
            for (int i = 0; i < POOL; i++) {
                var li = stream.next();
                xs[i] = li.features();
                ys[i] = li.label();
            }
            learner = (Classifier) Learners.create(LearnerSpec.binary("logistic_regression", 100,
                    Map.of("optimizer", "adagrad", "learning_rate", 0.5)));
        } else {
            FeatureHasher hasher = new FeatureHasher(20);
            SplittableRandom random = new SplittableRandom(20);
            for (int i = 0; i < POOL; i++) {
                Map<String, Object> e = new HashMap<>();
                for (int f = 0; f < 10; f++) {
                    e.put("field" + f, "v" + random.nextInt(new int[] {10, 30, 100, 300, 1000, 3000, 10_000, 30_000, 100_000, 50}[f]));
                }
                for (int f = 0; f < 20; f++) {
                    e.put("num" + f, random.nextGaussian());
                }
                xs[i] = hasher.transform(e);
                ys[i] = random.nextInt(2);
            }
            learner = (Classifier) Learners.create(LearnerSpec.binary("ftrl", 1 << 20, Map.of("alpha", 0.1, "l1", 1.0)));
        }
        for (int i = 0; i < 20 * POOL; i++) {
            learner.learnOne(xs[i % POOL], ys[i % POOL]);
        }
        // Never flushed here: the benchmark measures what a record pays, the commit's encode is measured apart.
        store = new ModelStateStore(Stores.inMemoryKeyValueStore("bench").get());
    }

    private int nextIndex() {
        int i = next;
        next = (next + 1) & (POOL - 1);
        return i;
    }

    @Benchmark
    public long learn() {
        int i = nextIndex();
        learner.learnOne(xs[i], ys[i]);
        return learner.updates();
    }

    @Benchmark
    public byte[] learnThenEncode() {
        int i = nextIndex();
        learner.learnOne(xs[i], ys[i]);
        return LearnerCodec.encode(learner);
    }

    @Benchmark
    public long learnThenMarkDirty() {
        int i = nextIndex();
        learner.learnOne(xs[i], ys[i]);
        store.markDirty("model", this::encode);
        return learner.updates();
    }

    @Benchmark
    public byte[] encodeAtCommit() {
        return encode();
    }

    private byte[] encode() {
        return LearnerCodec.encode(learner);
    }
}
