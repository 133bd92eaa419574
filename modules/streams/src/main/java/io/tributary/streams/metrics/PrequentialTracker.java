package io.tributary.streams.metrics;

import io.tributary.learn.Task;
import io.tributary.learn.metrics.ClassificationWindow;
import io.tributary.learn.metrics.RegressionWindow;

/**
 * Prequential (test-then-train) metrics of one model replica (one stream task's copy of a model), over a sliding
 * window of labelled events. The stream thread writes; metric scrapes read from another thread, hence the locking
 * (uncontended in practice).
 */
public final class PrequentialTracker {

    private final Task task;
    private final ClassificationWindow classification;
    private final RegressionWindow regression;

    public PrequentialTracker(Task task, int window) {
        this.task = task;
        this.classification = task.isClassification() ? new ClassificationWindow(window) : null;
        this.regression = task.isClassification() ? null : new RegressionWindow(window);
    }

    public Task task() {
        return task;
    }

    public synchronized void updateClassification(int truth, float[] probabilities) {
        classification.update(truth, probabilities);
    }

    public synchronized void updateRegression(double truth, double predicted) {
        regression.update(truth, predicted);
    }

    public synchronized double accuracy() {
        return classification == null ? Double.NaN : classification.accuracy();
    }

    public synchronized double logLoss() {
        return classification == null ? Double.NaN : classification.logLoss();
    }

    public synchronized double mae() {
        return regression == null ? Double.NaN : regression.mae();
    }

    public synchronized double rmse() {
        return regression == null ? Double.NaN : regression.rmse();
    }

    /** Labelled events seen so far (not only those in the window). */
    public synchronized long count() {
        return classification != null ? classification.count() : regression.count();
    }

    /** Labelled events currently in the window. */
    public synchronized int windowCount() {
        return classification != null ? classification.size() : regression.size();
    }

    public int window() {
        return classification != null ? classification.window() : regression.window();
    }
}
