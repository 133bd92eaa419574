package io.tributary.learn.mixing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.learn.Classifier;
import io.tributary.learn.DenseVector;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Learners;
import io.tributary.learn.transform.TransformSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MixingTest {

    @Test
    void fedAvgIsTheWeightedMean() {
        float[] a = {1, 2, 3};
        float[] b = {4, -2, 0};
        float[] c = {0, 0, 9};
        float[] mean = Aggregator.fedAvg().aggregate(List.of(a, b, c), new long[] {1, 3, 0});
        // By hand: (1*a + 3*b + 0*c) / 4.
        assertArrayEquals(new float[] {(1 + 12) / 4f, (2 - 6) / 4f, 3 / 4f}, mean);
        assertNull(Aggregator.fedAvg().aggregate(List.of(a), new long[] {0}), "no weight, nothing to combine");
        assertThrows(IllegalArgumentException.class, () -> Aggregator.fedAvg().aggregate(List.of(a, new float[2]), new long[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> Aggregator.fedAvg().aggregate(List.of(a), new long[] {-1}));
        assertThrows(IllegalArgumentException.class, () -> Aggregator.fedAvg().aggregate(List.of(), new long[0]));
    }

    @Test
    void averagingTwoReplicasOfALinearModelGivesTheModelWithTheAveragedWeights() {
        Classifier left = (Classifier) Learners.create(LearnerSpec.multiclass("softmax_regression", 3, 3, Map.of("optimizer", "adagrad")));
        Classifier right = (Classifier) Learners.create(LearnerSpec.multiclass("softmax_regression", 3, 3, Map.of("optimizer", "adagrad")));
        for (int i = 0; i < 50; i++) {
            left.learnOne(DenseVector.of(i % 3, 1, -1), i % 3);
            right.learnOne(DenseVector.of(-1, i % 5, 2), (i + 1) % 3);
        }
        Mixable l = Mixable.of(left);
        Mixable r = Mixable.of(right);
        float[] lp = l.parameters();
        assertEquals(3 * 3 + 3, lp.length);
        float[] avg = Aggregator.fedAvg().aggregate(List.of(lp, r.parameters()), new long[] {50, 50});
        long updates = left.updates();
        l.loadParameters(avg);
        assertArrayEquals(avg, l.parameters());
        assertEquals(updates, left.updates(), "mixing is not learning");
        // Margins are linear in the parameters: the mixed model's margins are the mean of the two models' margins, so
        // its softmax is the softmax of the averaged margins.
        assertThrows(IllegalArgumentException.class, () -> l.loadParameters(new float[3]));
        float[] bad = avg.clone();
        bad[0] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> l.loadParameters(bad));
    }

    @Test
    void aPipelineMixesItsLearnerAndAModelWithoutParametersHasNoMixableCore() {
        var pipeline = Learners.create(LearnerSpec.binary("logistic_regression", 2, Map.of()),
                List.of(TransformSpec.of("standard_scaler", Map.of())));
        assertEquals(3, Mixable.of(pipeline).parameters().length);
        assertNull(Mixable.of(Learners.create(LearnerSpec.binary("ftrl", 8, Map.of()))));
    }
}
