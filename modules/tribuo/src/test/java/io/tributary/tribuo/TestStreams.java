package io.tributary.tribuo;

import io.tributary.learn.DenseVector;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Learners;
import io.tributary.learn.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded streams and small helpers shared by the tests. */
final class TestStreams {

    private TestStreams() {
    }

    /** One labelled event. */
    record Event(DenseVector x, double y) {
        int label() {
            return (int) y;
        }
    }

    /** XOR on [-1, 1]^2: class 1 when the coordinates share a sign. No linear model does better than chance. */
    static List<Event> xor(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Event> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float a = (float) (rng.nextDouble() * 2 - 1);
            float b = (float) (rng.nextDouble() * 2 - 1);
            out.add(new Event(DenseVector.of(a, b), a * b > 0 ? 1 : 0));
        }
        return out;
    }

    /** Three classes by distance from the origin on [-1, 1]^2: r < 0.45, r < 0.85, beyond. */
    static List<Event> rings(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Event> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float a = (float) (rng.nextDouble() * 2 - 1);
            float b = (float) (rng.nextDouble() * 2 - 1);
            double r = Math.hypot(a, b);
            out.add(new Event(DenseVector.of(a, b), r < 0.45 ? 0 : r < 0.85 ? 1 : 2));
        }
        return out;
    }

    /** y = 2 x0 - 3 x1 + 0.5 + N(0, noise^2), x uniform on [-1, 1]^2. */
    static List<Event> linear(int n, double noise, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Event> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float a = (float) (rng.nextDouble() * 2 - 1);
            float b = (float) (rng.nextDouble() * 2 - 1);
            double gauss = Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
            out.add(new Event(DenseVector.of(a, b), 2 * a - 3 * b + 0.5 + noise * gauss));
        }
        return out;
    }

    /** A synchronous Tribuo learner built through Learners (the SPI path), with the given extra settings. */
    static TribuoLearner<?> learner(Task task, int d, int k, Object... keyValues) {
        Map<String, Object> hp = new LinkedHashMap<>();
        hp.put(TribuoConfig.SYNCHRONOUS, true);
        for (int i = 0; i < keyValues.length; i += 2) {
            hp.put((String) keyValues[i], keyValues[i + 1]);
        }
        return (TribuoLearner<?>) Learners.create(new LearnerSpec("tribuo", task, d,
                task == Task.MULTICLASS_CLASSIFICATION ? k : 0, hp));
    }

    static TribuoClassifier classifier(Object... keyValues) {
        return (TribuoClassifier) learner(Task.BINARY_CLASSIFICATION, 2, 2, keyValues);
    }

    static TribuoRegressor regressor(Object... keyValues) {
        return (TribuoRegressor) learner(Task.REGRESSION, 2, 1, keyValues);
    }
}
