package io.tributary.tribuo;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.tribuo.Dataset;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.VariableInfo;
import org.tribuo.classification.sgd.LabelObjective;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.common.sgd.AbstractLinearSGDModel;
import org.tribuo.ensemble.EnsembleCombiner;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.math.LinearParameters;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.provenance.EnsembleModelProvenance;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.regression.sgd.RegressionObjective;

/**
 * Warm starts, where Tribuo 4.3.2 leaves a way in. Tribuo has an {@code IncrementalTrainer} interface but no trainer
 * implements it, and {@code AbstractSGDTrainer.train} always begins from fresh parameters; it does, however, build
 * them through the protected {@code createParameters} hook, so the SGD trainers below override that one method to
 * begin from the served model's weights. Everything else in training (shuffling, epochs, the optimiser, whose
 * AdaGrad/Adam state does start afresh, provenance) is Tribuo's own.
 *
 * <p>Random forests warm-start by keeping members: a retrain grows only {@code new_trees} trees on the window and
 * serves them with the newest {@code num_trees - new_trees} trees of the served forest (see {@link #mergeForest}).
 * CART and XGBoost always train from the window: a single tree has nothing to keep, and Tribuo's XGBoost trainers
 * call {@code XGBoost.train} without a base booster.
 */
final class WarmStart {

    private WarmStart() {
    }

    /**
     * The served linear model's weights laid out for a dataset with the given feature and output domains: each
     * weight moves to its feature's and output's id in the new domains (Tribuo numbers both per dataset), features or
     * outputs the old model lacks start at zero, ones the new dataset lacks are dropped. The bias is the last column.
     */
    static <T extends Output<T>> DenseMatrix remap(AbstractLinearSGDModel<T> old, ImmutableFeatureMap features,
                                                   ImmutableOutputInfo<T> outputs) {
        DenseMatrix w = old.getWeightsCopy();
        ImmutableFeatureMap oldFeatures = old.getFeatureIDMap();
        ImmutableOutputInfo<T> oldOutputs = old.getOutputIDInfo();
        int oldBias = oldFeatures.size();
        int newBias = features.size();
        DenseMatrix out = new DenseMatrix(outputs.size(), newBias + 1);
        int[] column = new int[oldBias + 1];
        for (VariableInfo v : oldFeatures) {
            column[oldFeatures.getID(v.getName())] = features.getID(v.getName());
        }
        column[oldBias] = newBias;
        for (var pair : oldOutputs) {
            int newRow = outputs.getID(pair.getB());
            if (newRow < 0) {
                continue;
            }
            int oldRow = pair.getA();
            for (int j = 0; j <= oldBias; j++) {
                if (column[j] >= 0) {
                    out.set(newRow, column[j], w.get(oldRow, j));
                }
            }
        }
        return out;
    }

    /** Starting weights for the next {@code createParameters} call, when their shape matches. */
    private static LinearParameters parameters(DenseMatrix initial, int numFeatures, int numOutputs) {
        if (initial != null && initial.getDimension1Size() == numOutputs
                && initial.getDimension2Size() == numFeatures + 1) {
            return new LinearParameters(new DenseMatrix(initial));
        }
        return null;
    }

    /** Tribuo's classification {@code LinearSGDTrainer}, started from given weights when it has them. */
    static final class ClassificationSgd extends LinearSGDTrainer {
        private final DenseMatrix initial;

        ClassificationSgd(LabelObjective objective, StochasticGradientOptimiser optimiser, int epochs,
                          int minibatchSize, long seed, DenseMatrix initial) {
            super(objective, optimiser, epochs, -1, minibatchSize, seed);
            this.initial = initial;
        }

        @Override
        protected LinearParameters createParameters(int numFeatures, int numOutputs, SplittableRandom rng) {
            LinearParameters p = parameters(initial, numFeatures, numOutputs);
            return p != null ? p : super.createParameters(numFeatures, numOutputs, rng);
        }
    }

    /** Tribuo's {@code LogisticRegressionTrainer}, started from given weights when it has them. */
    static final class Logistic extends LogisticRegressionTrainer {
        private final DenseMatrix initial;

        Logistic(DenseMatrix initial) {
            this.initial = initial;
        }

        @Override
        protected LinearParameters createParameters(int numFeatures, int numOutputs, SplittableRandom rng) {
            LinearParameters p = parameters(initial, numFeatures, numOutputs);
            return p != null ? p : super.createParameters(numFeatures, numOutputs, rng);
        }
    }

    /** Tribuo's regression {@code LinearSGDTrainer}, started from given weights when it has them. */
    static final class RegressionSgd extends org.tribuo.regression.sgd.linear.LinearSGDTrainer {
        private final DenseMatrix initial;

        RegressionSgd(RegressionObjective objective, StochasticGradientOptimiser optimiser, int epochs,
                      int minibatchSize, long seed, DenseMatrix initial) {
            super(objective, optimiser, epochs, -1, minibatchSize, seed);
            this.initial = initial;
        }

        @Override
        protected LinearParameters createParameters(int numFeatures, int numOutputs, SplittableRandom rng) {
            LinearParameters p = parameters(initial, numFeatures, numOutputs);
            return p != null ? p : super.createParameters(numFeatures, numOutputs, rng);
        }
    }

    /**
     * The forest to serve after a warm retrain: {@code fresh}'s trees (grown on the current window) first, then the
     * served forest's members in their order (newest first) until there are {@code numTrees}. Old members whose
     * outputs the new window's domain lacks (a class that left the window) are skipped, since the combiner could not
     * place their votes. The result is a {@link WeightedEnsembleModel} with uniform weights on the new window's
     * domains, its provenance naming the window it was last trained on and every member's own provenance.
     */
    static <T extends Output<T>> Model<T> mergeForest(EnsembleModel<T> fresh, Model<T> served, int numTrees,
                                                      EnsembleCombiner<T> combiner, Dataset<T> window,
                                                      Map<String, Provenance> runProvenance) {
        if (!(served instanceof EnsembleModel<T> old)) {
            return fresh;
        }
        List<Model<T>> members = new ArrayList<>(fresh.getModels());
        Set<T> domain = window.getOutputIDInfo().getDomain();
        for (Model<T> m : old.getModels()) {
            if (members.size() >= numTrees) {
                break;
            }
            if (coversOutputs(domain, window.getOutputIDInfo(), m.getOutputIDInfo())) {
                members.add(m);
            }
        }
        if (members.size() == fresh.getModels().size()) {
            return fresh;
        }
        ModelProvenance freshProvenance = fresh.getProvenance();
        EnsembleModelProvenance provenance = new EnsembleModelProvenance(WeightedEnsembleModel.class.getName(),
                OffsetDateTime.now(), freshProvenance.getDatasetProvenance(), freshProvenance.getTrainerProvenance(),
                runProvenance, ListProvenance.createListProvenance(members));
        return new WeightedEnsembleModel<>(fresh.getName(), provenance, fresh.getFeatureIDMap(),
                fresh.getOutputIDInfo(), members, combiner);
    }

    /** Whether every output of {@code member} has an id in the new window's output info. */
    private static <T extends Output<T>> boolean coversOutputs(Set<T> domain, ImmutableOutputInfo<T> info,
                                                               ImmutableOutputInfo<T> member) {
        for (var pair : member) {
            if (info.getID(pair.getB()) < 0) {
                return false;
            }
        }
        return !domain.isEmpty();
    }
}
