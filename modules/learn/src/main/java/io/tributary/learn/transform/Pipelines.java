package io.tributary.learn.transform;

import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Learners;
import io.tributary.learn.OnlineLearner;
import io.tributary.learn.simd.Kernels;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds transforms and pipelines from specs, the form in which configs name them.
 *
 * <table>
 *   <caption>Transform types and their parameters</caption>
 *   <tr><th>type</th><th>parameters</th><th>builds</th></tr>
 *   <tr><td>{@code standard_scaler}</td><td>{@code features} (optional, default all)</td><td>{@link StandardScaler}</td></tr>
 *   <tr><td>{@code difference}</td><td>{@code features} (optional)</td><td>{@link Difference}</td></tr>
 *   <tr><td>{@code lag}</td><td>{@code features} (optional), {@code lags} (default 1)</td><td>{@link Lag}</td></tr>
 *   <tr><td>{@code rolling}</td><td>{@code window} (required), {@code features} (optional), {@code stats}
 *       (subset of mean, std, min, max; default all)</td><td>{@link Rolling}</td></tr>
 *   <tr><td>{@code fourier}</td><td>{@code feature} (required), {@code periods} (required), {@code order}
 *       (default 1)</td><td>{@link Fourier}</td></tr>
 *   <tr><td>{@code one_hot}</td><td>{@code feature} (required), {@code vocabulary} (required)</td><td>{@link OneHot}</td></tr>
 *   <tr><td>{@code select}</td><td>{@code features} (required): kept, in that order</td><td>{@link Select}</td></tr>
 *   <tr><td>{@code drop}</td><td>{@code features} (required): removed</td><td>{@link Select}</td></tr>
 * </table>
 *
 * <p>Feature indices refer to the input of that transform, i.e. the output of the previous one. Errors are
 * {@link IllegalArgumentException}s that name the transform's position and type and the offending parameter, e.g.
 * {@code transform 1 (rolling): unknown parameter 'windw'; allowed: features, window, stats}.
 */
public final class Pipelines {

    public static final String FEATURES = "features";
    public static final String FEATURE = "feature";
    public static final String LAGS = "lags";
    public static final String WINDOW = "window";
    public static final String STATS = "stats";
    public static final String PERIODS = "periods";
    public static final String ORDER = "order";
    public static final String VOCABULARY = "vocabulary";

    private static final String DROP = "drop";
    private static final List<String> TYPES = List.of(StandardScaler.TYPE, Difference.TYPE, Lag.TYPE, Rolling.TYPE,
            Fourier.TYPE, OneHot.TYPE, Select.TYPE, DROP);

    private Pipelines() {
    }

    /** The transform types {@link #transform} understands. */
    public static List<String> types() {
        return TYPES;
    }

    /**
     * A pipeline whose input dimension is {@code learner.dimension()}: the transforms are built in order starting
     * from that dimension, and the learner is built for the last transform's output dimension (with the spec's
     * algorithm, task, classes and hyper-parameters). Uses {@link Kernels#preferred()}.
     */
    public static Pipeline create(List<TransformSpec> transforms, LearnerSpec learner) {
        return create(transforms, learner, Kernels.preferred());
    }

    public static Pipeline create(List<TransformSpec> transforms, LearnerSpec learner, Kernels kernels) {
        Objects.requireNonNull(learner, "learner");
        Objects.requireNonNull(kernels, "kernels");
        List<Transform> built = transforms(learner.dimension(), transforms);
        int d = built.isEmpty() ? learner.dimension() : built.getLast().outputDimension();
        OnlineLearner model = Learners.create(new LearnerSpec(learner.algorithm(), learner.task(), d,
                learner.numClasses(), learner.hyperparameters()), kernels);
        return Pipeline.of(built, model);
    }

    /** Builds {@code specs} in order, the first taking {@code dimension} inputs. */
    public static List<Transform> transforms(int dimension, List<TransformSpec> specs) {
        Objects.requireNonNull(specs, "transforms");
        List<Transform> out = new ArrayList<>(specs.size());
        int d = dimension;
        for (int i = 0; i < specs.size(); i++) {
            TransformSpec spec = Objects.requireNonNull(specs.get(i), "transform " + i);
            Transform t = transform(i, d, spec);
            out.add(t);
            d = t.outputDimension();
        }
        return out;
    }

    /** Builds one transform taking {@code dimension} inputs. */
    public static Transform transform(int dimension, TransformSpec spec) {
        return transform(0, dimension, spec);
    }

