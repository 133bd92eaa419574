package io.tributary.tribuo;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.Regressor;
import io.tributary.learn.Task;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.OutputFactory;
import org.tribuo.Prediction;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.evaluation.RegressionEvaluation;
import org.tribuo.regression.evaluation.RegressionEvaluator;

/**
 * A Tribuo regressor retrained on a window of the stream (see {@link TribuoLearner}). The target is Tribuo's
 * one-dimensional {@code Regressor} named {@value #TARGET}.
 */
public final class TribuoRegressor extends TribuoLearner<org.tribuo.regression.Regressor> implements Regressor {

    /** The name of the target dimension in the Tribuo models. */
    public static final String TARGET = "target";

    private static final RegressionFactory FACTORY = new RegressionFactory();

    /** The window's target sum (owner thread), rebuilt from the window once per {@code window} changes. */
    private double sum;
    private int changesSinceRebuild;

    /** A new learner with the config's own executor (background, or inline when {@code synchronous}). */
    public TribuoRegressor(TribuoConfig config) {
        this(config, newWindow(config), Hooks.of(config));
    }

    TribuoRegressor(TribuoConfig config, TrainingWindow window, Hooks hooks) {
        super(config, window, hooks);
        if (config.task() != Task.REGRESSION) {
            throw new IllegalArgumentException("TribuoRegressor needs task REGRESSION, got " + config.task());
        }
    }

    @Override
    public void learnOne(FeatureVector x, double y) {
        if (!Double.isFinite(y)) {
            throw new IllegalArgumentException("target must be finite, got " + y);
        }
        learn(new Row(x, y));
    }

    @Override
    public double predictOne(FeatureVector x) {
        Prediction<org.tribuo.regression.Regressor> prediction = modelPrediction(x);
        if (prediction == null) {
            return prior();
        }
        double v = prediction.getOutput().getValues()[0];
        return Double.isFinite(v) ? v : prior();
    }

    /** The mean target of the window, 0 while it is empty. */
    double prior() {
        int n = window.size();
        return n == 0 ? 0.0 : sum / n;
    }

    @Override
    OutputFactory<org.tribuo.regression.Regressor> factory() {
        return FACTORY;
    }

    @Override
    Class<org.tribuo.regression.Regressor> outputType() {
        return org.tribuo.regression.Regressor.class;
    }

    @Override
    org.tribuo.regression.Regressor output(double y) {
        return new org.tribuo.regression.Regressor(TARGET, y);
    }

    @Override
    Model<org.tribuo.regression.Regressor> train(Dataset<org.tribuo.regression.Regressor> data,
                                                 Model<org.tribuo.regression.Regressor> servedModel, int invocation,
                                                 Map<String, Provenance> run) {
        return Trainers.trainRegressor(config, data, servedModel, invocation, run);
    }

    @Override
    Map<String, Double> evaluate(Model<org.tribuo.regression.Regressor> model,
                                 Dataset<org.tribuo.regression.Regressor> data) {
        RegressionEvaluation e = new RegressionEvaluator().evaluate(model, data);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("tribuo_rmse", e.averageRMSE());
        m.put("tribuo_mae", e.averageMAE());
        m.put("tribuo_r2", e.averageR2());
        return m;
    }

    @Override
    boolean evaluable(Model<org.tribuo.regression.Regressor> model, Row row) {
        return true;
    }

    @Override
    void windowChanged(Row added, Row left) {
        sum += added.y();
        if (left != null) {
            sum -= left.y();
        }
        // Adding and subtracting forever would let rounding error pile up; a rebuild per window bounds it.
        if (++changesSinceRebuild >= window.capacity()) {
            double s = 0;
            for (int i = 0; i < window.size(); i++) {
                s += window.get(i).y();
            }
            sum = s;
            changesSinceRebuild = 0;
        }
    }

    @Override
    void checkOutputs(Model<org.tribuo.regression.Regressor> model) {
        for (org.tribuo.regression.Regressor r : model.getOutputIDInfo().getDomain()) {
            String[] names = r.getNames();
            if (names.length != 1 || !names[0].equals(TARGET)) {
                throw new IllegalArgumentException("the model predicts " + String.join(", ", names)
                        + "; this learner predicts the one dimension '" + TARGET + "'");
            }
        }
    }
}
