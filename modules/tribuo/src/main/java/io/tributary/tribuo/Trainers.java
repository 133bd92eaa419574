package io.tributary.tribuo;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import java.util.Map;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.sgd.AbstractLinearSGDModel;
import org.tribuo.common.tree.AbstractCARTTrainer;
import org.tribuo.common.tree.DecisionTreeTrainer;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.common.xgboost.XGBoostTrainer;
import org.tribuo.ensemble.BaggingTrainer;
import org.tribuo.ensemble.EnsembleCombiner;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.math.optimisers.Adam;
import org.tribuo.math.optimisers.SGD;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;
import org.tribuo.regression.sgd.objectives.SquaredLoss;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer;

/**
 * Builds the Tribuo trainer a {@link TribuoConfig} names and runs it on one window's dataset. A fresh trainer per
 * retrain, told its invocation count (the retrain's index), so that retrain {@code n} draws the same random numbers
 * (shuffles, bootstrap samples, feature subsets) whether the learner ran uninterrupted or was restored in between.
 */
final class Trainers {

    private Trainers() {
    }

    /** Trains a classifier on {@code data}, warm-started from {@code served} where the config asks and Tribuo allows. */
    static Model<Label> trainClassifier(TribuoConfig c, Dataset<Label> data, Model<Label> served, int invocation,
                                        Map<String, Provenance> run) {
        return switch (c.trainer()) {
            case LINEAR_SGD -> new WarmStart.ClassificationSgd(new LogMulticlass(), optimiser(c), epochs(c),
                    minibatch(c), c.seed(), initialWeights(c, data, served)).train(data, run, invocation);
            case LOGISTIC_REGRESSION -> new WarmStart.Logistic(initialWeights(c, data, served))
                    .train(data, run, invocation);
            case CART -> classificationTree(c, c.doubleOption(TribuoConfig.FEATURE_FRACTION), c.seed())
                    .train(data, run, invocation);
            case RANDOM_FOREST -> forest(c, data, served, run, invocation,
                    classificationTree(c, c.doubleOption(TribuoConfig.FEATURE_FRACTION), c.seed()),
                    new VotingCombiner());
            case XGBOOST -> quiet(new XGBoostClassificationTrainer(XGBoostTrainer.BoosterType.GBTREE,
                    XGBoostTrainer.TreeMethod.AUTO, (int) c.longOption(TribuoConfig.NUM_TREES),
                    c.doubleOption(TribuoConfig.LEARNING_RATE), 0.0, (int) c.longOption(TribuoConfig.MAX_DEPTH),
                    c.doubleOption(TribuoConfig.MIN_CHILD_WEIGHT), c.doubleOption(TribuoConfig.SUBSAMPLE),
                    c.doubleOption(TribuoConfig.FEATURE_FRACTION), c.doubleOption(TribuoConfig.L2),
                    c.doubleOption(TribuoConfig.L1), (int) c.longOption(TribuoConfig.THREADS),
                    XGBoostTrainer.LoggingVerbosity.SILENT, c.seed()).train(data, run, invocation));
        };
    }

    /** Trains a regressor on {@code data}, warm-started from {@code served} where the config asks and Tribuo allows. */
    static Model<Regressor> trainRegressor(TribuoConfig c, Dataset<Regressor> data, Model<Regressor> served,
                                          int invocation, Map<String, Provenance> run) {
        return switch (c.trainer()) {
            case LINEAR_SGD -> new WarmStart.RegressionSgd(new SquaredLoss(), optimiser(c), epochs(c), minibatch(c),
                    c.seed(), initialWeights(c, data, served)).train(data, run, invocation);
            case LOGISTIC_REGRESSION -> throw new IllegalStateException("logistic_regression cannot do regression");
            case CART -> regressionTree(c, c.doubleOption(TribuoConfig.FEATURE_FRACTION), c.seed())
                    .train(data, run, invocation);
            case RANDOM_FOREST -> forest(c, data, served, run, invocation,
                    regressionTree(c, c.doubleOption(TribuoConfig.FEATURE_FRACTION), c.seed()),
                    new AveragingCombiner());
            case XGBOOST -> quiet(new XGBoostRegressionTrainer(XGBoostTrainer.BoosterType.GBTREE,
                    XGBoostTrainer.TreeMethod.AUTO, XGBoostRegressionTrainer.RegressionType.LINEAR,
                    (int) c.longOption(TribuoConfig.NUM_TREES), c.doubleOption(TribuoConfig.LEARNING_RATE), 0.0,
                    (int) c.longOption(TribuoConfig.MAX_DEPTH), c.doubleOption(TribuoConfig.MIN_CHILD_WEIGHT),
                    c.doubleOption(TribuoConfig.SUBSAMPLE), c.doubleOption(TribuoConfig.FEATURE_FRACTION),
                    c.doubleOption(TribuoConfig.L2), c.doubleOption(TribuoConfig.L1),
                    (int) c.longOption(TribuoConfig.THREADS), XGBoostTrainer.LoggingVerbosity.SILENT, c.seed())
                    .train(data, run, invocation));
        };
    }

