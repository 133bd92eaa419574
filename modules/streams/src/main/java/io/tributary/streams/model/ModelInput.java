package io.tributary.streams.model;

import io.tributary.events.FeatureEvent;
import io.tributary.events.SparseFeatures;
import io.tributary.learn.DenseVector;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.SparseVector;
import io.tributary.learn.hashing.FeatureHasher;
import io.tributary.streams.config.FeatureLayout;
import io.tributary.streams.config.ModelDefinition;
import io.tributary.streams.processor.DlqReason;
import io.tributary.streams.processor.RejectedInput;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an event into what one model consumes: a feature vector of the model's dimension and, when the event
 * is labelled, a target of the model's type. Everything a model cannot use is rejected here, with a reason,
 * before the model sees it, so a bad record can never corrupt a learner.
 */
public final class ModelInput {

    private final ModelDefinition model;
    private final Map<String, Integer> featureIndex;
    private final Map<String, Integer> classIndex;
    private final FeatureHasher hasher;

    public ModelInput(ModelDefinition model) {
        this.model = model;
        this.hasher = model.layout() == FeatureLayout.HASHED
                ? new FeatureHasher(Integer.numberOfTrailingZeros(model.dimension())) : null;
        this.featureIndex = indexOf(model.featureNames());
        this.classIndex = indexOf(model.classes());
    }

    private static Map<String, Integer> indexOf(List<String> names) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        return index;
    }

    public ModelDefinition model() {
        return model;
    }

    public FeatureVector features(FeatureEvent event) throws RejectedInput {
        List<Float> dense = event.getDense();
        SparseFeatures sparse = event.getSparse();
        Map<String, Double> named = event.getNamed();
        FeatureVector x;
        if (dense != null) {
            x = dense(dense);
        } else if (sparse != null) {
            x = sparse(sparse);
        } else if (named != null) {
            x = named(named);
        } else {
            throw new RejectedInput(DlqReason.MISSING_FEATURES, "event has no dense, sparse or named features");
        }
        if (!x.isFinite()) {
            throw new RejectedInput(DlqReason.NON_FINITE, "a feature value is NaN or infinite");
        }
        return x;
    }

    private FeatureVector dense(List<Float> values) throws RejectedInput {
        if (hasher != null) {
            throw new RejectedInput(DlqReason.MISSING_FEATURES,
                    "model '" + model.name() + "' hashes named (or takes pre-hashed sparse) features; the event has dense ones");
        }
        if (values.size() != model.dimension()) {
            throw new RejectedInput(DlqReason.WRONG_DIMENSION,
                    "model '" + model.name() + "' expects " + model.dimension() + " dense features, got " + values.size());
        }
        float[] x = new float[values.size()];
        for (int i = 0; i < x.length; i++) {
            Float v = values.get(i);
            if (v == null) {
                throw new RejectedInput(DlqReason.NON_FINITE, "dense feature " + i + " is null");
            }
            x[i] = v;
        }
        return new DenseVector(x);
    }

    private FeatureVector sparse(SparseFeatures s) throws RejectedInput {
        if (model.layout() == FeatureLayout.NAMED) {
            throw new RejectedInput(DlqReason.MISSING_FEATURES,
                    "model '" + model.name() + "' reads named features; the event has sparse ones");
        }
        if (s.getDimension() != model.dimension()) {
            throw new RejectedInput(DlqReason.WRONG_DIMENSION,
                    "model '" + model.name() + "' expects dimension " + model.dimension() + ", sparse event has " + s.getDimension());
        }
        List<Integer> idx = s.getIndices();
        List<Float> val = s.getValues();
        if (idx.size() != val.size()) {
            throw new RejectedInput(DlqReason.WRONG_DIMENSION, "sparse event has " + idx.size() + " indices but " + val.size() + " values");
        }
        int[] indices = new int[idx.size()];
        float[] values = new float[val.size()];
        for (int k = 0; k < indices.length; k++) {
            int i = idx.get(k);
            if (i < 0 || i >= model.dimension()) {
                throw new RejectedInput(DlqReason.WRONG_DIMENSION, "sparse index " + i + " is outside [0, " + model.dimension() + ")");
            }
            indices[k] = i;
            values[k] = val.get(k);
        }
        return new SparseVector(model.dimension(), indices, values);
    }

    private FeatureVector named(Map<String, Double> named) throws RejectedInput {
        if (hasher != null) {
            try {
                return hasher.transform(named);
            } catch (IllegalArgumentException e) {
                throw new RejectedInput(DlqReason.NON_FINITE, e.getMessage());
            }
        }
        if (model.layout() != FeatureLayout.NAMED) {
            throw new RejectedInput(DlqReason.MISSING_FEATURES,
                    "model '" + model.name() + "' reads " + model.layout().name().toLowerCase() + " features; the event has named ones");
        }
        float[] x = new float[model.dimension()];
        for (Map.Entry<String, Double> e : named.entrySet()) {
            Integer i = featureIndex.get(e.getKey());
            if (i == null) {
                throw new RejectedInput(DlqReason.UNKNOWN_FEATURE,
                        "model '" + model.name() + "' has no feature named '" + e.getKey() + "'");
            }
            Double v = e.getValue();
            x[i] = v == null ? Float.NaN : v.floatValue();
        }
        return new DenseVector(x);
    }

    /** A regression target. */
    public double regressionTarget(Object label) throws RejectedInput {
        if (label instanceof Number n) {
            double y = n.doubleValue();
            if (!Double.isFinite(y)) {
                throw new RejectedInput(DlqReason.NON_FINITE, "label is NaN or infinite");
            }
            return y;
        }
        throw new RejectedInput(DlqReason.BAD_LABEL,
                "regression model '" + model.name() + "' needs a numeric label, got '" + label + "'");
    }

    /** A class index in {@code [0, numClasses)}, from a whole number or a declared class name. */
    public int classTarget(Object label) throws RejectedInput {
        if (label instanceof Number n) {
            double y = n.doubleValue();
            if (!Double.isFinite(y)) {
                throw new RejectedInput(DlqReason.NON_FINITE, "label is NaN or infinite");
            }
            if (y != Math.rint(y) || y < 0 || y >= model.numClasses()) {
                throw new RejectedInput(DlqReason.BAD_LABEL,
                        "model '" + model.name() + "' needs a class index in 0.." + (model.numClasses() - 1) + ", got " + y);
            }
            return (int) y;
        }
        if (label instanceof CharSequence s) {
            Integer k = classIndex.get(s.toString());
            if (k == null) {
                throw new RejectedInput(DlqReason.BAD_LABEL, "model '" + model.name() + "' has no class named '" + s + "'"
                        + (model.classes().isEmpty() ? " (it declares no class names; use class indices)" : "; classes: " + model.classes()));
            }
            return k;
        }
        throw new RejectedInput(DlqReason.BAD_LABEL, "label of unsupported type " + label.getClass().getSimpleName());
    }

    /** The class name of an index, or null when the model declares no names. */
    public String className(int k) {
        return model.classes().isEmpty() ? null : model.classes().get(k);
    }
}
