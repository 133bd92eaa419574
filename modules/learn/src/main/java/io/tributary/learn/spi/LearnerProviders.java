package io.tributary.learn.spi;

import io.tributary.learn.Learners;
import io.tributary.learn.OnlineLearner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * The {@link LearnerProvider}s on the class path, checked for clashes, and the look-ups {@code Learners} and
 * {@code LearnerCodec} need: by algorithm name, by snapshot magic, by learner.
 *
 * <p>{@link #installed()} runs the {@link ServiceLoader} once, on first use, with this class's own loader (not
 * the thread's context loader), so that which providers exist does not depend on which thread asks first. A
 * provider that cannot be instantiated, or whose names or magic clash with a built-in or another provider, makes
 * {@code installed()} throw an {@link IllegalStateException} every time it is called: a broken plug-in should
 * stop a deployment loudly, not quietly take away an algorithm its configs name.
 */
public final class LearnerProviders {

    /** Magics of the snapshot formats {@code tributary-learn} itself writes; providers must not reuse them. */
    static final List<String> BUILT_IN_MAGICS = List.of("TRBL", "TRBP", "TRBS");

    private static volatile LearnerProviders installed;

    private final List<LearnerProvider> providers;
    private final Map<String, LearnerProvider> byAlgorithm;
    private final Map<Integer, LearnerProvider> byMagic;
    private final List<String> algorithms;

    /**
     * @param providers     in discovery order
     * @param reservedNames the built-in algorithm names, which a provider may not reuse
     * @throws IllegalStateException naming the provider and the clash
     */
    LearnerProviders(List<LearnerProvider> providers, Collection<String> reservedNames) {
        this.providers = List.copyOf(providers);
        Map<String, LearnerProvider> names = new LinkedHashMap<>();
        Map<Integer, LearnerProvider> magics = new HashMap<>();
        List<String> ordered = new ArrayList<>();
        for (LearnerProvider p : this.providers) {
            String who = p.getClass().getName();
            byte[] magic = p.magic();
            if (magic == null || magic.length != 4) {
                throw new IllegalStateException("learner provider " + who + " has a magic of "
                        + (magic == null ? "null" : magic.length + " bytes") + "; it must be exactly 4 bytes");
            }
            String magicText = new String(magic, StandardCharsets.ISO_8859_1);
            if (BUILT_IN_MAGICS.contains(magicText)) {
                throw new IllegalStateException("learner provider " + who + " uses the snapshot magic \"" + magicText
                        + "\" of a built-in format (" + String.join(", ", BUILT_IN_MAGICS) + ")");
            }
            LearnerProvider sameMagic = magics.putIfAbsent(magicKey(magic, 0), p);
            if (sameMagic != null) {
                throw new IllegalStateException("learner providers " + sameMagic.getClass().getName() + " and "
                        + who + " both use the snapshot magic \"" + magicText + "\"");
            }
            Collection<String> declared = p.algorithms();
            if (declared == null || declared.isEmpty()) {
                throw new IllegalStateException("learner provider " + who + " declares no algorithms");
            }
            // Sorted, so that algorithms() does not depend on the provider's choice of Set implementation.
            for (String name : new TreeSet<>(declared)) {
                if (name == null || name.isBlank() || !name.equals(name.trim().toLowerCase(Locale.ROOT))) {
                    throw new IllegalStateException("learner provider " + who + " declares the algorithm name '"
                            + name + "'; names must be non-blank, trimmed and lower case");
                }
                if (reservedNames.contains(name)) {
                    throw new IllegalStateException("learner provider " + who + " declares the algorithm '" + name
                            + "', which is built in");
                }
                LearnerProvider sameName = names.putIfAbsent(name, p);
                if (sameName != null) {
                    throw new IllegalStateException("learner providers " + sameName.getClass().getName() + " and "
                            + who + " both declare the algorithm '" + name + "'");
                }
                ordered.add(name);
            }
        }
        this.byAlgorithm = Map.copyOf(names);
        this.byMagic = Map.copyOf(magics);
        this.algorithms = List.copyOf(ordered);
    }

    /**
     * The providers {@link ServiceLoader} finds, loaded on the first call; none of their algorithm names may be one of
     * {@link Learners#builtInAlgorithms()}.
     *
     * @throws IllegalStateException when a provider cannot be loaded or clashes (see the class comment)
     */
    public static LearnerProviders installed() {
        LearnerProviders found = installed;
        if (found == null) {
            synchronized (LearnerProviders.class) {
                found = installed;
                if (found == null) {
                    found = new LearnerProviders(load(), Learners.builtInAlgorithms());
                    installed = found;
                }
            }
        }
        return found;
    }

    private static List<LearnerProvider> load() {
        List<LearnerProvider> found = new ArrayList<>();
        try {
            for (LearnerProvider p : ServiceLoader.load(LearnerProvider.class, LearnerProvider.class.getClassLoader())) {
                found.add(p);
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("could not load a learner provider: " + e.getMessage(), e);
        }
        return found;
    }

    /** The providers, in discovery order. */
    public List<LearnerProvider> providers() {
        return providers;
    }

    /** Every provider's algorithm names: provider by provider in discovery order, each provider's sorted. */
    public List<String> algorithms() {
        return algorithms;
    }

    /** The provider of {@code algorithm} (already lower-cased and trimmed), if any. */
    public Optional<LearnerProvider> forAlgorithm(String algorithm) {
        return Optional.ofNullable(byAlgorithm.get(Objects.requireNonNull(algorithm, "algorithm")));
    }

    /** The provider whose magic {@code bytes} start with, if any. */
    public Optional<LearnerProvider> forSnapshot(byte[] bytes) {
        if (bytes == null || bytes.length < 4) {
            return Optional.empty();
        }
        return Optional.ofNullable(byMagic.get(magicKey(bytes, 0)));
    }

    /** The first provider (in discovery order) that can encode {@code learner}, if any. */
    public Optional<LearnerProvider> forLearner(OnlineLearner learner) {
        for (LearnerProvider p : providers) {
            if (p.canEncode(learner)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static int magicKey(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) << 24 | (bytes[offset + 1] & 0xFF) << 16 | (bytes[offset + 2] & 0xFF) << 8
                | (bytes[offset + 3] & 0xFF);
    }

    @Override
    public String toString() {
        return "LearnerProviders" + Arrays.toString(providers.stream().map(p -> p.getClass().getName()).toArray());
    }
}