    /**
     * Whether a retrain with this config starts from the served model: asked for ({@code warm_start}) and there is
     * a model of the kind the trainer makes.
     */
    static boolean warm(TribuoConfig c, Model<?> served) {
        if (!c.warmStart() || served == null) {
            return false;
        }
        return switch (c.trainer()) {
            case LINEAR_SGD, LOGISTIC_REGRESSION -> served instanceof AbstractLinearSGDModel<?>;
            case RANDOM_FOREST -> served instanceof EnsembleModel<?>;
            case CART, XGBOOST -> false;
        };
    }

    @SuppressWarnings("unchecked")
    private static <T extends org.tribuo.Output<T>> DenseMatrix initialWeights(TribuoConfig c, Dataset<T> data,
                                                                               Model<T> served) {
        if (!warm(c, served)) {
            return null;
        }
        return WarmStart.remap((AbstractLinearSGDModel<T>) served, data.getFeatureIDMap(), data.getOutputIDInfo());
    }

    private static <T extends org.tribuo.Output<T>> Model<T> forest(TribuoConfig c, Dataset<T> data, Model<T> served,
                                                                    Map<String, Provenance> run, int invocation,
                                                                    AbstractCARTTrainer<T> tree,
                                                                    EnsembleCombiner<T> combiner) {
        int numTrees = (int) c.longOption(TribuoConfig.NUM_TREES);
        boolean warm = warm(c, served);
        int grow = warm ? (int) c.longOption(TribuoConfig.NEW_TREES) : numTrees;
        // Tribuo's RandomForestTrainer insists on a feature fraction below 1; at 1 the forest is plain bagging.
        Trainer<T> trainer = tree.getFractionFeaturesInSplit() < 1f
                ? new RandomForestTrainer<>((DecisionTreeTrainer<T>) tree, combiner, grow, c.seed())
                : new BaggingTrainer<>(tree, combiner, grow, c.seed());
        EnsembleModel<T> fresh = (EnsembleModel<T>) trainer.train(data, run, invocation);
        return warm ? WarmStart.mergeForest(fresh, served, numTrees, combiner, data, run) : fresh;
    }

    private static CARTClassificationTrainer classificationTree(TribuoConfig c, double featureFraction, long seed) {
        return new CARTClassificationTrainer((int) c.longOption(TribuoConfig.MAX_DEPTH),
                (float) c.doubleOption(TribuoConfig.MIN_CHILD_WEIGHT), 0.0f, (float) featureFraction, false,
                new GiniIndex(), seed);
    }

    private static CARTRegressionTrainer regressionTree(TribuoConfig c, double featureFraction, long seed) {
        return new CARTRegressionTrainer((int) c.longOption(TribuoConfig.MAX_DEPTH),
                (float) c.doubleOption(TribuoConfig.MIN_CHILD_WEIGHT), 0.0f, (float) featureFraction, false,
                new MeanSquaredError(), seed);
    }

    private static StochasticGradientOptimiser optimiser(TribuoConfig c) {
        double lr = c.doubleOption(TribuoConfig.LEARNING_RATE);
        return switch (c.stringOption(TribuoConfig.OPTIMIZER)) {
            case "adagrad" -> new AdaGrad(lr);
            case "sgd" -> SGD.getSimpleSGD(lr);
            case "adam" -> new Adam(lr, 1e-8);
            default -> throw new IllegalStateException("unknown optimizer " + c.stringOption(TribuoConfig.OPTIMIZER));
        };
    }

    private static int epochs(TribuoConfig c) {
        return (int) c.longOption(TribuoConfig.EPOCHS);
    }

    private static int minibatch(TribuoConfig c) {
        return (int) c.longOption(TribuoConfig.MINIBATCH_SIZE);
    }

    /** XGBoost parallelises single-row predictions with OpenMP by default; one row needs one thread. */
    private static <T extends org.tribuo.Output<T>> Model<T> quiet(XGBoostModel<T> model) {
        model.setNumThreads(1);
        return model;
    }
}
