package io.tributary.learn.transform;

import io.tributary.learn.FeatureVector;
import io.tributary.learn.Regressor;
import java.util.List;

/** A {@link Pipeline} ending in a {@link Regressor}; itself a regressor. */
public final class RegressorPipeline extends Pipeline implements Regressor {

    private final Regressor learner;

    public RegressorPipeline(List<? extends Transform> transforms, Regressor learner) {
        super(transforms, learner);
        this.learner = learner;
    }

    @Override
    public Regressor learner() {
        return learner;
    }

    @Override
    public double predictOne(FeatureVector x) {
        return learner.predictOne(transformOne(x));
    }

    @Override
    public void learnOne(FeatureVector x, double y) {
        FeatureVector[] z = forwardForTraining(x);
        learner.learnOne(z[z.length - 1], y);
        learnTransforms(z);
    }
}
