package io.tributary.learn.selection;

import io.tributary.learn.Classifier;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.Regressor;
import io.tributary.learn.Task;

/** Baselines that ignore their input: the "clearly bad" candidates of the selection tests. */
final class Constant {

    private Constant() {
    }

    static final class ConstantClassifier implements Classifier {
        private final int dimension;
        private final float[] probabilities;
        private long updates;

        ConstantClassifier(int dimension, float... probabilities) {
            this.dimension = dimension;
            this.probabilities = probabilities.clone();
        }

        @Override
        public int numClasses() {
            return probabilities.length;
        }

        @Override
        public float[] predictProbaOne(FeatureVector x) {
            return probabilities.clone();
        }

        @Override
        public void learnOne(FeatureVector x, int y) {
            updates++;
        }

        @Override
        public Task task() {
            return probabilities.length == 2 ? Task.BINARY_CLASSIFICATION : Task.MULTICLASS_CLASSIFICATION;
        }

        @Override
        public int dimension() {
            return dimension;
        }

        @Override
        public long updates() {
            return updates;
        }

        @Override
        public String algorithm() {
            return "constant";
        }
    }

    static final class ConstantRegressor implements Regressor {
        private final int dimension;
        private final double value;
        private long updates;

        ConstantRegressor(int dimension, double value) {
            this.dimension = dimension;
            this.value = value;
        }

        @Override
        public double predictOne(FeatureVector x) {
            return value;
        }

        @Override
        public void learnOne(FeatureVector x, double y) {
            updates++;
        }

        @Override
        public Task task() {
            return Task.REGRESSION;
        }

        @Override
        public int dimension() {
            return dimension;
        }

        @Override
        public long updates() {
            return updates;
        }

        @Override
        public String algorithm() {
            return "constant";
        }
    }
}
