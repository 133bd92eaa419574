package io.tributary.streams.config;

import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Task;
import io.tributary.learn.selection.LossAverage;
import io.tributary.learn.selection.ModelSelector;
import io.tributary.learn.selection.Selectors;
import io.tributary.learn.selection.Strategy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Online model selection, from the {@code selection:} block of a model whose algorithm is {@code model_selection}:
 * several candidate learners see the same events, each is scored prequentially, and the best serves predictions.
 *
 * <pre>{@code
 * selection:
 *   strategy: greedy            # greedy | ucb1 | epsilon_greedy | successive_halving
 *   loss: log_loss              # classifiers: log_loss | zero_one; regressors: squared | absolute
 *   window: 1000                # loss averaged over each candidate's last N evaluations ...
 *   # fading_factor: 0.999      # ... or with a fading factor instead
 *   candidates:
 *     - {name: sgd-0.1, algorithm: logistic_regression, hyperparameters: {optimizer: sgd, learning_rate: 0.1}}
 *     - {name: adagrad, algorithm: logistic_regression, hyperparameters: {optimizer: adagrad, learning_rate: 0.5}}
 * }</pre>
 *
 * Strategy parameters: {@code exploration} (ucb1, default 1), {@code epsilon} and {@code seed} (epsilon_greedy,
 * defaults 0.1 and 42), {@code round_length} (successive_halving, default 1000). The model's transforms sit in front
 * of the selector, so every candidate sees the same transformed features.
 *
 * @param strategy   how events are spent on candidates and who serves
 * @param loss       the loss's config name
 * @param average    how each candidate's losses are averaged
 * @param candidates in order (the first serves until the scores say otherwise; ties go to the earlier one)
 */
public record SelectionSpec(Strategy strategy, String loss, LossAverage average, List<Candidate> candidates) {

    /** One candidate: a name unique within the model, an algorithm and its hyper-parameters. */
    public record Candidate(String name, String algorithm, Map<String, Object> hyperparameters) {
        public Candidate {
            if (name == null || !CANDIDATE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("candidate name '" + name
                        + "' must be 1-64 characters of letters, digits, '.', '_' or '-'");
            }
            if (algorithm == null || algorithm.isBlank()) {
                throw new IllegalArgumentException("candidate '" + name + "': algorithm is required");
            }
            hyperparameters = Map.copyOf(hyperparameters == null ? Map.of() : hyperparameters);
        }
    }

    private static final Pattern CANDIDATE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Set<String> KEYS = Set.of("strategy", "loss", "window", "fading_factor", "exploration",
            "epsilon", "seed", "round_length", "candidates");
    private static final Map<String, Set<String>> STRATEGY_KEYS = Map.of(
            "greedy", Set.of(),
            "ucb1", Set.of("exploration"),
            "epsilon_greedy", Set.of("epsilon", "seed"),
            "successive_halving", Set.of("round_length"));
    private static final Set<String> CANDIDATE_KEYS = Set.of("name", "algorithm", "hyperparameters");

