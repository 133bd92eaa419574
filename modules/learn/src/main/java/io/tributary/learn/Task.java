package io.tributary.learn;

/** What a model predicts. */
public enum Task {
    /** A real-valued target. */
    REGRESSION,
    /** Two classes, 0 and 1; the model outputs P(class 1). */
    BINARY_CLASSIFICATION,
    /** K classes, 0..K-1; the model outputs a probability per class. */
    MULTICLASS_CLASSIFICATION;

    public boolean isClassification() {
        return this != REGRESSION;
    }
}
