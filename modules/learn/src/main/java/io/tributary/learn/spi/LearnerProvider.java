package io.tributary.learn.spi;

import io.tributary.learn.LearnerSpec;
import io.tributary.learn.OnlineLearner;
import java.util.List;
import java.util.Set;

/**
 * A plug-in that adds algorithms to {@link io.tributary.learn.Learners} and their snapshots to
 * {@link io.tributary.learn.snapshot.LearnerCodec}, so that a module with its own dependencies (Tribuo, say) can
 * supply learners without this module depending on it.
 *
 * <p>Providers are found with {@link java.util.ServiceLoader}: a jar lists its implementation in
 * {@code META-INF/services/io.tributary.learn.spi.LearnerProvider} and needs a public no-argument constructor.
 * They are looked up once, on first use, with the class loader that loaded this interface (see
 * {@link LearnerProviders}). The built-in algorithms always come first: a provider may not reuse a built-in
 * algorithm name or snapshot magic, nor one of another provider's; {@link LearnerProviders} refuses to start
 * with such a clash rather than pick a winner.
 *
 * <p>Implementations must be thread-safe (they are shared process-wide) and should validate a spec's
 * hyper-parameters as strictly as the built-ins do: unknown keys, wrong types and out-of-range values are an
 * {@link IllegalArgumentException} naming the key and what is allowed.
 */
public interface LearnerProvider {

    /** The algorithm names this provider builds: lower case, trimmed, not blank. Fixed for the provider's life. */
    Set<String> algorithms();

    /**
     * Builds the learner {@code spec} describes. {@code spec.algorithm()} is one of {@link #algorithms()},
     * lower-cased and trimmed.
     *
     * @throws IllegalArgumentException when the task, the dimension or a hyper-parameter is not acceptable
     */
    OnlineLearner create(LearnerSpec spec);

    /** The hyper-parameter keys {@code algorithm} (one of {@link #algorithms()}) accepts. */
    List<String> hyperparameters(String algorithm);

    /**
     * The four bytes every snapshot this provider writes starts with; {@link io.tributary.learn.snapshot.LearnerCodec}
     * dispatches on them. Must differ from the built-in formats' ("TRBL", "TRBP", "TRBS") and from every other
     * provider's. The same value on every call.
     */
    byte[] magic();

    /** Whether {@link #encode} can store this learner (typically: it is one this provider built or decoded). */
    boolean canEncode(OnlineLearner learner);

    /**
     * The learner's snapshot, starting with {@link #magic()}. Should be versioned and checksummed like the built-in
     * formats, so that {@link #decode} can reject what it cannot read instead of building a wrong model.
     *
     * @throws IllegalArgumentException when {@link #canEncode} is false for it
     */
    byte[] encode(OnlineLearner learner);

    /**
     * Rebuilds a learner from {@link #encode}'s bytes (which start with {@link #magic()}).
     *
     * @throws IllegalArgumentException with the reason when the bytes are not a valid snapshot
     */
    OnlineLearner decode(byte[] bytes);
}