    private static Transform transform(int position, int dimension, TransformSpec spec) {
        String type = spec.type().trim().toLowerCase(Locale.ROOT);
        String where = "transform " + position + " (" + type + ")";
        Params p = new Params(where, spec.parameters());
        try {
            return switch (type) {
                case StandardScaler.TYPE -> {
                    p.allow(FEATURES);
                    yield new StandardScaler(dimension, p.indices(FEATURES, false));
                }
                case Difference.TYPE -> {
                    p.allow(FEATURES);
                    yield new Difference(dimension, p.indices(FEATURES, false));
                }
                case Lag.TYPE -> {
                    p.allow(FEATURES, LAGS);
                    yield new Lag(dimension, p.indices(FEATURES, false), p.positiveInt(LAGS, 1));
                }
                case Rolling.TYPE -> {
                    p.allow(FEATURES, WINDOW, STATS);
                    yield new Rolling(dimension, p.indices(FEATURES, false), p.requiredPositiveInt(WINDOW),
                            p.stats(STATS));
                }
                case Fourier.TYPE -> {
                    p.allow(FEATURE, PERIODS, ORDER);
                    yield new Fourier(dimension, p.requiredIndex(FEATURE), p.numbers(PERIODS),
                            p.positiveInt(ORDER, 1));
                }
                case OneHot.TYPE -> {
                    p.allow(FEATURE, VOCABULARY);
                    double[] vocabulary = p.numbers(VOCABULARY);
                    float[] codes = new float[vocabulary.length];
                    for (int i = 0; i < codes.length; i++) {
                        codes[i] = (float) vocabulary[i];
                    }
                    yield new OneHot(dimension, p.requiredIndex(FEATURE), codes);
                }
                case Select.TYPE -> {
                    p.allow(FEATURES);
                    yield Select.keep(dimension, p.indices(FEATURES, true));
                }
                case DROP -> {
                    p.allow(FEATURES);
                    yield Select.drop(dimension, p.indices(FEATURES, true));
                }
                default -> throw new IllegalArgumentException("transform " + position + ": unknown type '"
                        + spec.type() + "'; allowed: " + String.join(", ", TYPES));
            };
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            throw m.startsWith("transform " + position) ? e : new IllegalArgumentException(where + ": " + m, e);
        }
    }

    /** Typed, checked access to a spec's parameters; every error names the parameter. */
    private record Params(String where, Map<String, ?> values) {

        void allow(String... keys) {
            List<String> allowed = List.of(keys);
            for (String key : values.keySet()) {
                if (!allowed.contains(key)) {
                    throw new IllegalArgumentException(where + ": unknown parameter '" + key + "'; allowed: "
                            + String.join(", ", allowed));
                }
            }
        }

        private IllegalArgumentException bad(String key, String expected, Object value) {
            return new IllegalArgumentException(where + ": parameter '" + key + "' must be " + expected + ", got "
                    + (value instanceof CharSequence ? "'" + value + "'" : String.valueOf(value)));
        }

        private static List<?> elements(Object value) {
            if (value instanceof CharSequence text) {
                String s = text.toString().trim();
                if (s.startsWith("[") && s.endsWith("]")) {
                    s = s.substring(1, s.length() - 1);
                }
                List<String> parts = new ArrayList<>();
                for (String part : s.split(",")) {
                    if (!part.isBlank()) {
                        parts.add(part.trim());
                    }
                }
                return parts;
            }
            if (value instanceof Collection<?> c) {
                return List.copyOf(c);
            }
            if (value instanceof int[] a) {
                return java.util.Arrays.stream(a).boxed().toList();
            }
            if (value instanceof double[] a) {
                return java.util.Arrays.stream(a).boxed().toList();
            }
            return List.of(value);
        }

        private static Double number(Object v) {
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            if (v instanceof CharSequence text) {
                try {
                    return Double.parseDouble(text.toString().trim());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return null;
        }

        private static Integer integer(Object v) {
            Double d = number(v);
            if (d == null || d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
                return null;
            }
            return d.intValue();
        }

        int[] indices(String key, boolean required) {
            Object value = values.get(key);
            if (value == null) {
                if (required) {
                    throw new IllegalArgumentException(where + ": parameter '" + key + "' is required");
                }
                return null;
            }
            List<?> list = elements(value);
            int[] out = new int[list.size()];
            for (int i = 0; i < out.length; i++) {
                Integer v = integer(list.get(i));
                if (v == null) {
                    throw bad(key, "a list of feature indices", value);
                }
                out[i] = v;
            }
            return out;
        }

        int requiredIndex(String key) {
            Object value = values.get(key);
            if (value == null) {
                throw new IllegalArgumentException(where + ": parameter '" + key + "' is required");
            }
            Integer v = integer(value);
            if (v == null) {
                throw bad(key, "a feature index", value);
            }
            return v;
        }

        int positiveInt(String key, int fallback) {
            Object value = values.get(key);
            if (value == null) {
                return fallback;
            }
            Integer v = integer(value);
            if (v == null || v <= 0) {
                throw bad(key, "a positive integer", value);
            }
            return v;
        }

        int requiredPositiveInt(String key) {
            if (!values.containsKey(key)) {
                throw new IllegalArgumentException(where + ": parameter '" + key + "' is required");
            }
            return positiveInt(key, 0);
        }

        double[] numbers(String key) {
            Object value = values.get(key);
            if (value == null) {
                throw new IllegalArgumentException(where + ": parameter '" + key + "' is required");
            }
            List<?> list = elements(value);
            if (list.isEmpty()) {
                throw bad(key, "a non-empty list of numbers", value);
            }
            double[] out = new double[list.size()];
            for (int i = 0; i < out.length; i++) {
                Double v = number(list.get(i));
                if (v == null || !Double.isFinite(v)) {
                    throw bad(key, "a list of finite numbers", value);
                }
                out[i] = v;
            }
            return out;
        }

        Set<Rolling.Stat> stats(String key) {
            Object value = values.get(key);
            if (value == null) {
                return EnumSet.allOf(Rolling.Stat.class);
            }
            EnumSet<Rolling.Stat> out = EnumSet.noneOf(Rolling.Stat.class);
            for (Object e : elements(value)) {
                if (!(e instanceof CharSequence name)) {
                    throw bad(key, "a list of mean, std, min, max", value);
                }
                try {
                    out.add(Rolling.Stat.fromConfigName(name.toString()));
                } catch (IllegalArgumentException ex) {
                    throw bad(key, "a list of mean, std, min, max", value);
                }
            }
            if (out.isEmpty()) {
                throw bad(key, "a non-empty list of mean, std, min, max", value);
            }
            return out;
        }
    }
}
