package io.tributary.learn.neural;

import java.util.List;

/**
 * One measurement of a network's hidden layers, taken after an optimiser step on that step's mini-batch.
 *
 * @param step         the optimiser step (AdamW's {@code t}) it was taken after
 * @param batchSize    rows of the activation matrices
 * @param loss         the mini-batch's mean loss before the step
 * @param gradientNorm Euclidean norm of that step's gradient over all parameters
 * @param layers       one entry per hidden layer, first to last
 */
public record DimensionalityReport(long step, int batchSize, double loss, double gradientNorm,
        List<LayerDimensionality> layers) {

    public DimensionalityReport {
        layers = List.copyOf(layers);
    }
}
