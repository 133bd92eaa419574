package io.tributary.tribuo;

import io.tributary.learn.LearnerSpec;
import io.tributary.learn.OnlineLearner;
import io.tributary.learn.spi.LearnerProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Plugs this module into {@code tributary-learn}: {@code Learners.create} builds {@code algorithm: tribuo} through
 * {@link #create}, and {@code LearnerCodec} stores and reads its learners through {@link TribuoCodec} (magic
 * "TRBT"). Registered in {@code META-INF/services/io.tributary.learn.spi.LearnerProvider}.
 */
public final class TribuoLearnerProvider implements LearnerProvider {

    @Override
    public Set<String> algorithms() {
        return Set.of(TribuoConfig.ALGORITHM);
    }

    /** A {@link TribuoClassifier} or {@link TribuoRegressor}, by the spec's task. */
    @Override
    public OnlineLearner create(LearnerSpec spec) {
        TribuoConfig config = TribuoConfig.parse(spec);
        return config.task().isClassification() ? new TribuoClassifier(config) : new TribuoRegressor(config);
    }

    /** Every key some trainer accepts: the common ones, then each trainer's options ({@link TrainerKind#options()}). */
    @Override
    public List<String> hyperparameters(String algorithm) {
        return new ArrayList<>(TribuoConfig.ALL_KEYS);
    }

    @Override
    public byte[] magic() {
        return TribuoCodec.MAGIC.clone();
    }

    @Override
    public boolean canEncode(OnlineLearner learner) {
        return learner instanceof TribuoLearner<?>;
    }

    @Override
    public byte[] encode(OnlineLearner learner) {
        if (!(learner instanceof TribuoLearner<?> tribuo)) {
            throw new IllegalArgumentException("not a tribuo learner: " + learner.getClass().getName());
        }
        return TribuoCodec.encode(tribuo);
    }

    @Override
    public OnlineLearner decode(byte[] bytes) {
        return TribuoCodec.decode(bytes);
    }
}
