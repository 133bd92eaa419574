package io.tributary.learn;

/** An online learner of a class label in {@code 0..numClasses()-1}. */
public interface Classifier extends OnlineLearner {

    int numClasses();

    /** Probability of each class; the array has {@link #numClasses()} entries and sums to 1. */
    float[] predictProbaOne(FeatureVector x);

    /** The most probable class. */
    default int predictOne(FeatureVector x) {
        float[] p = predictProbaOne(x);
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }

    void learnOne(FeatureVector x, int y);
}
