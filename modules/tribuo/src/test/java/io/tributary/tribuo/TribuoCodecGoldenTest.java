package io.tributary.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.tributary.learn.snapshot.LearnerCodec;
import io.tributary.tribuo.TestStreams.Event;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Snapshots written by format version 1 when it was introduced ({@link GoldenSnapshots}), kept as files: a later
 * build must still read them. What they decode to is checked against things computed here, not against the decoder:
 * the hand-assembled layout, the seeded events, and a CART tree trained directly with Tribuo on those events.
 */
class TribuoCodecGoldenTest {

    private static byte[] golden(String name) throws IOException {
        try (InputStream in = TribuoCodecGoldenTest.class.getResourceAsStream("/golden/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void thePriorOnlySnapshotIsTheHandAssembledLayout() throws IOException {
        byte[] bytes = golden(GoldenSnapshots.PRIOR);
        assertArrayEquals(TribuoCodecTest.byHand(), bytes);
        TribuoClassifier c = assertInstanceOf(TribuoClassifier.class, LearnerCodec.decode(bytes));
        assertEquals(2, c.updates());
        assertArrayEquals(bytes, TribuoCodec.encode(c));
    }

    @Test
    void theCartSnapshotServesTheTreeOfItsFirstTwentyFiveEvents() throws IOException {
        byte[] bytes = golden(GoldenSnapshots.CART);
        TribuoClassifier c = assertInstanceOf(TribuoClassifier.class, LearnerCodec.decode(bytes));
        List<Event> events = TestStreams.xor(GoldenSnapshots.CART_EVENTS, 5);
        assertEquals(GoldenSnapshots.CART_EVENTS, c.updates());
        assertEquals(1, c.modelVersion());
        TribuoCodecTest.assertSameRows(events.stream().map(e -> new Row(e.x(), e.y())).toList(), c.window.snapshot());

        LabelFactory f = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("by hand", f), f);
        for (Event e : events.subList(0, GoldenSnapshots.CART_TRAINED_ON)) {
            data.add(new ArrayExample<>(new Label(Integer.toString(e.label())), new String[] {"f0", "f1"},
                    new double[] {e.x().values()[0], e.x().values()[1]}));
        }
        Model<Label> tree = new CARTClassificationTrainer(4, 5f, 0f, 1f, false, new GiniIndex(), 12345L).train(data);
        for (Event probe : TestStreams.xor(200, 6)) {
            var p = tree.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, new String[] {"f0", "f1"},
                    new double[] {probe.x().values()[0], probe.x().values()[1]}));
            float[] expected = new float[2];
            p.getOutputScores().forEach((k, v) -> expected[Integer.parseInt(k)] = (float) v.getScore());
            assertArrayEquals(expected, c.predictProbaOne(probe.x()));
        }
        assertFalse(c.learnerMetrics().containsKey("tribuo_eval_events"),
                "the held-out evaluation (10 events wanted, 5 seen) was still collecting when the snapshot was taken");
        assertArrayEquals(bytes, TribuoCodec.encode(c), "re-encoding gives the golden bytes");
    }
}
