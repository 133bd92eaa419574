package io.tributary.learn.neural;

/**
 * Bytes an MLP holds in float arrays, by purpose (4 bytes per entry; object headers and the config not counted).
 *
 * @param parameters     weights and biases
 * @param gradients      one gradient per parameter
 * @param optimizerState AdamW's two moments per parameter
 * @param scratch        buffers sized by the largest batch seen so far: activations, their derivatives, the
 *                       back-propagated gradients, transposed weights, and the learner's mini-batch buffer
 */
public record MlpMemory(long parameters, long gradients, long optimizerState, long scratch) {

    /** Everything above. */
    public long total() {
        return parameters + gradients + optimizerState + scratch;
    }
}
