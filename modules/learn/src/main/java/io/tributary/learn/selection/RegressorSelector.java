package io.tributary.learn.selection;

import io.tributary.learn.FeatureVector;
import io.tributary.learn.Regressor;
import io.tributary.learn.Task;
import java.util.Objects;
import java.util.SequencedMap;

/**
 * Online model selection among regressors of the same dimension (see {@link ModelSelector} and {@link Strategy}).
 * Itself a {@link Regressor}: {@link #predictOne} is the current winner's prediction, and {@link #learnOne} scores
 * the participating candidates on the event (before they learn from it: prequential) and then trains them.
 * Bandit rewards normalise the loss by a running scale, see {@link RegressionLoss}.
 */
public final class RegressorSelector extends CandidatePool<Regressor> implements Regressor {

    private final RegressionLoss loss;

    /**
     * @param candidates named candidates, in a defined order (which breaks ties and picks the first server); the
     *                   selector owns them from now on
     */
    public RegressorSelector(SequencedMap<String, ? extends Regressor> candidates, RegressionLoss loss,
            LossAverage average, Strategy strategy) {
        super(candidates, Regressor[]::new, Objects.requireNonNull(loss, "loss").configName(), average, strategy);
        this.loss = loss;
    }

    /**
     * The selector that {@link #state()} described, over the candidates restored in their own trained state: it
     * predicts and continues learning exactly like the one the state was taken from (the snapshot codec's way
     * back).
     *
     * @throws IllegalArgumentException when the candidates do not compete (as for the constructor), or the state
     *                                  does not fit them and the configuration
     */
    public static RegressorSelector restore(SequencedMap<String, ? extends Regressor> candidates,
            RegressionLoss loss, LossAverage average, Strategy strategy, SelectorState state) {
        RegressorSelector selector = new RegressorSelector(candidates, loss, average, strategy);
        selector.load(state);
        return selector;
    }

    @Override
    String mismatch(Regressor first, Regressor c) {
        return c.dimension() != first.dimension() ? "dimension " + c.dimension() + " vs " + first.dimension() : null;
    }

    @Override
    public double predictOne(FeatureVector x) {
        return server().predictOne(x);
    }

    /**
     * Scores the participating candidates on (x, y), then trains them on it. The input is checked before any
     * candidate is touched, so a bad instance leaves every candidate as it was.
     */
    @Override
    public void learnOne(FeatureVector x, double y) {
        checkFeatures(x);
        if (!Double.isFinite(y)) {
            throw new IllegalArgumentException("target must be finite, got " + y);
        }
        for (int i : competition.participants()) {
            Regressor c = candidates[i];
            double l = loss.loss(y, c.predictOne(x));
            competition.record(i, l, reward(l));
            c.learnOne(x, y);
        }
        eventDone();
    }

    /** {@code 1 - loss / (loss + s)}, s the mean of the losses recorded before this one. */
    private double reward(double l) {
        double s = competition.pooledMeanLoss();
        if (Double.isNaN(s)) {
            return l == 0 ? 1.0 : 0.5;
        }
        if (!Double.isFinite(l)) {
            return 0.0;
        }
        if (s == 0) {
            return l == 0 ? 1.0 : 0.0;
        }
        return s / (l + s);
    }

    @Override
    public Task task() {
        return Task.REGRESSION;
    }

    public RegressionLoss loss() {
        return loss;
    }
}
