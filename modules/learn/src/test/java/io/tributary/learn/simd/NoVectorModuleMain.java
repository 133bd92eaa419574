package io.tributary.learn.simd;

import io.tributary.learn.Classifier;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Learners;
import io.tributary.learn.datasets.Hyperplane;
import io.tributary.learn.datasets.LabelledInstance;
import io.tributary.learn.snapshot.LearnerCodec;
import java.util.Map;

/** Run by {@link NoVectorModuleTest} in a JVM without the vector module; exits non-zero on any failure. */
public final class NoVectorModuleMain {

    private NoVectorModuleMain() {
    }

    public static void main(String[] args) {
        if (Kernels.vectorAvailable()) {
            throw new AssertionError("this check must run without jdk.incubator.vector");
        }
        try {
            Kernels.vector();
            throw new AssertionError("Kernels.vector() should have refused");
        } catch (IllegalStateException expected) {
            if (!expected.getMessage().contains("--add-modules")) {
                throw new AssertionError("unhelpful message: " + expected.getMessage());
            }
        }
        Classifier model = (Classifier) Learners.create(
                LearnerSpec.binary("logistic_regression", 10, Map.of("optimizer", "sgd")));
        Hyperplane stream = new Hyperplane(10, 1);
        for (int i = 0; i < 500; i++) {
            LabelledInstance li = stream.next();
            model.predictProbaOne(li.features());
            model.learnOne(li.features(), li.label());
        }
        LearnerCodec.decode(LearnerCodec.encode(model));
        // The version-2 learners too: Adam with L1 on the scalar kernels, and FTRL.
        for (String algorithm : new String[] {"logistic_regression", "ftrl"}) {
            Classifier other = (Classifier) Learners.create(LearnerSpec.binary(algorithm, 10,
                    algorithm.equals("ftrl") ? Map.of("l1", 0.1)
                            : Map.of("optimizer", "adam", "l1", 0.001, "class_weights", "balanced")));
            for (int i = 0; i < 500; i++) {
                LabelledInstance li = stream.next();
                other.predictProbaOne(li.features());
                other.learnOne(li.features(), li.label());
            }
            LearnerCodec.decode(LearnerCodec.encode(other));
        }
        // The MLP: its kernels, activations and exponential on the scalar path.
        io.tributary.learn.neural.MlpClassifier mlp = new io.tributary.learn.neural.MlpClassifier(
                io.tributary.learn.neural.MlpConfig.classification(10, 2, java.util.List.of(16, 16)).withBatchSize(4));
        for (int i = 0; i < 200; i++) {
            LabelledInstance li = stream.next();
            mlp.predictProbaOne(li.features());
            mlp.learnOne(li.features(), li.label());
        }
        System.out.println("OK kernels=" + Kernels.preferred().name());
    }
}
