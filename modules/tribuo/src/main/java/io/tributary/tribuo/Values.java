package io.tributary.tribuo;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads hyper-parameter values the way {@code tributary-learn}'s {@code Learners} does: numbers may be given as
 * numbers or as strings holding one (configs often arrive as text), and every rejection names the key and what is
 * allowed.
 */
final class Values {

    private Values() {
    }

    static double number(String key, Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof CharSequence text) {
            try {
                return Double.parseDouble(text.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "hyper-parameter '" + key + "' must be a number, got '" + text + "'", e);
            }
        }
        throw new IllegalArgumentException("hyper-parameter '" + key + "' must be a number, got " + describe(value));
    }

    /** A finite number {@code > 0}. */
    static double positive(Map<String, ?> hp, String key, double fallback) {
        if (!hp.containsKey(key)) {
            return fallback;
        }
        double v = number(key, hp.get(key));
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(
                    "hyper-parameter '" + key + "' must be a finite number > 0, got " + hp.get(key));
        }
        return v;
    }

    /** A finite number {@code >= 0}. */
    static double nonNegative(Map<String, ?> hp, String key, double fallback) {
        if (!hp.containsKey(key)) {
            return fallback;
        }
        double v = number(key, hp.get(key));
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(
                    "hyper-parameter '" + key + "' must be a finite number >= 0, got " + hp.get(key));
        }
        return v;
    }

    /** A number in {@code (0, 1]}. */
    static double fraction(Map<String, ?> hp, String key, double fallback) {
        if (!hp.containsKey(key)) {
            return fallback;
        }
        double v = number(key, hp.get(key));
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException("hyper-parameter '" + key + "' must be in (0, 1], got " + hp.get(key));
        }
        return v;
    }

    /** An integer in {@code [min, max]}, given as an integral number or a string holding one. */
    static int integer(Map<String, ?> hp, String key, int fallback, int min, int max) {
        return (int) longInteger(hp, key, fallback, min, max);
    }

    static long longInteger(Map<String, ?> hp, String key, long fallback, long min, long max) {
        if (!hp.containsKey(key)) {
            return fallback;
        }
        Object value = hp.get(key);
        long v;
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            v = ((Number) value).longValue();
        } else {
            double d = number(key, value);
            if (d != Math.rint(d) || Math.abs(d) > 0x1p53) {
                throw new IllegalArgumentException("hyper-parameter '" + key + "' must be an integer, got " + value);
            }
            v = (long) d;
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException("hyper-parameter '" + key + "' must be an integer in [" + min + ", "
                    + max + "], got " + value);
        }
        return v;
    }

    /** {@code true}/{@code false}, as a Boolean or a string. */
    static boolean bool(Map<String, ?> hp, String key, boolean fallback) {
        if (!hp.containsKey(key)) {
            return fallback;
        }
        Object value = hp.get(key);
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof CharSequence text) {
            String t = text.toString().trim().toLowerCase(Locale.ROOT);
            if (t.equals("true") || t.equals("false")) {
                return Boolean.parseBoolean(t);
            }
        }
        throw new IllegalArgumentException(
                "hyper-parameter '" + key + "' must be true or false, got " + describe(value));
    }

    static <E> E choice(String key, Object value, String allowed, Function<String, E> parse) {
        if (!(value instanceof CharSequence text)) {
            throw new IllegalArgumentException("hyper-parameter '" + key + "' must be a string (one of " + allowed
                    + "), got " + describe(value));
        }
        try {
            return parse.apply(text.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hyper-parameter '" + key + "' must be one of " + allowed
                    + ", got '" + text + "'", e);
        }
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
    }
}
