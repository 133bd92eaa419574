package io.tributary.learn.neural;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.simd.Kernels;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Back-propagation against central finite differences of a double-precision reference network
 * ({@link ReferenceNetwork}) with the same parameters, for every activation and output head; and the forward pass
 * against the reference's. Widths 20 and 33 exercise both the vector blocks and the scalar tails of the kernels.
 */
class MlpGradientTest {

    private static final int[] HIDDEN = {20, 33};
    private static final int BATCH = 5;

    @ParameterizedTest
    @CsvSource({"SILU,IDENTITY", "SILU,SIGMOID", "SILU,SOFTMAX", "RELU,IDENTITY", "RELU,SIGMOID", "RELU,SOFTMAX",
            "TANH,IDENTITY", "TANH,SIGMOID", "TANH,SOFTMAX"})
    void gradientsMatchFiniteDifferences(Activation activation, OutputHead head) {
        int outputs = head == OutputHead.SOFTMAX ? 3 : 1;
        int[] sizes = {4, HIDDEN[0], HIDDEN[1], outputs};
        long seed = 31L * activation.ordinal() + head.ordinal();
        Mlp net = new Mlp(sizes, activation, seed, Kernels.preferred());
        // Non-zero biases, so that their gradients are exercised away from the initial state.
        float[] start = net.parameters();
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = net.biasOffset(0); i < start.length; i++) {
            start[i] = (float) r.nextDouble(-0.3, 0.3);
        }
        net = Mlp.restore(sizes, activation, Kernels.preferred(), start, new float[start.length],
                new float[start.length], 0);

        double[] params = new double[start.length];
        for (int i = 0; i < params.length; i++) {
            params[i] = start[i];
        }
        ReferenceNetwork ref = new ReferenceNetwork(sizes, activation, head);
        // Finite differences across ReLU's kink would be meaningless: draw inputs until every hidden
        // pre-activation is at least 1e-3 away from 0 (a step of h = 1e-5 moves them by far less).
        float[] x = new float[BATCH * sizes[0]];
        boolean clear = false;
        for (int attempt = 0; attempt < 100 && !clear; attempt++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextDouble(-1.5, 1.5);
            }
            clear = true;
            for (int s = 0; s < BATCH && activation == Activation.RELU; s++) {
                clear &= ref.smallestHiddenPreActivation(params, x, s) > 1e-3;
            }
        }
        assertTrue(clear, "no input draw kept clear of ReLU's kink");
        float[] y = new float[BATCH];
        for (int s = 0; s < BATCH; s++) {
            y[s] = switch (head) {
                case IDENTITY -> (float) r.nextDouble(-2, 2);
                case SIGMOID -> r.nextInt(2);
                case SOFTMAX -> r.nextInt(outputs);
            };
        }

        double loss = net.computeGradients(x, y, BATCH, head);
        assertEquals(ref.meanLoss(params, x, y, BATCH), loss, 1e-5 * (1 + loss), "mean loss");
        float[] analytic = net.gradients();
        double[] numeric = ref.numericalGradient(params, x, y, BATCH, 1e-5);
        double largest = 0;
        for (double g : numeric) {
            largest = Math.max(largest, Math.abs(g));
        }
        assertTrue(largest > 1e-3, "the check needs a non-trivial gradient, got " + largest);
        for (int i = 0; i < numeric.length; i++) {
            // Float activations carry relative errors near 1e-7; gradients accumulate a few of those.
            double tolerance = 2e-4 * Math.abs(numeric[i]) + 2e-5 * largest;
            assertEquals(numeric[i], analytic[i], tolerance, activation + "/" + head + " parameter " + i);
        }

        // The forward pass agrees with the reference too.
        float[] logits = net.forward(x, BATCH).clone();
        for (int s = 0; s < BATCH; s++) {
            double[] z = ref.logits(params, x, s);
            for (int j = 0; j < outputs; j++) {
                assertEquals(z[j], logits[s * outputs + j], 1e-5 * (1 + Math.abs(z[j])), "logit " + s + "," + j);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void rejectsAHeadThatDoesNotFitTheOutputs() {
        Mlp one = new Mlp(new int[] {2, 3, 1}, Activation.RELU, 1, Kernels.preferred());
        Mlp three = new Mlp(new int[] {2, 3, 3}, Activation.RELU, 1, Kernels.preferred());
        float[] x = {1, 2};
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> one.computeGradients(x, new float[] {0}, 1, OutputHead.SOFTMAX));
        assertTrue(e.getMessage().contains("does not fit 1 output"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> three.computeGradients(x, new float[] {0}, 1, OutputHead.IDENTITY));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> one.computeGradients(x, new float[0], 1, OutputHead.IDENTITY));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> one.forward(x, 2), "2 rows of 2 do not fit 2 inputs");
        assertTrue(three.computeGradients(x, new float[] {2}, 1, OutputHead.SOFTMAX) > 0, "a fitting head works");
    }

    @ParameterizedTest
    @CsvSource({"SILU,SOFTMAX", "RELU,IDENTITY", "TANH,SIGMOID"})
    void scalarAndVectorKernelsGiveBitIdenticalGradients(Activation activation, OutputHead head) {
        int outputs = head == OutputHead.SOFTMAX ? 4 : 1;
        int[] sizes = {5, 24, 17, outputs};
        Mlp vector = new Mlp(sizes, activation, 9, Kernels.vector());
        Mlp scalar = new Mlp(sizes, activation, 9, Kernels.scalar());
        assertArrayEquals(vector.parameters(), scalar.parameters(), "the seeded initialisation does not depend on kernels");
        SplittableRandom r = new SplittableRandom(4);
        float[] x = new float[7 * sizes[0]];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        float[] y = new float[7];
        for (int s = 0; s < y.length; s++) {
            y[s] = head == OutputHead.IDENTITY ? (float) r.nextGaussian() : r.nextInt(Math.max(2, outputs));
        }
        for (int step = 0; step < 3; step++) {
            assertEquals(vector.computeGradients(x, y, 7, head), scalar.computeGradients(x, y, 7, head), 0.0);
            assertArrayEquals(vector.gradients(), scalar.gradients(), "step " + step);
            vector.applyAdamW(0.01f, 0.1f, 0.9f, 0.999f, 1e-8f);
            scalar.applyAdamW(0.01f, 0.1f, 0.9f, 0.999f, 1e-8f);
            assertArrayEquals(vector.parameters(), scalar.parameters(), "step " + step);
        }
    }
}
