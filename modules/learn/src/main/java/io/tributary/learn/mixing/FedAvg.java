package io.tributary.learn.mixing;

import java.util.List;

/**
 * The weighted mean of parameter vectors, {@code sum_i w_i p_i / sum_i w_i}: FedAvg, and iterative parameter mixing
 * (McDonald, Hall and Mann 2010) with weights = events each replica learned from since the last mix. Sums are in
 * double so that many replicas or large weights lose nothing to float rounding before the final division.
 */
final class FedAvg implements Aggregator {

    static final FedAvg INSTANCE = new FedAvg();

    private FedAvg() {
    }

    @Override
    public float[] aggregate(List<float[]> parameters, long[] weights) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("nothing to aggregate: no parameter vectors");
        }
        if (weights.length != parameters.size()) {
            throw new IllegalArgumentException(parameters.size() + " parameter vectors but " + weights.length + " weights");
        }
        int n = parameters.getFirst().length;
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] < 0) {
                throw new IllegalArgumentException("weight " + i + " is negative: " + weights[i]);
            }
            if (parameters.get(i).length != n) {
                throw new IllegalArgumentException("parameter vector " + i + " has length " + parameters.get(i).length + ", expected " + n);
            }
            total += weights[i];
        }
        if (total == 0) {
            return null;
        }
        double[] sum = new double[n];
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] == 0) {
                continue;
            }
            float[] p = parameters.get(i);
            double w = weights[i];
            for (int j = 0; j < n; j++) {
                sum[j] += w * p[j];
            }
        }
        float[] out = new float[n];
        for (int j = 0; j < n; j++) {
            out[j] = (float) (sum[j] / total);
        }
        return out;
    }
}
