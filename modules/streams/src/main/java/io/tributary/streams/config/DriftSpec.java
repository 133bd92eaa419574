package io.tributary.streams.config;

import io.tributary.learn.Task;
import io.tributary.learn.drift.Adwin;
import io.tributary.learn.drift.Ddm;
import io.tributary.learn.drift.DriftDetector;
import io.tributary.learn.drift.PageHinkley;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A model's drift watch, from the {@code drift:} block of its YAML: which detector reads the replica's per-event
 * error (0/1 for classifiers, absolute error for regressors), with which parameters, and what a detection does.
 *
 * @param detector {@code adwin}, {@code page_hinkley} or {@code ddm}
 * @param action   {@code none} (report only) or {@code reset} (a fresh learner takes over; the version keeps growing)
 * @param params   detector parameters, validated by {@link #newDetector()}
 */
public record DriftSpec(String detector, Action action, Map<String, Object> params) {

    public enum Action { NONE, RESET }

    private static final Map<String, Set<String>> PARAMS = Map.of(
            "adwin", Set.of("delta"),
            "page_hinkley", Set.of("delta", "threshold", "alpha", "min_instances"),
            "ddm", Set.of("warning_threshold", "drift_threshold", "min_instances"));

    public DriftSpec {
        detector = detector == null ? "" : detector.trim().toLowerCase(Locale.ROOT);
        params = Map.copyOf(params == null ? Map.of() : params);
        if (!PARAMS.containsKey(detector)) {
            throw new IllegalArgumentException("drift.detector: '" + detector + "' is not one of " + new TreeSet<>(PARAMS.keySet()));
        }
        for (String key : params.keySet()) {
            if (!PARAMS.get(detector).contains(key)) {
                throw new IllegalArgumentException("drift: " + detector + " has no parameter '" + key + "'; allowed: "
                        + new TreeSet<>(PARAMS.get(detector)));
            }
        }
        create(detector, params); // validates the values now, at start-up
    }

    /** Parses the YAML block: {@code {detector: adwin, action: reset, delta: 0.002}}. */
    public static DriftSpec parse(Map<String, Object> block, Task task) {
        Map<String, Object> params = new java.util.HashMap<>(block);
        Object detector = params.remove("detector");
        Object action = params.remove("action");
        if (!(detector instanceof String d)) {
            throw new IllegalArgumentException("drift.detector: required, one of " + new TreeSet<>(PARAMS.keySet()));
        }
        Action a;
        try {
            a = action == null ? Action.NONE : Action.valueOf(String.valueOf(action).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("drift.action: '" + action + "' is not one of none, reset");
        }
        DriftSpec spec = new DriftSpec(d, a, params);
        if (spec.detector().equals("ddm") && task == Task.REGRESSION) {
            throw new IllegalArgumentException("drift: ddm watches a 0/1 error rate; a regression model needs adwin or page_hinkley");
        }
        return spec;
    }

    /** A fresh detector; each model replica has its own. */
    public DriftDetector newDetector() {
        return create(detector, params);
    }

    private static DriftDetector create(String detector, Map<String, Object> params) {
        return switch (detector) {
            case "adwin" -> new Adwin(number(params, "delta", Adwin.DEFAULT_DELTA));
            case "page_hinkley" -> new PageHinkley(integer(params, "min_instances", PageHinkley.DEFAULT_MIN_INSTANCES),
                    number(params, "delta", PageHinkley.DEFAULT_DELTA), number(params, "threshold", PageHinkley.DEFAULT_THRESHOLD),
                    number(params, "alpha", PageHinkley.DEFAULT_ALPHA), PageHinkley.Mode.UP); // errors rising is the drift that hurts
            case "ddm" -> new Ddm(integer(params, "min_instances", Ddm.DEFAULT_MIN_INSTANCES),
                    number(params, "warning_threshold", Ddm.DEFAULT_WARNING_THRESHOLD), number(params, "drift_threshold", Ddm.DEFAULT_DRIFT_THRESHOLD));
            default -> throw new IllegalStateException(detector);
        };
    }

    private static double number(Map<String, Object> params, String key, double fallback) {
        Object v = params.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("drift." + key + ": must be a number, got '" + v + "'");
    }

    private static int integer(Map<String, Object> params, String key, int fallback) {
        Object v = params.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Integer i) {
            return i;
        }
        throw new IllegalArgumentException("drift." + key + ": must be a whole number, got '" + v + "'");
    }
}
