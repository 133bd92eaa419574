package io.tributary.tribuo;

import io.tributary.learn.FeatureVector;

/**
 * One labelled event in a training window: its features (held by reference; the caller of {@code learnOne} must not
 * mutate them afterwards, as for every learner) and its target, a class index for classification.
 */
record Row(FeatureVector x, double y) {
}
