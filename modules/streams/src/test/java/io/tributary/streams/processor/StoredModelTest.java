package io.tributary.streams.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.Classifier;
import io.tributary.learn.DenseVector;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Learners;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredModelTest {

    @Test
    void roundTripsTheVersionBaseAndTheLearner() {
        Classifier learner = (Classifier) Learners.create(LearnerSpec.binary("logistic_regression", 3, Map.of()));
        for (int i = 0; i < 10; i++) {
            learner.learnOne(DenseVector.of(1, 0, i), i % 2);
        }
        StoredModel back = StoredModel.decode(new StoredModel(1234, 77, learner).encode());
        assertEquals(1234, back.versionBase());
        assertEquals(77, back.appliedSnapshotVersion());
        assertEquals(10, back.learner().updates());
        DenseVector x = DenseVector.of(0.5f, 1, 2);
        assertArrayEquals(learner.predictProbaOne(x), ((Classifier) back.learner()).predictProbaOne(x));
    }

    @Test
    void rejectsWhatItDidNotWrite() {
        Classifier learner = (Classifier) Learners.create(LearnerSpec.binary("logistic_regression", 3, Map.of()));
        byte[] bytes = new StoredModel(0, StoredModel.NO_SNAPSHOT, learner).encode();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StoredModel.decode(new byte[] {1, 2})).getMessage().contains("magic"));
        bytes[2] = 9;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StoredModel.decode(bytes)).getMessage().contains("format 9"));
    }

    @Test
    void readsFormatOneWrittenBeforeHotSwapExisted() {
        Classifier learner = (Classifier) Learners.create(LearnerSpec.binary("logistic_regression", 3, Map.of()));
        learner.learnOne(DenseVector.of(1, 2, 3), 1);
        byte[] learnerBytes = io.tributary.learn.snapshot.LearnerCodec.encode(learner);
        // Format 1, as the processor wrote it: 'T','S', 1, the version base, the learner.
        byte[] v1 = java.nio.ByteBuffer.allocate(11 + learnerBytes.length).put((byte) 'T').put((byte) 'S').put((byte) 1)
                .putLong(42).put(learnerBytes).array();
        StoredModel back = StoredModel.decode(v1);
        assertEquals(42, back.versionBase());
        assertEquals(StoredModel.NO_SNAPSHOT, back.appliedSnapshotVersion());
        assertEquals(1, back.learner().updates());
        assertArrayEquals(learnerBytes, StoredModel.learnerBytes(v1));
        assertArrayEquals(learnerBytes, StoredModel.learnerBytes(new StoredModel(1, 2, learner).encode()));
    }
}
