package io.tributary.learn.metrics;

import java.util.Objects;

/**
 * A K-class confusion matrix over the last {@code window} predictions, with per-class precision, recall and F1
 * and their macro average.
 *
 * <p>O(1) per update: the window's (truth, predicted) pairs sit in a ring and the K×K counts follow them in and
 * out, exactly (integers). Per-class metrics cost O(K), {@link #macroF1()} O(K²).
 *
 * <p>Conventions, as scikit-learn's with {@code zero_division=0}: a class's precision is undefined when the class
 * was never predicted in the window, its recall when it never occurred; {@link #precision}, {@link #recall} and
 * {@link #f1} return NaN in those cases, so that "undefined" and "zero" stay distinguishable. {@link #macroF1()}
 * averages F1 over the classes <em>present</em> in the window (as a truth or a prediction), counting an undefined
 * F1 as 0: a class the model never predicts, or predicts but never sees, pulls the average down.
 */
public final class ConfusionWindow {

    private final int numClasses;
    private final int window;
    private final int[] truths;
    private final int[] predictions;
    /** counts[truth][predicted]. */
    private final int[][] counts;
    private final int[] truthTotals;
    private final int[] predictedTotals;
    private int next;
    private int size;
    private int correct;
    private long count;

    public ConfusionWindow(int numClasses, int window) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses must be at least 2, got " + numClasses);
        }
        if (window <= 0) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        this.numClasses = numClasses;
        this.window = window;
        this.truths = new int[window];
        this.predictions = new int[window];
        this.counts = new int[numClasses][numClasses];
        this.truthTotals = new int[numClasses];
        this.predictedTotals = new int[numClasses];
    }

    /** Records one prediction given as a class index. */
    public void update(int truth, int predicted) {
        Objects.checkIndex(truth, numClasses);
        Objects.checkIndex(predicted, numClasses);
        if (size == window) {
            int t = truths[next];
            int p = predictions[next];
            counts[t][p]--;
            truthTotals[t]--;
            predictedTotals[p]--;
            if (t == p) {
                correct--;
            }
        } else {
            size++;
        }
        truths[next] = truth;
        predictions[next] = predicted;
        counts[truth][predicted]++;
        truthTotals[truth]++;
        predictedTotals[predicted]++;
        if (truth == predicted) {
            correct++;
        }
        next = next + 1 == window ? 0 : next + 1;
        count++;
    }

    /**
     * Records one prediction given as class probabilities; the predicted class is the most probable one (the
     * lowest index on ties, as {@link io.tributary.learn.Classifier#predictOne} does).
     */
    public void update(int truth, float[] probabilities) {
        Objects.requireNonNull(probabilities, "probabilities");
        if (probabilities.length != numClasses) {
            throw new IllegalArgumentException("expected " + numClasses + " class probabilities, got "
                    + probabilities.length);
        }
        int predicted = 0;
        for (int k = 1; k < probabilities.length; k++) {
            if (probabilities[k] > probabilities[predicted]) {
                predicted = k;
            }
        }
        update(truth, predicted);
    }

    /** Predictions of class {@code predicted} for instances of class {@code truth}, in the window. */
    public int count(int truth, int predicted) {
        return counts[Objects.checkIndex(truth, numClasses)][Objects.checkIndex(predicted, numClasses)];
    }

    /** A copy of the matrix, {@code [truth][predicted]}. */
    public int[][] matrix() {
        int[][] copy = new int[numClasses][];
        for (int k = 0; k < numClasses; k++) {
            copy[k] = counts[k].clone();
        }
        return copy;
    }

    /** Fraction of correct predictions in the window (the trace over the total); NaN before any observation. */
    public double accuracy() {
        return size == 0 ? Double.NaN : (double) correct / size;
    }

    /** TP / (TP + FP) of class k; NaN when k was never predicted in the window. */
    public double precision(int k) {
        int predicted = predictedTotals[Objects.checkIndex(k, numClasses)];
        return predicted == 0 ? Double.NaN : (double) counts[k][k] / predicted;
    }

    /** TP / (TP + FN) of class k; NaN when k never occurred in the window. */
    public double recall(int k) {
        int actual = truthTotals[Objects.checkIndex(k, numClasses)];
        return actual == 0 ? Double.NaN : (double) counts[k][k] / actual;
    }

    /**
     * 2 TP / (2 TP + FP + FN) of class k (the harmonic mean of precision and recall); NaN when k neither occurred
     * nor was predicted in the window, and 0 when it did but was never right.
     */
    public double f1(int k) {
        Objects.checkIndex(k, numClasses);
        int denominator = truthTotals[k] + predictedTotals[k];
        return denominator == 0 ? Double.NaN : 2.0 * counts[k][k] / denominator;
    }

    /** Mean F1 over the classes present in the window (as truth or prediction); NaN before any observation. */
    public double macroF1() {
        double sum = 0;
        int present = 0;
        for (int k = 0; k < numClasses; k++) {
            if (truthTotals[k] + predictedTotals[k] > 0) {
                sum += 2.0 * counts[k][k] / (truthTotals[k] + predictedTotals[k]);
                present++;
            }
        }
        return present == 0 ? Double.NaN : sum / present;
    }

    public int numClasses() {
        return numClasses;
    }

    /** Observations seen since creation (not capped by the window). */
    public long count() {
        return count;
    }

    /** Observations currently in the window. */
    public int size() {
        return size;
    }

    public int window() {
        return window;
    }
}
