package io.tributary.learn.neural;

/**
 * How many directions a layer's activations use, from the singular values {@code s_1 >= s_2 >= ... >= 0} of the
 * activation matrix {@code A} ({@code batch x width}) of one mini-batch. With {@code r = min(batch, width)} (the
 * most singular values {@code A} can have, the "rank cap") and energies {@code s_i^2}:
 *
 * <ul>
 *   <li>{@code stableRank = sum(s_i^2) / s_1^2 = ||A||_F^2 / ||A||_2^2}, in {@code [1, r]};</li>
 *   <li>{@code participationRatio = (sum s_i^2)^2 / sum s_i^4}, in {@code [1, r]}: the number of equally strong
 *       directions that would give the same spread of energy;</li>
 *   <li>{@code componentsFor90} = the fewest leading singular values holding at least 90 % of the energy
 *       {@code sum s_i^2} (compared with a relative slack of 1e-12, so that e.g. 9 of 10 equal values count as
 *       exactly 90 %);</li>
 *   <li>{@code nuclearNormRatio = sum(s_i) / (sqrt(r) ||A||_F)}, in {@code [1/sqrt(r), 1]} by Cauchy-Schwarz: 1
 *       when all {@code r} singular values are equal, {@code 1/sqrt(r)} at rank one.</li>
 * </ul>
 *
 * A zero matrix has no direction at all: every measure is 0.
 *
 * @param layer            hidden layer, 1-based
 * @param rankCap          {@code min(batch, width)}
 * @param frobeniusNorm    {@code ||A||_F}
 */
public record LayerDimensionality(int layer, int rankCap, double stableRank, double participationRatio,
        int componentsFor90, double nuclearNormRatio, double frobeniusNorm) {

    /** The share of the energy {@link #componentsFor90} must hold. */
    public static final double ENERGY_FRACTION = 0.9;

    /**
     * The measures from singular values in descending order.
     *
     * @param singularValues {@code s_1 >= s_2 >= ...}, non-negative; at most {@code rankCap} of them are used
     */
    public static LayerDimensionality of(int layer, double[] singularValues, int rankCap) {
        if (rankCap < 1 || rankCap > singularValues.length) {
            throw new IllegalArgumentException("rank cap " + rankCap + " outside [1, " + singularValues.length + "]");
        }
        double energy = 0;
        double energy2 = 0;
        double nuclear = 0;
        for (int i = 0; i < rankCap; i++) {
            double s = singularValues[i];
            if (!(s >= 0) || (i > 0 && s > singularValues[i - 1])) {
                throw new IllegalArgumentException("singular values must be non-negative and descending, got " + s
                        + " at " + i);
            }
            energy += s * s;
            energy2 += s * s * s * s;
            nuclear += s;
        }
        if (energy == 0) {
            return new LayerDimensionality(layer, rankCap, 0, 0, 0, 0, 0);
        }
        double top = singularValues[0] * singularValues[0];
        int components = 0;
        double cumulative = 0;
        double target = ENERGY_FRACTION * energy * (1 - 1e-12);
        while (components < rankCap && cumulative < target) {
            double s = singularValues[components++];
            cumulative += s * s;
        }
        double frobenius = Math.sqrt(energy);
        return new LayerDimensionality(layer, rankCap, energy / top, energy * energy / energy2, components,
                nuclear / (Math.sqrt(rankCap) * frobenius), frobenius);
    }
}
