package io.tributary.learn.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.DenseVector;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Learners;
import io.tributary.learn.OnlineLearner;
import io.tributary.learn.Regressor;
import io.tributary.learn.Task;
import io.tributary.learn.snapshot.LearnerCodec;
import io.tributary.learn.transform.Pipeline;
import io.tributary.learn.transform.TransformSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The provider SPI end to end, with {@link MeanProvider} found by {@link java.util.ServiceLoader} from this module's
 * test resources: names, hyper-parameters, creation through {@link Learners}, snapshots through {@link LearnerCodec}
 * (also inside a pipeline), and the clashes the registry refuses.
 */
class LearnerProvidersTest {

    private static final FeatureVector X = DenseVector.of(1f, 2f);

    @Test
    void serviceLoaderFindsTheTestProviderAndListsItAfterTheBuiltIns() {
        LearnerProviders installed = LearnerProviders.installed();
        assertEquals(1, installed.providers().size());
        assertInstanceOf(MeanProvider.class, installed.providers().getFirst());
        List<String> expected = new ArrayList<>(Learners.builtInAlgorithms());
        expected.add(MeanProvider.ALGORITHM);
        assertEquals(expected, Learners.algorithms());
        assertEquals(List.of("prior"), Learners.hyperparameters(" Test_Mean"));
    }

    @Test
    void learnersCreatesAProvidersLearnerWithItsHyperparameters() {
        Regressor r = (Regressor) Learners.create(LearnerSpec.regression(" TEST_mean ", 2, Map.of("prior", 2.5)));
        assertInstanceOf(MeanProvider.MeanRegressor.class, r);
        assertEquals(2.5, r.predictOne(X), "the prior before anything is learned");
        r.learnOne(X, 1.0);
        r.learnOne(X, 3.0);
        r.learnOne(X, 8.0);
        assertEquals((1.0 + 3.0 + 8.0) / 3, r.predictOne(X), 1e-15);
        assertEquals(3, r.updates());
        assertEquals(2, r.dimension());
    }

    @Test
    void providerErrorsAndUnknownAlgorithmsAreReported() {
        IllegalArgumentException task = assertThrows(IllegalArgumentException.class,
                () -> Learners.create(LearnerSpec.binary("test_mean", 2, Map.of())));
        assertTrue(task.getMessage().contains("cannot do task BINARY_CLASSIFICATION"), task.getMessage());
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> Learners.create(LearnerSpec.regression("test_mean", 2, Map.of("lr", 1))));
        assertTrue(key.getMessage().contains("'lr'"), key.getMessage());
        for (Executable unknown : List.<Executable>of(
                () -> Learners.create(LearnerSpec.regression("gradient_boosting", 2, Map.of())),
                () -> Learners.hyperparameters("gradient_boosting"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, unknown);
            assertTrue(e.getMessage().startsWith("unknown algorithm 'gradient_boosting'; allowed: "), e.getMessage());
            assertTrue(e.getMessage().endsWith(String.join(", ", Learners.algorithms())), e.getMessage());
            assertTrue(e.getMessage().contains("seasonal_naive, test_mean"), e.getMessage()); // built-ins first, then providers
        }
    }

    @Test
    void learnerCodecDelegatesToTheProviderByLearnerAndByMagic() {
        Regressor r = (Regressor) Learners.create(LearnerSpec.regression("test_mean", 2, Map.of("prior", -1.0)));
        r.learnOne(X, 4.0);
        r.learnOne(X, 5.0);
        byte[] bytes = LearnerCodec.encode(r);
        assertArrayEquals(MeanProvider.MAGIC, Arrays.copyOf(bytes, 4));
        Regressor back = assertInstanceOf(MeanProvider.MeanRegressor.class, LearnerCodec.decode(bytes));
        assertEquals(4.5, back.predictOne(X));
        assertEquals(2, back.updates());
        back.learnOne(X, 6.0);
        assertEquals(5.0, back.predictOne(X), 1e-15, "the restored count weighs the next target");

        byte[] flipped = bytes.clone();
        flipped[12] ^= 1;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LearnerCodec.decode(flipped));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void aPipelineEndingInAProvidersLearnerRoundTrips() {
        OnlineLearner p = Learners.create(LearnerSpec.regression("test_mean", 2, Map.of()),
                List.of(TransformSpec.of("standard_scaler")));
        Pipeline pipeline = assertInstanceOf(Pipeline.class, p);
        Regressor r = (Regressor) p;
        r.learnOne(X, 7.0);
        r.learnOne(DenseVector.of(3f, 4f), 9.0);
        Pipeline back = assertInstanceOf(Pipeline.class, LearnerCodec.decode(LearnerCodec.encode(pipeline)));
        assertInstanceOf(MeanProvider.MeanRegressor.class, back.learner());
        assertEquals(8.0, ((Regressor) back).predictOne(X), 1e-15);
    }

