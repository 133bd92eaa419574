package io.tributary.bench;

import io.tributary.learn.Classifier;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Learners;
import io.tributary.learn.SparseVector;
import io.tributary.learn.hashing.FeatureHasher;
import io.tributary.learn.snapshot.LearnerCodec;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * FTRL-Proximal on 2^20 hashed features with 30 active per event (issue 3's sparse benchmark), on click-like events:
 * 10 categorical fields ({@code field=value}, vocabularies of 10 to 100 000) and 20 numeric ones. Measures hashing a
 * named event, FTRL's predict and learnOne on the hashed vector, both together, and the cost of encoding the whole
 * model: the processor currently writes a snapshot after every labelled event, so that last number is its
 * per-record persistence cost for such a model (what issue 6 must remove).
 *
 * <p>Run with {@code java -jar modules/bench/target/tributary-bench.jar FtrlBenchmark -rf json -rff bench/results/ftrl.json}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class FtrlBenchmark {

    static final int BITS = 20;
    static final int POOL = 4096;

    private final FeatureHasher hasher = new FeatureHasher(BITS);
    private Map<String, Object>[] events;
    private SparseVector[] hashed;
    private int[] labels;
    private Classifier model;
    private int next;

    @Setup
    @SuppressWarnings("unchecked")
    public void setUp() {
        SplittableRandom random = new SplittableRandom(20);
        int[] vocabulary = {10, 30, 100, 300, 1000, 3000, 10_000, 30_000, 100_000, 50};
        events = new Map[POOL];
        hashed = new SparseVector[POOL];
        labels = new int[POOL];
        for (int i = 0; i < POOL; i++) {
            Map<String, Object> e = new HashMap<>();
            double score = -1;
            for (int f = 0; f < vocabulary.length; f++) {
                int v = random.nextInt(vocabulary[f]);
                e.put("field" + f, "v" + v);
                score += (v % 7 == 0) ? 0.8 : 0; // a few values of every field raise the click rate
            }
            for (int f = 0; f < 20; f++) {
                e.put("num" + f, random.nextGaussian());
            }
            events[i] = e;
            hashed[i] = hasher.transform(e);
            labels[i] = random.nextDouble() < 1 / (1 + Math.exp(-score)) ? 1 : 0;
        }
        model = (Classifier) Learners.create(LearnerSpec.binary("ftrl", 1 << BITS, Map.of("alpha", 0.1, "l1", 1.0)));
        for (int i = 0; i < 20 * POOL; i++) { // a trained model: its snapshot has realistic occupancy
            model.learnOne(hashed[i % POOL], labels[i % POOL]);
        }
    }

    private int nextIndex() {
        int i = next;
        next = (next + 1) & (POOL - 1);
        return i;
    }

    @Benchmark
    public SparseVector hashEvent() {
        return hasher.transform(events[nextIndex()]);
    }

    @Benchmark
    public float[] predictHashed() {
        return model.predictProbaOne(hashed[nextIndex()]);
    }

    @Benchmark
    public long learnOneHashed() {
        int i = nextIndex();
        model.learnOne(hashed[i], labels[i]);
        return model.updates();
    }

    @Benchmark
    public long hashThenLearnOne() {
        int i = nextIndex();
        model.learnOne(hasher.transform(events[i]), labels[i]);
        return model.updates();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public byte[] encodeSnapshot() {
        return LearnerCodec.encode(model);
    }
}
