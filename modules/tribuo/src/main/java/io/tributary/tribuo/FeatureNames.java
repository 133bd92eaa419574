package io.tributary.tribuo;

import io.tributary.learn.DenseVector;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.SparseVector;
import java.util.Arrays;
import java.util.Comparator;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Output;
import org.tribuo.impl.ArrayExample;

/**
 * The stable feature naming that turns our vectors into Tribuo examples: coordinate {@code i} is the feature
 * {@code "f" + i}, for dense and sparse input alike. Every window's dataset, every prediction and every restored
 * model use the same names, so models trained on different windows (or in another process) agree on what each
 * feature is; Tribuo then numbers the features of each model by sorting these names.
 *
 * <p>Dense vectors give all {@code d} features, zeros included, so every model trained on dense input knows all of
 * them. Sparse vectors give their stored coordinates only (repeated indices summed, as {@link SparseVector}
 * defines), which Tribuo's trees and linear models read as zero elsewhere, like our learners do. Immutable.
 */
final class FeatureNames {

    private final String[] names;
    /** Coordinates in the order Tribuo sorts their names ("f0" < "f1" < "f10" < "f2"), so examples come pre-sorted. */
    private final int[] sortedCoordinates;
    private final String[] sortedNames;

    FeatureNames(int dimension) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, got " + dimension);
        }
        names = new String[dimension];
        for (int i = 0; i < dimension; i++) {
            names[i] = "f" + i;
        }
        Integer[] order = new Integer[dimension];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparing(i -> names[i]));
        sortedCoordinates = new int[dimension];
        sortedNames = new String[dimension];
        for (int k = 0; k < dimension; k++) {
            sortedCoordinates[k] = order[k];
            sortedNames[k] = names[order[k]];
        }
    }

    int dimension() {
        return names.length;
    }

    String name(int coordinate) {
        return names[coordinate];
    }

    /** The coordinate a feature name stands for, or -1 when it is not one of ours. */
    int coordinate(String name) {
        if (name == null || name.length() < 2 || name.charAt(0) != 'f') {
            return -1;
        }
        try {
            int i = Integer.parseInt(name, 1, name.length(), 10);
            return i >= 0 && i < names.length && names[i].equals(name) ? i : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The Tribuo example of {@code x} with {@code output}. A sparse vector with no stored coordinate becomes one
     * explicit zero, because Tribuo rejects examples without features.
     */
    <T extends Output<T>> Example<T> example(FeatureVector x, T output) {
        return switch (x) {
            case DenseVector dense -> {
                float[] v = dense.values();
                double[] values = new double[v.length];
                for (int k = 0; k < values.length; k++) {
                    values[k] = v[sortedCoordinates[k]];
                }
                yield new ArrayExample<>(output, sortedNames, values);
            }
            case SparseVector sparse -> sparseExample(sparse, output);
        };
    }

    private <T extends Output<T>> Example<T> sparseExample(SparseVector x, T output) {
        int[] idx = x.indices();
        float[] val = x.values();
        if (idx.length == 0) {
            return new ArrayExample<>(output, new String[] {names[0]}, new double[] {0.0});
        }
        // Sort by coordinate and sum repeats: Tribuo rejects duplicate feature names.
        long[] packed = new long[idx.length];
        for (int k = 0; k < idx.length; k++) {
            packed[k] = (long) idx[k] << 32 | k;
        }
        Arrays.sort(packed);
        String[] outNames = new String[idx.length];
        double[] outValues = new double[idx.length];
        int n = 0;
        int last = -1;
        for (long p : packed) {
            int coordinate = (int) (p >>> 32);
            double value = val[(int) p];
            if (coordinate == last) {
                outValues[n - 1] += value;
            } else {
                outNames[n] = names[coordinate];
                outValues[n] = value;
                n++;
                last = coordinate;
            }
        }
        return new ArrayExample<>(output, Arrays.copyOf(outNames, n), Arrays.copyOf(outValues, n));
    }

    /** Whether {@code model}'s feature map knows at least one of the features {@code x} carries. */
    boolean anyKnown(FeatureVector x, ImmutableFeatureMap featureMap) {
        return switch (x) {
            // A dense example carries every name, so any feature the model knows is among them.
            case DenseVector dense -> featureMap.size() > 0;
            case SparseVector sparse -> {
                if (sparse.indices().length == 0) {
                    yield featureMap.getID(names[0]) >= 0;
                }
                for (int i : sparse.indices()) {
                    if (featureMap.getID(names[i]) >= 0) {
                        yield true;
                    }
                }
                yield false;
            }
        };
    }
}
