package io.tributary.tribuo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.Classifier;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Learners;
import io.tributary.learn.Task;
import io.tributary.tribuo.TestStreams.Event;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * On streams no linear model can separate, the windowed tree learners beat {@code tributary-learn}'s online
 * logistic regression by a wide margin. Accuracy is prequential (each event predicted, then learned), over the whole
 * stream, the tree learners' prior phase included; both numbers are printed to the test's output file.
 */
class NonLinearStreamTest {

    private static double prequentialAccuracy(Classifier model, List<Event> events) {
        int correct = 0;
        for (Event e : events) {
            if (model.predictOne(e.x()) == e.label()) {
                correct++;
            }
            model.learnOne(e.x(), e.label());
        }
        return correct / (double) events.size();
    }

    @Test
    void randomForestBeatsOnlineLogisticRegressionOnXor() {
        List<Event> events = TestStreams.xor(2000, 2024);
        Classifier forest = TestStreams.classifier("trainer", "random_forest", "num_trees", 8, "max_depth", 8,
                "window", 600, "min_train", 150, "retrain_every", 300);
        Classifier logistic = (Classifier) Learners.create(LearnerSpec.binary("logistic_regression", 2,
                Map.of("optimizer", "adagrad", "learning_rate", 0.5)));
        double forestAccuracy = prequentialAccuracy(forest, events);
        double logisticAccuracy = prequentialAccuracy(logistic, events);
        System.out.printf("XOR, 2000 events: random forest %.4f, learn logistic regression %.4f%n",
                forestAccuracy, logisticAccuracy);
        assertTrue(forestAccuracy > 0.9, "forest " + forestAccuracy);
        assertTrue(logisticAccuracy < 0.6, "a linear model is near chance on XOR: " + logisticAccuracy);
    }

    @Test
    void treeLearnersBeatSoftmaxRegressionOnRings() {
        List<Event> events = TestStreams.rings(2000, 77);
        Classifier softmax = (Classifier) Learners.create(LearnerSpec.multiclass("softmax_regression", 2, 3,
                Map.of("optimizer", "adagrad", "learning_rate", 0.5)));
        double softmaxAccuracy = prequentialAccuracy(softmax, events);
        // The majority class (the middle ring, about 41 % of the square) bounds what a linear model can do.
        assertTrue(softmaxAccuracy < 0.6, "softmax on rings: " + softmaxAccuracy);
        for (String trainer : List.of("random_forest", "xgboost")) {
            Classifier tree = (Classifier) TestStreams.learner(Task.MULTICLASS_CLASSIFICATION, 2, 3,
                    "trainer", trainer, "num_trees", 8, "window", 600, "min_train", 150, "retrain_every", 300);
            double accuracy = prequentialAccuracy(tree, events);
            System.out.printf("rings, 2000 events: %s %.4f, learn softmax regression %.4f%n", trainer, accuracy,
                    softmaxAccuracy);
            assertTrue(accuracy > softmaxAccuracy + 0.25, trainer + " " + accuracy + " vs " + softmaxAccuracy);
        }
    }
}
