package io.tributary.learn.mixing;

import java.util.List;

/**
 * Combines replicas' parameter vectors into one: the single place where Tributary averages models, used by the
 * processor's global models (parameter mixing across partitions) and by federated learning rounds.
 */
public interface Aggregator {

    /**
     * @param parameters one vector per replica, all of the same length
     * @param weights    one non-negative weight per replica (e.g. the events it learned from since the last round)
     * @return the combined vector, or null when every weight is zero (nothing to combine)
     * @throws IllegalArgumentException on empty input, mismatched lengths, or negative or non-finite weights
     */
    float[] aggregate(List<float[]> parameters, long[] weights);

    /** Federated averaging (McMahan et al. 2017): the weighted mean, accumulated in double precision. */
    static Aggregator fedAvg() {
        return FedAvg.INSTANCE;
    }
}
