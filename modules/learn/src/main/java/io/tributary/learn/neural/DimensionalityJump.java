package io.tributary.learn.neural;

/**
 * A sudden change in one of the tracked series, as flagged by its {@link JumpDetector}.
 *
 * @param step     the optimiser step of the measurement that jumped
 * @param series   which series: {@code loss}, {@code gradient_norm}, or {@code layer<h>.<measure>} with measure one
 *                 of {@code stable_rank}, {@code participation_ratio}, {@code components_90},
 *                 {@code nuclear_norm_ratio}
 * @param previous the series' previous value
 * @param value    its new value
 * @param score    {@code |value - previous|} over the detector's scale of recent changes
 */
public record DimensionalityJump(long step, String series, double previous, double value, double score) {
}
