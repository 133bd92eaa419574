package io.tributary.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.oracle.labs.mlrg.olcut.provenance.primitives.BooleanProvenance;
import io.tributary.tribuo.TestStreams.Event;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** Warm starts: the SGD trainers begin from the served weights, forests keep their newest members. */
class WarmStartTest {

    private static MutableDataset<Label> dataset(String[] labels, String[] features, int n, long seed) {
        LabelFactory f = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("d", f), f);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            double[] v = new double[features.length];
            for (int j = 0; j < v.length; j++) {
                v[j] = rng.nextDouble() * 2 - 1;
            }
            data.add(new ArrayExample<>(new Label(labels[i % labels.length]), features, v));
        }
        return data;
    }

    @Test
    void remapMovesEachWeightToItsFeatureAndLabelInTheNewDomains() {
        MutableDataset<Label> a = dataset(new String[] {"0", "1", "2"}, new String[] {"f0", "f1", "f2"}, 60, 1);
        LinearSGDModel old = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.5), 3, 1L).train(a);
        // A new window: class 1 gone, feature f0 gone, f3 new; Tribuo numbers both domains afresh.
        MutableDataset<Label> b = dataset(new String[] {"2", "0"}, new String[] {"f1", "f2", "f3"}, 20, 2);
        DenseMatrix remapped = WarmStart.remap(old, b.getFeatureIDMap(), b.getOutputIDInfo());
        DenseMatrix w = old.getWeightsCopy();
        assertEquals(2, remapped.getDimension1Size());
        assertEquals(4, remapped.getDimension2Size(), "three features and the bias");
        for (String label : List.of("2", "0")) {
            int row = b.getOutputIDInfo().getID(new Label(label));
            int oldRow = old.getOutputIDInfo().getID(new Label(label));
            for (String feature : List.of("f1", "f2", "f3")) {
                int col = b.getFeatureIDMap().getID(feature);
                int oldCol = old.getFeatureIDMap().getID(feature);
                double expected = oldCol < 0 ? 0.0 : w.get(oldRow, oldCol);
                assertEquals(expected, remapped.get(row, col), label + "/" + feature);
            }
            assertEquals(w.get(oldRow, 3), remapped.get(row, 3), "bias of " + label);
            assertTrue(w.get(oldRow, 3) != 0.0);
        }
    }

    /**
     * With a learning rate of 1e-9, a retrain barely moves the weights it starts from: a warm start keeps the served
     * model's weights (to 1e-6), a cold start stays near zero.
     */
    @Test
    void linearSgdWarmStartBeginsFromTheServedWeights() {
        MutableDataset<Label> external = dataset(new String[] {"0", "1"}, new String[] {"f0", "f1"}, 200, 5);
        LinearSGDModel served = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.5), 5, 3L).train(external);
        DenseMatrix start = served.getWeightsCopy();
        for (boolean warm : new boolean[] {true, false}) {
            TribuoClassifier c = TestStreams.classifier("trainer", "linear_sgd", "optimizer", "sgd",
                    "learning_rate", 1e-9, "epochs", 1, "warm_start", warm, "min_train", 50, "retrain_every", 1000);
            c.install(served);
            for (Event e : TestStreams.xor(50, 8)) {
                c.learnOne(e.x(), e.label());
            }
            assertEquals(2, c.modelVersion());
            LinearSGDModel retrained = (LinearSGDModel) c.currentModel().orElseThrow();
            DenseMatrix w = WarmStart.remap(retrained, served.getFeatureIDMap(), served.getOutputIDInfo());
            double largest = 0;
            double maxDiff = 0;
            for (int i = 0; i < w.getDimension1Size(); i++) {
                for (int j = 0; j < w.getDimension2Size(); j++) {
                    largest = Math.max(largest, Math.abs(start.get(i, j)));
                    maxDiff = Math.max(maxDiff, Math.abs(w.get(i, j) - (warm ? start.get(i, j) : 0.0)));
                }
            }
            assertTrue(largest > 0.1, "the served model has real weights: " + largest);
            assertTrue(maxDiff < 1e-6, (warm ? "warm" : "cold") + " start moved by " + maxDiff);
            assertEquals(new BooleanProvenance("tributary-warm-start", warm), retrained.getProvenance()
                    .getInstanceProvenance().getMap().get("tributary-warm-start"));
        }
    }

    @Test
    void warmForestsKeepTheirNewestTreesAndGrowNewOnes() {
        TribuoClassifier c = TestStreams.classifier("trainer", "random_forest", "num_trees", 6, "new_trees", 2,
                "warm_start", true, "window", 100, "min_train", 100, "retrain_every", 100, "max_depth", 4);
        List<Event> events = TestStreams.xor(300, 13);
        for (Event e : events.subList(0, 100)) {
            c.learnOne(e.x(), e.label());
        }
        List<Model<Label>> first = ((EnsembleModel<Label>) c.currentModel().orElseThrow()).getModels();
        assertEquals(6, first.size(), "the first forest is grown whole");
        for (Event e : events.subList(100, 200)) {
            c.learnOne(e.x(), e.label());
        }
        EnsembleModel<Label> second = (EnsembleModel<Label>) c.currentModel().orElseThrow();
        assertEquals(6, second.getNumModels());
        for (int i = 0; i < 4; i++) {
            assertSame(first.get(i), second.getModels().get(i + 2), "old tree " + i + " kept, behind the new ones");
        }
        for (int i = 0; i < 2; i++) {
            assertTrue(!first.contains(second.getModels().get(i)), "tree " + i + " is new");
        }
        assertEquals(6, second.getProvenance().getMemberProvenance().getList().size());
        for (Event e : events.subList(200, 300)) {
            c.learnOne(e.x(), e.label());
        }
        EnsembleModel<Label> third = (EnsembleModel<Label>) c.currentModel().orElseThrow();
        assertSame(second.getModels().get(0), third.getModels().get(2));
        assertSame(first.get(0), third.getModels().get(4), "a tree lives num_trees / new_trees retrains");
        assertNotSame(first.get(2), third.getModels().get(5));
        // The kept trees still vote: the forest's probabilities are the mean of its members'.
        var probe = TestStreams.xor(1, 99).getFirst().x();
        float[] served = c.predictProbaOne(probe);
        double votes = 0;
        for (Model<Label> tree : third.getModels()) {
            var p = tree.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, new String[] {"f0", "f1"},
                    new double[] {probe.values()[0], probe.values()[1]}));
            votes += p.getOutput().getLabel().equals("1") ? 1 : 0;
        }
        assertEquals(votes / 6, served[1], 1e-6);
    }
}
