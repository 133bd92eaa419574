package io.tributary.learn.mixing;

import io.tributary.learn.OnlineLearner;
import io.tributary.learn.transform.Pipeline;

/**
 * A learner whose parameters can be averaged with those of other replicas of the same model: parameter mixing
 * across stream partitions, and federated averaging across clients. Only the model's parameters take part;
 * optimizer state (AdaGrad/Adam accumulators), update counts and a pipeline's transform statistics stay local.
 */
public interface Mixable {

    /** A copy of the parameters that mixing averages, flattened in a fixed order. */
    float[] parameters();

    /** Replaces those parameters; optimizer state and counters are untouched. */
    void loadParameters(float[] parameters);

    /** The learner's mixable core: the learner itself, or a pipeline's final learner; null when it has none. */
    static Mixable of(OnlineLearner learner) {
        OnlineLearner core = learner instanceof Pipeline p ? p.learner() : learner;
        return core instanceof Mixable m ? m : null;
    }
}
