package io.tributary.learn.neural;

import java.util.Objects;

/**
 * The learned state of an {@link MlpLearner}, everything a snapshot needs to continue exactly: the parameters and
 * AdamW's moments (layout of {@link Mlp#parameters()}), the optimiser's step count, and the instances waiting in
 * the partly filled mini-batch. Arrays are not copied here; {@link MlpLearner#state()} hands out copies and
 * {@link MlpLearner} copies what it is given.
 *
 * @param updates         {@code learnOne} calls (plus instances trained on by {@code fit})
 * @param steps           optimiser steps taken, AdamW's {@code t}
 * @param bufferedInputs  {@code b x dimension} row-major, the {@code b < batchSize} instances buffered so far
 * @param bufferedTargets their {@code b} targets (the regression target, or the class index as a float)
 */
public record MlpState(long updates, long steps, float[] parameters, float[] firstMoments, float[] secondMoments,
        float[] bufferedInputs, float[] bufferedTargets) {

    public MlpState {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(firstMoments, "firstMoments");
        Objects.requireNonNull(secondMoments, "secondMoments");
        Objects.requireNonNull(bufferedInputs, "bufferedInputs");
        Objects.requireNonNull(bufferedTargets, "bufferedTargets");
        if (updates < 0 || steps < 0) {
            throw new IllegalArgumentException("updates and steps must be >= 0, got " + updates + ", " + steps);
        }
    }

    /** Instances waiting in the mini-batch. */
    public int buffered() {
        return bufferedTargets.length;
    }
}
