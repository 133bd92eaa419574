package io.tributary.streams.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tributary.learn.OnlineLearner;
import io.tributary.learn.Task;
import io.tributary.learn.transform.TransformSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;

/**
 * The whole YAML config file: {@code processor:} (keys of {@link ProcessorConfig}), {@code streams:} (raw Kafka
 * Streams properties, passed through) and {@code models:} (a list of {@link ModelDefinition}).
 *
 * <p>Parsing is strict: an unknown key anywhere is an error naming its path, because a silently ignored
 * typo ({@code learnig_rate}) would train a different model than the one the user thinks they declared.
 */
public record TributaryConfig(ProcessorConfig processor, Map<String, Object> streams, List<ModelDefinition> models) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP_KEYS = Set.of("processor", "streams", "models");
    private static final Set<String> MODEL_KEYS =
            Set.of("name", "task", "algorithm", "features", "classes", "num_classes", "hyperparameters", "drift", "transforms", "selection", "scope", "keyed", "global");
    private static final Set<String> FEATURE_KEYS = Set.of("layout", "dimension", "names");

    public TributaryConfig {
        streams = Map.copyOf(streams);
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("models: declare at least one model");
        }
    }

    public static TributaryConfig load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString(), Map.of());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses YAML from a stream. {@code overrides} replace {@code processor:} keys (e.g. the CLI's --bootstrap).
     * Any problem is an IllegalArgumentException whose message starts with where it is.
     */
    public static TributaryConfig parse(InputStream yaml, String source, Map<String, ?> overrides) {
        Map<String, Object> root;
        try {
            Object tree = YAML.readValue(yaml, Object.class);
            root = tree == null ? Map.of() : asMap(tree, "top level");
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(source + ": not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": cannot read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
        try {
            checkKeys(root.keySet(), TOP_KEYS, "top level");
            Map<String, Object> processorValues = new HashMap<>();
            asMap(root.getOrDefault("processor", Map.of()), "processor").forEach((k, v) -> processorValues.put(k, String.valueOf(v)));
            Set<String> known = ProcessorConfig.definition().names();
            checkKeys(processorValues.keySet(), known, "processor");
            overrides.forEach((k, v) -> processorValues.put(k, String.valueOf(v)));
            ProcessorConfig processor;
            try {
                processor = new ProcessorConfig(processorValues);
            } catch (ConfigException e) {
                throw new IllegalArgumentException("processor: " + e.getMessage(), e);
            }
            Map<String, Object> streams = new LinkedHashMap<>(asMap(root.getOrDefault("streams", Map.of()), "streams"));
            List<ModelDefinition> models = new ArrayList<>();
            Set<String> names = new HashSet<>();
            List<?> rawModels = root.get("models") instanceof List<?> list ? list : null;
            if (rawModels == null) {
                throw new IllegalArgumentException("models: a list of models is required");
            }
            for (int i = 0; i < rawModels.size(); i++) {
                String where = "models[" + i + "]";
                ModelDefinition model = parseModel(asMap(rawModels.get(i), where), where);
                if (!names.add(model.name())) {
                    throw new IllegalArgumentException(where + ": duplicate model name '" + model.name() + "'");
                }
                models.add(model);
            }
            return new TributaryConfig(processor, streams, models);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static ModelDefinition parseModel(Map<String, Object> m, String where) {
        checkKeys(m.keySet(), MODEL_KEYS, where);
        String name = requiredString(m, "name", where);
        where = where + " ('" + name + "')";
        Task task = parseTask(requiredString(m, "task", where), where);
        String algorithm = requiredString(m, "algorithm", where);
        Map<String, Object> features = asMap(required(m, "features", where), where + ".features");
        checkKeys(features.keySet(), FEATURE_KEYS, where + ".features");
        FeatureLayout layout = parseLayout(String.valueOf(features.getOrDefault("layout", "dense")), where);
        List<String> featureNames = stringList(features.get("names"), where + ".features.names");
        int dimension;
        if (layout == FeatureLayout.NAMED) {
            if (featureNames.isEmpty()) {
                throw new IllegalArgumentException(where + ".features.names: the named layout needs a list of feature names");
            }
            if (new HashSet<>(featureNames).size() != featureNames.size()) {
                throw new IllegalArgumentException(where + ".features.names: names must be distinct");
            }
            dimension = featureNames.size();
        } else {
            if (!featureNames.isEmpty()) {
                throw new IllegalArgumentException(where + ".features.names: only the named layout takes names");
            }
            dimension = positiveInt(required(features, "dimension", where + ".features"), where + ".features.dimension");
            if (layout == FeatureLayout.HASHED && Integer.bitCount(dimension) != 1) {
                throw new IllegalArgumentException(where + ".features.dimension: the hashed layout needs a power of two "
                        + "(e.g. 1048576 = 2^20), got " + dimension);
            }
        }
        List<String> classes = stringList(m.get("classes"), where + ".classes");
        int numClasses = switch (task) {
            case REGRESSION -> 0;
            case BINARY_CLASSIFICATION -> 2;
            case MULTICLASS_CLASSIFICATION -> m.containsKey("num_classes")
                    ? positiveInt(m.get("num_classes"), where + ".num_classes")
                    : classes.size();
        };
        if (task == Task.REGRESSION && (m.containsKey("classes") || m.containsKey("num_classes"))) {
            throw new IllegalArgumentException(where + ": a regression model takes no classes");
        }
        Map<String, Object> hyper = asMap(m.getOrDefault("hyperparameters", Map.of()), where + ".hyperparameters");
        DriftSpec drift;
        try {
            drift = m.containsKey("drift") ? DriftSpec.parse(asMap(m.get("drift"), where + ".drift"), task) : null;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "." + e.getMessage(), e);
        }
        List<TransformSpec> transforms = new ArrayList<>();
        Object rawTransforms = m.get("transforms");
        if (rawTransforms != null && !(rawTransforms instanceof List<?>)) {
            throw new IllegalArgumentException(where + ".transforms: must be a list of {type: ..., <parameters>}");
        }
        if (rawTransforms instanceof List<?> list) {
            for (int t = 0; t < list.size(); t++) {
                Map<String, Object> block = new java.util.LinkedHashMap<>(asMap(list.get(t), where + ".transforms[" + t + "]"));
                if (!(block.remove("type") instanceof String type)) {
                    throw new IllegalArgumentException(where + ".transforms[" + t + "].type: required, one of "
                            + io.tributary.learn.transform.Pipelines.types());
                }
                transforms.add(TransformSpec.of(type, block));
            }
        }
        SelectionSpec selection;
        try {
            selection = m.containsKey("selection") ? SelectionSpec.parse(asMap(m.get("selection"), where + ".selection"), task) : null;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "." + e.getMessage(), e);
        }
        ScopeSpec scope;
        try {
            scope = ScopeSpec.parse(m.get("scope"), m.containsKey("keyed") ? asMap(m.get("keyed"), where + ".keyed") : null,
                    m.containsKey("global") ? asMap(m.get("global"), where + ".global") : null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "." + e.getMessage(), e);
        }
        ModelDefinition model;
        try {
            model = new ModelDefinition(name, task, algorithm, layout, dimension, featureNames, classes, numClasses, hyper,
                    drift, transforms, selection, scope);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        try {
            OnlineLearner learner = model.newLearner(); // fail at start-up, not on the first event, on a bad algorithm or hyper-parameter
            if (scope.global() && io.tributary.learn.mixing.Mixable.of(learner) == null) {
                throw new IllegalArgumentException("scope: global averages the replicas' parameters, which " + learner.algorithm()
                        + " does not expose; use a linear model (linear_regression, logistic_regression, softmax_regression)");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        return model;
    }

    private static Task parseTask(String s, String where) {
        try {
            return Task.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ".task: '" + s + "' is not one of regression, binary_classification, multiclass_classification");
        }
    }

    private static FeatureLayout parseLayout(String s, String where) {
        try {
            return FeatureLayout.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ".features.layout: '" + s + "' is not one of dense, sparse, named, hashed");
        }
    }

    private static void checkKeys(Set<String> keys, Set<String> allowed, String where) {
        for (String key : keys) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key '" + key + "'; allowed: " + new java.util.TreeSet<>(allowed));
            }
        }
    }

    private static Object required(Map<String, Object> m, String key, String where) {
        Object v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException(where + "." + key + ": required");
        }
        return v;
    }

    private static String requiredString(Map<String, Object> m, String key, String where) {
        Object v = required(m, key, where);
        if (!(v instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException(where + "." + key + ": must be a non-empty string");
        }
        return s;
    }

    private static int positiveInt(Object v, String where) {
        if (v instanceof Integer i && i > 0) {
            return i;
        }
        throw new IllegalArgumentException(where + ": must be a positive integer, got " + v);
    }

    private static List<String> stringList(Object v, String where) {
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new IllegalArgumentException(where + ": must be a list");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (o == null) {
                throw new IllegalArgumentException(where + ": null entry");
            }
            out.add(String.valueOf(o));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object v, String where) {
        if (v instanceof Map<?, ?> map) {
            for (Object k : map.keySet()) {
                if (!(k instanceof String)) {
                    throw new IllegalArgumentException(where + ": keys must be strings, got " + k);
                }
            }
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException(where + ": must be a mapping, got " + (v == null ? "nothing" : v.getClass().getSimpleName()));
    }
}
