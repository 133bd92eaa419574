package io.tributary.tribuo;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import io.tributary.learn.Classifier;
import io.tributary.learn.FeatureVector;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.OutputFactory;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;

/**
 * A Tribuo classifier retrained on a window of the stream (see {@link TribuoLearner}). Class {@code k} is Tribuo's
 * label {@code "k"}. Probabilities are the model's scores over the classes (softmax for the linear models, leaf
 * frequencies for a tree, vote shares for a forest, XGBoost's softprob), renormalised; a class the served model
 * never saw gets 0.
 */
public final class TribuoClassifier extends TribuoLearner<Label> implements Classifier {

    private static final LabelFactory FACTORY = new LabelFactory();

    private final Label[] labels;
    /** Class counts of the window (owner thread), for the prior. */
    private final long[] counts;

    /** A new learner with the config's own executor (background, or inline when {@code synchronous}). */
    public TribuoClassifier(TribuoConfig config) {
        this(config, newWindow(config), Hooks.of(config));
    }

    TribuoClassifier(TribuoConfig config, TrainingWindow window, Hooks hooks) {
        super(config, window, hooks);
        if (!config.task().isClassification()) {
            throw new IllegalArgumentException("TribuoClassifier needs a classification task, got " + config.task());
        }
        labels = new Label[config.numClasses()];
        for (int k = 0; k < labels.length; k++) {
            labels[k] = new Label(Integer.toString(k));
        }
        counts = new long[labels.length];
    }

    @Override
    public int numClasses() {
        return labels.length;
    }

    @Override
    public void learnOne(FeatureVector x, int y) {
        if (y < 0 || y >= labels.length) {
            throw new IllegalArgumentException("class " + y + " is outside [0, " + labels.length + ")");
        }
        learn(new Row(x, y));
    }

    @Override
    public float[] predictProbaOne(FeatureVector x) {
        Prediction<Label> prediction = modelPrediction(x);
        if (prediction == null) {
            return prior();
        }
        float[] p = new float[labels.length];
        if (prediction.hasProbabilities()) {
            for (Map.Entry<String, Label> e : prediction.getOutputScores().entrySet()) {
                int k = classIndex(e.getKey());
                if (k >= 0) {
                    p[k] = (float) e.getValue().getScore();
                }
            }
        } else {
            int k = classIndex(prediction.getOutput().getLabel());
            if (k >= 0) {
                p[k] = 1f;
            }
        }
        double sum = 0;
        for (float v : p) {
            sum += v;
        }
        if (!(sum > 0) || !Double.isFinite(sum)) {
            return prior();
        }
        for (int k = 0; k < p.length; k++) {
            p[k] = (float) (p[k] / sum);
        }
        return p;
    }

    /** The class frequencies of the window, uniform while it is empty. */
    float[] prior() {
        float[] p = new float[labels.length];
        long total = 0;
        long[] c = counts.clone();
        for (long v : c) {
            total += v;
        }
        if (total <= 0) {
            Arrays.fill(p, 1f / p.length);
            return p;
        }
        for (int k = 0; k < p.length; k++) {
            p[k] = (float) ((double) c[k] / total);
        }
        return p;
    }

    private int classIndex(String name) {
        try {
            int k = Integer.parseInt(name);
            return k >= 0 && k < labels.length ? k : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    OutputFactory<Label> factory() {
        return FACTORY;
    }

    @Override
    Class<Label> outputType() {
        return Label.class;
    }

    @Override
    Label output(double y) {
        return labels[(int) y];
    }

    @Override
    Model<Label> train(Dataset<Label> data, Model<Label> servedModel, int invocation, Map<String, Provenance> run) {
        return Trainers.trainClassifier(config, data, servedModel, invocation, run);
    }

    @Override
    Map<String, Double> evaluate(Model<Label> model, Dataset<Label> data) {
        LabelEvaluation e = new LabelEvaluator().evaluate(model, data);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("tribuo_accuracy", e.accuracy());
        m.put("tribuo_macro_f1", e.macroAveragedF1());
        return m;
    }

    @Override
    boolean evaluable(Model<Label> model, Row row) {
        return model.getOutputIDInfo().getID(labels[(int) row.y()]) >= 0;
    }

    @Override
    void windowChanged(Row added, Row left) {
        counts[(int) added.y()]++;
        if (left != null) {
            counts[(int) left.y()]--;
        }
    }

    @Override
    void checkOutputs(Model<Label> model) {
        for (Label l : model.getOutputIDInfo().getDomain()) {
            if (classIndex(l.getLabel()) < 0) {
                throw new IllegalArgumentException("the model predicts class '" + l.getLabel() + "', which is not one "
                        + "of this learner's 0.." + (labels.length - 1));
            }
        }
    }
}
