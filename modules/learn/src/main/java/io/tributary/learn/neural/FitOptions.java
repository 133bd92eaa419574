package io.tributary.learn.neural;

/**
 * How {@link MlpLearner#fit batch/replay training} runs: epochs over an array of instances in a seeded shuffled
 * order, a held-out validation slice, and early stopping.
 *
 * @param maxEpochs          passes over the training part, {@code >= 1}
 * @param validationFraction share of the instances held out (a seeded random subset, never trained on), in
 *                           {@code [0, 1)}; 0 disables early stopping
 * @param patience           stop after this many epochs without a lower validation loss, {@code >= 1}
 * @param seed               seeds the split and the per-epoch shuffles
 * @param restoreBest        at the end, put back the network (parameters, moments, step count) as it was after the
 *                           epoch with the lowest validation loss
 */
public record FitOptions(int maxEpochs, double validationFraction, int patience, long seed, boolean restoreBest) {

    public FitOptions {
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("maxEpochs must be >= 1, got " + maxEpochs);
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must be in [0, 1), got " + validationFraction);
        }
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be >= 1, got " + patience);
        }
    }

    /** 100 epochs at most, 20 % held out, patience 10, seed 0, best epoch restored. */
    public static FitOptions defaults() {
        return new FitOptions(100, 0.2, 10, 0, true);
    }

    public FitOptions withMaxEpochs(int epochs) {
        return new FitOptions(epochs, validationFraction, patience, seed, restoreBest);
    }

    public FitOptions withPatience(int p) {
        return new FitOptions(maxEpochs, validationFraction, p, seed, restoreBest);
    }

    public FitOptions withValidationFraction(double f) {
        return new FitOptions(maxEpochs, f, patience, seed, restoreBest);
    }

    public FitOptions withSeed(long s) {
        return new FitOptions(maxEpochs, validationFraction, patience, s, restoreBest);
    }
}
