package io.tributary.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.tribuo.TestStreams.Event;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.Regressor;

/** The hot-swap helpers: a model read back from its protobuf bytes predicts the same and carries its provenance. */
class TribuoModelsTest {

    @Test
    void protobufRoundTripKeepsPredictionsAndProvenance() {
        for (String trainer : List.of("linear_sgd", "cart", "random_forest", "xgboost")) {
            TribuoClassifier c = TestStreams.classifier("trainer", trainer, "seed", 7, "min_train", 80);
            for (Event e : TestStreams.xor(80, 12)) {
                c.learnOne(e.x(), e.label());
            }
            Model<Label> model = c.currentModel().orElseThrow();
            byte[] bytes = TribuoModels.toProtobuf(model);
            Model<Label> back = TribuoModels.fromProtobuf(bytes, Label.class);
            assertEquals(model.getProvenance(), back.getProvenance(), trainer);
            assertTrue(back.getProvenance().getInstanceProvenance().getMap().containsKey("tributary-retrain"));
            for (Event probe : TestStreams.xor(50, 13)) {
                var example = new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, new String[] {"f0", "f1"},
                        new double[] {probe.x().values()[0], probe.x().values()[1]});
                assertEquals(model.predict(example).getOutputScores(), back.predict(example).getOutputScores(),
                        trainer);
            }
            assertArrayEquals(bytes, c.currentModelProtobuf().orElseThrow(),
                    "the learner publishes the bytes it serialised at training time: " + trainer);
        }
    }

    @Test
    void rejectsGarbageAndTheWrongOutputType() {
        IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class,
                () -> TribuoModels.fromProtobuf(new byte[] {1, 2, 3, 4, 5}));
        assertTrue(garbage.getMessage().contains("Tribuo model protobuf"), garbage.getMessage());
        TribuoClassifier c = TestStreams.classifier("trainer", "cart", "min_train", 20);
        for (Event e : TestStreams.xor(20, 1)) {
            c.learnOne(e.x(), e.label());
        }
        byte[] bytes = c.currentModelProtobuf().orElseThrow();
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> TribuoModels.fromProtobuf(bytes, Regressor.class));
        assertTrue(type.getMessage().contains("not Regressor outputs"), type.getMessage());
        assertEquals("tribuo-protobuf/1", TribuoModels.FORMAT);
    }
}