    public SelectionSpec {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(average, "average");
        candidates = List.copyOf(candidates);
        if (candidates.size() < 2) {
            throw new IllegalArgumentException("selection.candidates: at least two candidates are needed to select, got "
                    + candidates.size());
        }
        Set<String> names = new HashSet<>();
        for (Candidate c : candidates) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("selection.candidates: duplicate candidate name '" + c.name() + "'");
            }
        }
    }

    /** Parses the YAML block; the task decides which losses are allowed and the default one. */
    public static SelectionSpec parse(Map<String, Object> block, Task task) {
        for (String key : block.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("selection: unknown key '" + key + "'; allowed: " + new TreeSet<>(KEYS));
            }
        }
        String strategyName = block.containsKey("strategy")
                ? String.valueOf(block.get("strategy")).trim().toLowerCase(Locale.ROOT) : "greedy";
        if (!STRATEGY_KEYS.containsKey(strategyName)) {
            throw new IllegalArgumentException("selection.strategy: '" + strategyName + "' is not one of "
                    + new TreeSet<>(STRATEGY_KEYS.keySet()));
        }
        for (String key : List.of("exploration", "epsilon", "seed", "round_length")) {
            if (block.containsKey(key) && !STRATEGY_KEYS.get(strategyName).contains(key)) {
                throw new IllegalArgumentException("selection." + key + ": the " + strategyName
                        + " strategy takes no '" + key + "'");
            }
        }
        Strategy strategy;
        try {
            strategy = switch (strategyName) {
                case "greedy" -> Strategy.greedy();
                case "ucb1" -> Strategy.ucb1(number(block, "exploration", 1.0));
                case "epsilon_greedy" -> Strategy.epsilonGreedy(number(block, "epsilon", 0.1), (long) integer(block, "seed", 42));
                case "successive_halving" -> Strategy.successiveHalving((int) integer(block, "round_length", 1000));
                default -> throw new IllegalStateException(strategyName);
            };
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("selection.") ? e : new IllegalArgumentException("selection: " + e.getMessage(), e);
        }
        String loss = block.containsKey("loss")
                ? String.valueOf(block.get("loss")).trim().toLowerCase(Locale.ROOT) : Selectors.defaultLoss(task);
        try {
            if (task.isClassification()) {
                Selectors.classificationLoss(loss);
            } else {
                Selectors.regressionLoss(loss);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("selection.loss: " + e.getMessage(), e);
        }
        if (block.containsKey("window") && block.containsKey("fading_factor")) {
            throw new IllegalArgumentException("selection: give either 'window' or 'fading_factor', not both");
        }
        LossAverage average;
        try {
            average = block.containsKey("fading_factor") ? LossAverage.fading(number(block, "fading_factor", 0))
                    : LossAverage.window((int) integer(block, "window", 1000));
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("selection.") ? e : new IllegalArgumentException("selection: " + e.getMessage(), e);
        }
        if (!(block.get("candidates") instanceof List<?> rawCandidates)) {
            throw new IllegalArgumentException("selection.candidates: required, a list of {name, algorithm, hyperparameters}");
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < rawCandidates.size(); i++) {
            String where = "selection.candidates[" + i + "]";
            if (!(rawCandidates.get(i) instanceof Map<?, ?> raw)) {
                throw new IllegalArgumentException(where + ": must be a mapping {name, algorithm, hyperparameters}");
            }
            for (Object key : raw.keySet()) {
                if (!CANDIDATE_KEYS.contains(String.valueOf(key))) {
                    throw new IllegalArgumentException(where + ": unknown key '" + key + "'; allowed: " + new TreeSet<>(CANDIDATE_KEYS));
                }
            }
            Object hyper = raw.get("hyperparameters");
            if (hyper != null && !(hyper instanceof Map<?, ?>)) {
                throw new IllegalArgumentException(where + ".hyperparameters: must be a mapping");
            }
            Map<String, Object> hp = new LinkedHashMap<>();
            if (hyper instanceof Map<?, ?> m) {
                m.forEach((k, v) -> hp.put(String.valueOf(k), v));
            }
            try {
                candidates.add(new Candidate(raw.get("name") == null ? null : String.valueOf(raw.get("name")),
                        raw.get("algorithm") == null ? null : String.valueOf(raw.get("algorithm")), hp));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return new SelectionSpec(strategy, loss, average, candidates);
    }

    /**
     * A fresh selector over fresh candidates for inputs of {@code dimension} (after the model's transforms).
     *
     * @throws IllegalArgumentException naming the candidate whose algorithm or hyper-parameters are wrong
     */
    public ModelSelector newSelector(Task task, int dimension, int numClasses) {
        SequencedMap<String, LearnerSpec> specs = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            try {
                specs.put(c.name(), new LearnerSpec(c.algorithm(), task, dimension, numClasses, c.hyperparameters()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("selection: candidate '" + c.name() + "': " + e.getMessage(), e);
            }
        }
        try {
            return Selectors.create(task, specs, loss, average, strategy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("selection: " + e.getMessage(), e);
        }
    }

    private static double number(Map<String, Object> block, String key, double fallback) {
        Object v = block.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("selection." + key + ": must be a number, got '" + v + "'");
    }

    private static long integer(Map<String, Object> block, String key, long fallback) {
        Object v = block.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        throw new IllegalArgumentException("selection." + key + ": must be a whole number, got '" + v + "'");
    }
}
