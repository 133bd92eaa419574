package io.tributary.learn;

/** An online learner of a real-valued target. */
public interface Regressor extends OnlineLearner {

    double predictOne(FeatureVector x);

    void learnOne(FeatureVector x, double y);
}
