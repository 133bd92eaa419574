package io.tributary.streams.metrics;

import io.tributary.learn.Task;
import io.tributary.learn.metrics.AucWindow;
import io.tributary.learn.metrics.ClassificationWindow;
import io.tributary.learn.metrics.ConfusionWindow;
import io.tributary.learn.metrics.FadingClassification;
import io.tributary.learn.metrics.FadingRegression;
import io.tributary.learn.metrics.R2Window;
import io.tributary.learn.metrics.RegressionWindow;

/**
 * Prequential (test-then-train) metrics of one model replica (one stream task's copy of a model), over a sliding
 * window of labelled events and, when a fading factor is set, with a fading factor over all of them (each older
 * event weighs alpha times the next: recent quality without a window's hard edge, in O(1) memory). The stream thread writes; metric scrapes read from another thread, hence the locking
 * (uncontended in practice).
 */
public final class PrequentialTracker {

    private final Task task;
    private final ClassificationWindow classification;
    private final ConfusionWindow confusion;
    private final AucWindow auc;
    private final RegressionWindow regression;
    private final R2Window r2;
    private final FadingClassification fadingClassification;
    private final FadingRegression fadingRegression;

    public PrequentialTracker(Task task, int window) {
        this(task, task == Task.BINARY_CLASSIFICATION ? 2 : 0, window, 0);
    }

    /**
     * @param numClasses    classes of a classifier (its confusion matrix); ignored for regression
     * @param fadingFactor  alpha in (0, 1] for the fading metrics, or 0 for none
     */
    public PrequentialTracker(Task task, int numClasses, int window, double fadingFactor) {
        this.task = task;
        boolean classifier = task.isClassification();
        this.classification = classifier ? new ClassificationWindow(window) : null;
        this.confusion = classifier ? new ConfusionWindow(Math.max(2, numClasses), window) : null;
        this.auc = task == Task.BINARY_CLASSIFICATION ? new AucWindow(window) : null;
        this.regression = classifier ? null : new RegressionWindow(window);
        this.r2 = classifier ? null : new R2Window(window);
        boolean fading = fadingFactor != 0;
        this.fadingClassification = fading && classifier ? new FadingClassification(fadingFactor) : null;
        this.fadingRegression = fading && !classifier ? new FadingRegression(fadingFactor) : null;
    }

    public Task task() {
        return task;
    }

    public synchronized void updateClassification(int truth, float[] probabilities) {
        classification.update(truth, probabilities);
        confusion.update(truth, probabilities);
        if (auc != null) {
            auc.update(truth, probabilities);
        }
        if (fadingClassification != null) {
            fadingClassification.update(truth, probabilities);
        }
    }

    public synchronized void updateRegression(double truth, double predicted) {
        regression.update(truth, predicted);
        r2.update(truth, predicted);
        if (fadingRegression != null) {
            fadingRegression.update(truth, predicted);
        }
    }

    /** The fading factor, or 0 when fading metrics are off. */
    public double fadingFactor() {
        return fadingClassification != null ? fadingClassification.alpha()
                : fadingRegression != null ? fadingRegression.alpha() : 0;
    }

    public synchronized double fadingAccuracy() {
        return fadingClassification == null ? Double.NaN : fadingClassification.accuracy();
    }

    public synchronized double fadingLogLoss() {
        return fadingClassification == null ? Double.NaN : fadingClassification.logLoss();
    }

    public synchronized double fadingMae() {
        return fadingRegression == null ? Double.NaN : fadingRegression.mae();
    }

    public synchronized double fadingRmse() {
        return fadingRegression == null ? Double.NaN : fadingRegression.rmse();
    }

    /** Binary classifiers: area under the ROC curve of the window (ties count one half). */
    public synchronized double auc() {
        return auc == null ? Double.NaN : auc.auc();
    }

    /** Classifiers: the mean of per-class F1 over the classes present in the window. */
    public synchronized double macroF1() {
        return confusion == null ? Double.NaN : confusion.macroF1();
    }

    /** Regressors: 1 - SS_res / SS_tot over the window. */
    public synchronized double r2() {
        return r2 == null ? Double.NaN : r2.r2();
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