    @Test
    void codecStillRejectsLearnersNoOneCanEncode() {
        OnlineLearner stranger = new OnlineLearner() {
            @Override
            public Task task() {
                return Task.REGRESSION;
            }

            @Override
            public int dimension() {
                return 1;
            }

            @Override
            public long updates() {
                return 0;
            }

            @Override
            public String algorithm() {
                return "stranger";
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LearnerCodec.encode(stranger));
        assertTrue(e.getMessage().contains("installed providers (test_mean)"), e.getMessage());
    }

    @Test
    void registryRefusesClashesAndMalformedProviders() {
        List<String> builtIns = Learners.builtInAlgorithms();
        assertClash("exactly 4 bytes", List.of(new Fake("TRB", Set.of("a"))), builtIns);
        assertClash("of a built-in format", List.of(new Fake("TRBL", Set.of("a"))), builtIns);
        assertClash("both use the snapshot magic \"ABCD\"",
                List.of(new Fake("ABCD", Set.of("a")), new Fake("ABCD", Set.of("b"))), builtIns);
        assertClash("'ftrl', which is built in", List.of(new Fake("ABCD", Set.of("ftrl"))), builtIns);
        assertClash("both declare the algorithm 'a'",
                List.of(new Fake("ABCD", Set.of("a")), new Fake("EFGH", Set.of("a", "b"))), builtIns);
        assertClash("lower case", List.of(new Fake("ABCD", Set.of("Forest"))), builtIns);
        assertClash("declares no algorithms", List.of(new Fake("ABCD", Set.of())), builtIns);

        Fake first = new Fake("ABCD", Set.of("zeta", "alpha"));
        Fake second = new Fake("EFGH", Set.of("beta"));
        LearnerProviders ok = new LearnerProviders(List.of(first, second), builtIns);
        assertEquals(List.of("alpha", "zeta", "beta"), ok.algorithms(), "by provider, each provider's sorted");
        assertEquals(second, ok.forAlgorithm("beta").orElseThrow());
        assertEquals(first, ok.forSnapshot("ABCD and more".getBytes(StandardCharsets.US_ASCII)).orElseThrow());
        assertTrue(ok.forSnapshot("ABC".getBytes(StandardCharsets.US_ASCII)).isEmpty());
        assertTrue(ok.forSnapshot("TRBL....".getBytes(StandardCharsets.US_ASCII)).isEmpty());
    }

    private static void assertClash(String expected, List<LearnerProvider> providers, List<String> reserved) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new LearnerProviders(providers, reserved));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    /** A provider that only has names and a magic, for the registry's checks. */
    private record Fake(String magicText, Set<String> names) implements LearnerProvider {
        @Override
        public Set<String> algorithms() {
            return names;
        }

        @Override
        public OnlineLearner create(LearnerSpec spec) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> hyperparameters(String algorithm) {
            return List.of();
        }

        @Override
        public byte[] magic() {
            return magicText.getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public boolean canEncode(OnlineLearner learner) {
            return false;
        }

        @Override
        public byte[] encode(OnlineLearner learner) {
            throw new UnsupportedOperationException();
        }

        @Override
        public OnlineLearner decode(byte[] bytes) {
            throw new UnsupportedOperationException();
        }
    }
}
