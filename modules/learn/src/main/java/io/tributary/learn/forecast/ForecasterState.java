package io.tributary.learn.forecast;

import java.util.Objects;

/**
 * A forecaster's learned state, for snapshots: everything needed to continue exactly where it stopped.
 *
 * @param updates     points absorbed
 * @param steps       optimiser steps taken (0 for the baselines)
 * @param absDiffSum  sum of {@code |x[i] - x[i-1]|} over every point absorbed (the scale's numerator)
 * @param history     the points held, oldest first: {@code min(updates, capacity)} of them
 * @param parameters  the model's parameters (empty for the baselines), in the model's layout
 * @param firstMoments  Adam's first moments, same layout
 * @param secondMoments Adam's second moments, same layout
 */
public record ForecasterState(long updates, long steps, double absDiffSum, double[] history, float[] parameters,
        float[] firstMoments, float[] secondMoments) {

    public ForecasterState {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(firstMoments, "firstMoments");
        Objects.requireNonNull(secondMoments, "secondMoments");
        if (updates < 0 || steps < 0) {
            throw new IllegalArgumentException("updates and steps must be >= 0, got " + updates + ", " + steps);
        }
        if (firstMoments.length != parameters.length || secondMoments.length != parameters.length) {
            throw new IllegalArgumentException("moments of " + firstMoments.length + " and " + secondMoments.length
                    + " entries for " + parameters.length + " parameters");
        }
    }
}
