package io.tributary.learn.neural;

import java.util.List;

/**
 * What {@link MlpLearner#fit} did.
 *
 * @param epochs             epochs run
 * @param bestEpoch          the epoch (1-based) with the lowest validation loss; 0 without a validation slice
 * @param bestValidationLoss that loss (mean per instance), NaN without a validation slice
 * @param trainLoss          mean training loss of each epoch (over its mini-batches, as they were trained)
 * @param validationLoss     mean validation loss after each epoch (empty without a validation slice)
 * @param stoppedEarly       whether patience ran out before {@code maxEpochs}
 * @param trainCount         instances trained on per epoch
 * @param validationIndices  the held-out instances' indices in the arrays given to {@code fit}, in no particular
 *                           order (empty without a validation slice)
 */
public record FitResult(int epochs, int bestEpoch, double bestValidationLoss, List<Double> trainLoss,
        List<Double> validationLoss, boolean stoppedEarly, int trainCount, int[] validationIndices) {

    public FitResult {
        trainLoss = List.copyOf(trainLoss);
        validationLoss = List.copyOf(validationLoss);
        validationIndices = validationIndices.clone();
    }

    /** A copy of the held-out indices. */
    @Override
    public int[] validationIndices() {
        return validationIndices.clone();
    }

    /** Instances held out. */
    public int validationCount() {
        return validationIndices.length;
    }
}
