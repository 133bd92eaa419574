package io.tributary.learn.transform;

import io.tributary.learn.Classifier;
import io.tributary.learn.FeatureVector;
import java.util.List;

/** A {@link Pipeline} ending in a {@link Classifier}; itself a classifier. */
public final class ClassifierPipeline extends Pipeline implements Classifier {

    private final Classifier learner;

    public ClassifierPipeline(List<? extends Transform> transforms, Classifier learner) {
        super(transforms, learner);
        this.learner = learner;
    }

    @Override
    public Classifier learner() {
        return learner;
    }

    @Override
    public int numClasses() {
        return learner.numClasses();
    }

    @Override
    public float[] predictProbaOne(FeatureVector x) {
        return learner.predictProbaOne(transformOne(x));
    }

    @Override
    public int predictOne(FeatureVector x) {
        return learner.predictOne(transformOne(x));
    }

    @Override
    public void learnOne(FeatureVector x, int y) {
        FeatureVector[] z = forwardForTraining(x);
        learner.learnOne(z[z.length - 1], y);
        learnTransforms(z);
    }
}
