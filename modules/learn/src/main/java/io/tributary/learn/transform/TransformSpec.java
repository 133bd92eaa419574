package io.tributary.learn.transform;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What transform to build, in the form configs give it: a type (see {@link Pipelines#types()}) and parameters.
 * {@link Pipelines} checks the type and parameters; values may be numbers, lists of numbers, or strings holding them
 * ({@code "3"}, {@code "0, 2"}), since configs often arrive as text.
 *
 * @param parameters copied; may be null (no parameters)
 */
public record TransformSpec(String type, Map<String, ?> parameters) {

    public TransformSpec {
        Objects.requireNonNull(type, "type");
        if (type.isBlank()) {
            throw new IllegalArgumentException("transform type must not be blank; allowed: "
                    + String.join(", ", Pipelines.types()));
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        if (parameters != null) {
            for (Map.Entry<String, ?> e : parameters.entrySet()) {
                if (e.getKey() == null) {
                    throw new IllegalArgumentException("transform parameter names must not be null");
                }
                if (e.getValue() == null) {
                    throw new IllegalArgumentException("transform parameter '" + e.getKey() + "' has no value (null)");
                }
                copy.put(e.getKey(), e.getValue());
            }
        }
        parameters = Collections.unmodifiableMap(copy);
    }

    public static TransformSpec of(String type) {
        return new TransformSpec(type, Map.of());
    }

    public static TransformSpec of(String type, Map<String, ?> parameters) {
        return new TransformSpec(type, parameters);
    }
}
